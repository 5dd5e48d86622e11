"""Scrapy settings: polite by default (robots.txt, identified bot, throttle, cache, back-off)."""

from __future__ import annotations

import os

BOT_NAME = "sso-tracker"
SPIDER_MODULES = ["crawlers.spiders"]
NEWSPIDER_MODULE = "crawlers.spiders"

CONTACT_URL = os.environ.get("SSO_CONTACT_URL", "https://github.com/sso-tracker/sso-tracker")
USER_AGENT = f"sso-tracker/0.1 (+{CONTACT_URL}; standards-leadership research bot)"
ROBOTSTXT_OBEY = True

# Throttle: one request at a time per host, at least 1 s apart, slower when the server is.
CONCURRENT_REQUESTS = 4
CONCURRENT_REQUESTS_PER_DOMAIN = 1
# The scheduler feeds first the hosts with the fewest requests in the downloader, so a host
# on hold (see back-off below) does not fill it while others wait.  This queue requires
# CONCURRENT_REQUESTS_PER_IP = 0 (slots per host, not per IP).
SCHEDULER_PRIORITY_QUEUE = "scrapy.pqueues.DownloaderAwarePriorityQueue"
CONCURRENT_REQUESTS_PER_IP = 0
DOWNLOAD_DELAY = float(os.environ.get("SSO_DOWNLOAD_DELAY", "1.0"))
DOWNLOAD_DELAY_JITTER = 0  # Scrapy's default ±50 % would go below the 1 s minimum
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = DOWNLOAD_DELAY
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 60

# Back off on 408/429/5xx and network errors (crawlers.middlewares.BackoffRetryMiddleware):
# up to RETRY_TIMES retries; meanwhile that host's download slot is closed until its
# Retry-After has passed, else for BACKOFF_BASE_DELAY x 2^(n-1) s before the n-th retry;
# both capped at BACKOFF_MAX_DELAY.  Other hosts are downloaded meanwhile.
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [429, 500, 502, 503, 504, 522, 524, 408]
BACKOFF_BASE_DELAY = 5.0
BACKOFF_MAX_DELAY = 300.0

# Cache responses (RFC 2616 policy honours the servers' caching headers).
HTTPCACHE_ENABLED = os.environ.get("SSO_HTTPCACHE", "1") == "1"
HTTPCACHE_POLICY = "scrapy.extensions.httpcache.RFC2616Policy"
HTTPCACHE_DIR = os.environ.get("SSO_HTTPCACHE_DIR", "httpcache")

# Error responses are recorded as failed snapshots, not silently dropped.
HTTPERROR_ALLOW_ALL = True

TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
LOG_LEVEL = os.environ.get("SSO_CRAWL_LOG_LEVEL", "INFO")
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"

DOWNLOADER_MIDDLEWARES = {
    # Scrapy's own, replaced by the fixed versions in crawlers/middlewares.py
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawlers.middlewares.RobotsTxtMiddleware": 100,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawlers.middlewares.BackoffRetryMiddleware": 550,
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "crawlers.middlewares.MetaRefreshMiddleware": 580,
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "crawlers.middlewares.RedirectMiddleware": 600,
    # Replay runs a crawl against saved pages on a local server (see crawlers/replay.py).
    "crawlers.replay.ReplayMiddleware": 120,  # after robots.txt (100): robots of the real host
}
ITEM_PIPELINES = {
    "crawlers.pipelines.ValidateSnapshotPipeline": 100,
    "crawlers.pipelines.RunWriterPipeline": 800,
}
