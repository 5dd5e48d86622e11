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
DOWNLOAD_DELAY = float(os.environ.get("SSO_DOWNLOAD_DELAY", "1.0"))
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = DOWNLOAD_DELAY
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 60

# Back off on 429 and 5xx: retried with Scrapy's retry middleware (exponential via throttle).
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [429, 500, 502, 503, 504, 522, 524, 408]

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
    # Replay runs a crawl against saved pages on a local server (see crawlers/replay.py).
    "crawlers.replay.ReplayMiddleware": 120,  # after robots.txt (100): robots of the real host
}
ITEM_PIPELINES = {
    "crawlers.pipelines.ValidateSnapshotPipeline": 100,
    "crawlers.pipelines.RunWriterPipeline": 800,
}
