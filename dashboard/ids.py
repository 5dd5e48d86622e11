"""Component ids, prefixed by page so that no two pages can collide."""

# Share over time ("/")
SHARE_BODY = "share-body"
SHARE_TOPIC = "share-topic"
SHARE_FAMILY = "share-family"
SHARE_ROLES = "share-roles"
SHARE_WEIGHTS = "share-weights"
SHARE_ATTRIBUTION = "share-attribution"
SHARE_DATES = "share-dates"
SHARE_FREQ = "share-freq"
SHARE_TOP = "share-top"
SHARE_CHART = "share-chart"
SHARE_INACTIVE = "share-inactive"
SHARE_GRAPH = "share-graph"
SHARE_TABLE = "share-table"
SHARE_CSV = "share-csv"
SHARE_QUERY = "share-query"
SHARE_URL_SYNC = "share-url-sync"
SHARE_DRILL = "share-drill"
SHARE_SUMMARY = "share-summary"

# Posts behind a number ("/posts")
POSTS_TABLE = "posts-table"
POSTS_CSV = "posts-csv"

# Appointments feed ("/events")
EVENTS_BODY = "events-body"
EVENTS_KINDS = "events-kinds"
EVENTS_TOPIC = "events-topic"
EVENTS_FAMILY = "events-family"
EVENTS_DATES = "events-dates"
EVENTS_TABLE = "events-table"
EVENTS_CSV = "events-csv"
EVENTS_QUERY = "events-query"
EVENTS_URL_SYNC = "events-url-sync"
EVENTS_COUNT = "events-count"

# Group ("/group") and person ("/person") pages
GROUP_SEARCH = "group-search"
GROUP_SEARCH_BODY = "group-search-body"
GROUP_RESULTS = "group-results"
GROUP_OFFICERS = "group-officers"
GROUP_TIMELINE = "group-timeline"
GROUP_TREE = "group-tree"
PERSON_SEARCH = "person-search"
PERSON_RESULTS = "person-results"
PERSON_TIMELINE = "person-timeline"
PERSON_POSTS = "person-posts"

# AI study ("/ai-study")
STUDY_GRAPH = "study-graph"
STUDY_TABLE = "study-table"
STUDY_GROUPS = "study-groups"

# Proposals ("/proposals")
PROPOSALS_BODY = "proposals-body"
PROPOSALS_TOPIC = "proposals-topic"
PROPOSALS_FAMILY = "proposals-family"
PROPOSALS_METHOD = "proposals-method"
PROPOSALS_TOP = "proposals-top"
PROPOSALS_CONTENT = "proposals-content"
PROPOSALS_QUERY = "proposals-query"
PROPOSALS_URL_SYNC = "proposals-url-sync"

# Data quality ("/quality") and snapshots ("/snapshot")
QUALITY_HEALTH = "quality-health"
QUALITY_BAD = "quality-bad"
QUALITY_UNRESOLVED = "quality-unresolved"
QUALITY_COVERAGE = "quality-coverage"
SNAPSHOT_INFO = "snapshot-info"
SNAPSHOT_PREVIEW = "snapshot-preview"
