"""What readers and editors see: list sizes, related stories, editorial rules, search, feeds."""

import os

from newsroom.env import env_bool, env_int, env_list

# --- Public pages ---------------------------------------------------------------------------
ARTICLES_PER_PAGE = 12
LATEST_STORIES_LIMIT = 7
# List pages count at most this many stories (articles/pagination.py).
LIST_COUNT_CAP = env_int("LIST_COUNT_CAP", 10_000)
# Readers' list pages count only this many pages past the one shown (articles/pagination.py).
LIST_PAGES_AHEAD = env_int("LIST_PAGES_AHEAD", 4)
RELATED_STORIES_LIMIT = 6
# How many recent articles per shared tag the related-stories ranking looks at.
RELATED_CANDIDATES_PER_TAG = env_int("RELATED_CANDIDATES_PER_TAG", 300)
# Candidates are ranked by shared tags first; only this many times the list's length of
# article rows are then read, so a popular tag does not load thousands of rows.
RELATED_SHORTLIST_FACTOR = env_int("RELATED_SHORTLIST_FACTOR", 8)
# Public querysets load missed relations for a whole page of rows at once ("peers");
# the test settings use "raise" so a lazy load on a public page fails the suite.
PUBLIC_FETCH_MODE = os.environ.get("PUBLIC_FETCH_MODE", "peers")
TAGGIT_CASE_INSENSITIVE = True

# The most-read list (mostread): its length, how often it is folded and ranked again (seconds),
# how often each worker hands its counted views to the shared cache, how long hourly counts are kept.
MOST_READ_LIMIT = env_int("MOST_READ_LIMIT", 5)
MOST_READ_REFRESH_SECONDS = env_int("MOST_READ_REFRESH_SECONDS", 300)
MOST_READ_FLUSH_SECONDS = env_int("MOST_READ_FLUSH_SECONDS", 5)
MOST_READ_KEEP_DAYS = env_int("MOST_READ_KEEP_DAYS", 30)

# --- Editorial ------------------------------------------------------------------------------
# How long a signed preview link for an outside reviewer stays valid.
PREVIEW_LINK_MAX_AGE_HOURS = env_int("PREVIEW_LINK_MAX_AGE_HOURS", 72)
# "Report an error": a form sent back sooner than this many seconds is taken for a script.
REPORT_ERROR_MIN_SECONDS = env_int("REPORT_ERROR_MIN_SECONDS", 3)
# "Being edited by": a change form counts as open this long after its last 20-second ping (one missed
# ping is forgiven; someone who left drops out within a minute).
EDITORIAL_PRESENCE_SECONDS = env_int("EDITORIAL_PRESENCE_SECONDS", 40)

# --- Search, feeds, sitemaps ----------------------------------------------------------------
# PostgreSQL text-search configuration (stemming, stop words) for the site search.
SEARCH_CONFIG = os.environ.get("SEARCH_CONFIG", "english")
SEARCH_RESULTS_PER_PAGE = env_int("SEARCH_RESULTS_PER_PAGE", 10)
# Matches counted (and paged through) at most; beyond it the page says "More than 1000 results".
SEARCH_MAX_COUNT = env_int("SEARCH_MAX_COUNT", 1000)
# Items in each RSS/Atom feed; articles per page of the article sitemap.
FEED_ITEMS = env_int("FEED_ITEMS", 30)
SITEMAP_PAGE_SIZE = env_int("SITEMAP_PAGE_SIZE", 5000)
# The Google News sitemap: stories of the last two days, at most 1000 (Google's own limits).
NEWS_SITEMAP_DAYS = 2
NEWS_SITEMAP_LIMIT = 1000

# --- Benchmark ------------------------------------------------------------------------------
# /bench/baseline/: a bare view that bench/run.sh measures every page against. Off unless asked for.
BENCH_BASELINE_VIEW = env_bool("BENCH_BASELINE_VIEW", False)

# --- Evidence (citations and the retraction watch) ------------------------------------------
# Where identifiers are looked up; tests point these at a local server.
CROSSREF_API_URL = os.environ.get("CROSSREF_API_URL", "https://api.crossref.org")
PUBMED_API_URL = os.environ.get("PUBMED_API_URL", "https://eutils.ncbi.nlm.nih.gov/entrez/eutils")
CLINICALTRIALS_API_URL = os.environ.get("CLINICALTRIALS_API_URL", "https://clinicaltrials.gov/api/v2")
# The services ask callers to name themselves with a contact address (Crossref's "polite pool").
EVIDENCE_CONTACT_EMAIL = os.environ.get("EVIDENCE_CONTACT_EMAIL", "editors@example.org")
# An editor waits for a lookup while saving: keep it short, the fields can be typed by hand.
EVIDENCE_HTTP_TIMEOUT = float(os.environ.get("EVIDENCE_HTTP_TIMEOUT", "4"))
EVIDENCE_MAX_RESPONSE_BYTES = 2_000_000
EVIDENCE_LOOKUP_CACHE_SECONDS = env_int("EVIDENCE_LOOKUP_CACHE_SECONDS", 7 * 24 * 3600)
# check_citations: the pause between two calls to a service, and how long a check stays fresh.
EVIDENCE_CHECK_PAUSE_SECONDS = float(os.environ.get("EVIDENCE_CHECK_PAUSE_SECONDS", "1"))
EVIDENCE_RECHECK_HOURS = env_int("EVIDENCE_RECHECK_HOURS", 20)

# --- WordPress import (import_wordpress --fetch-media) --------------------------------------
# Files are fetched from public addresses only. Networks listed here (comma-separated, e.g.
# "127.0.0.2/32"; tests and a migration inside a private network) may be fetched from too.
IMPORT_ALLOW_PRIVATE_ADDRESSES = env_list("IMPORT_ALLOW_PRIVATE_ADDRESSES")
# Each download: seconds to connect and between two reads, seconds in all, and bytes at most.
IMPORT_FETCH_TIMEOUT = float(os.environ.get("IMPORT_FETCH_TIMEOUT", "10"))
IMPORT_FETCH_DEADLINE = float(os.environ.get("IMPORT_FETCH_DEADLINE", "60"))
IMPORT_FETCH_MAX_BYTES = env_int("IMPORT_FETCH_MAX_BYTES", 25 * 1024 * 1024)
