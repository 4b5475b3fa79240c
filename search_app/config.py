"""Where things live by default, and the service's settings.

Settings come from ``Defaults``, then ``instance/config.py`` (silent when
missing), then environment variables named exactly like the keys
(``BAOKU_INDEX=/srv/index``, ``BAOKU_PAGE_SIZE=20``); a test's ``test_config``
replaces the last two.
"""
import json
import os

from indexer.searching.querysyntax import MAX_QUERY_CHARS


def default_index_dir():
    """The index folder: ``$BAOKU_INDEX``, else ``index`` in Flask's instance folder."""
    configured = os.environ.get("BAOKU_INDEX")
    if configured:
        return configured
    from flask import Flask     # here: the CLI imports this module, and Flask costs its start-up
    return os.path.join(Flask("search_app").instance_path, "index")


class Defaults:
    """Every setting the service reads, with its default."""

    BAOKU_INDEX = None              # None: default_index_dir() at start-up
    BAOKU_ENGINE = None             # None: the folder BAOKU_INDEX; or sphinx://host:port
    BAOKU_CORS_ORIGINS = "*"        # '*' or a comma-separated list of origins
    BAOKU_PAGE_SIZE = 10            # results per page when per_page is absent
    BAOKU_MAX_PER_PAGE = 100
    BAOKU_MAX_PAGE = 100            # with per_page <= 100, at most 10,000 hits deep
    BAOKU_MAX_QUERY_LENGTH = MAX_QUERY_CHARS    # characters of q (the engines read no more)
    BAOKU_MAX_FILTER_VALUES = 50    # values of one facet in one request
    BAOKU_EXPORT_CAP = 10000        # rows of one CSV / JSON Lines export
    BAOKU_FEED_SIZE = 20            # entries of one Atom feed
    BAOKU_KWIC_LINES = 500          # concordance lines the page shows (the API: up to 1,000)
    # Limits (applied in limits.py)
    MAX_CONTENT_LENGTH = 64 * 1024       # bytes of request body (the service only reads GETs)
    MAX_FORM_MEMORY_SIZE = 64 * 1024     # bytes of one non-file form field
    MAX_FORM_PARTS = 100                 # fields in a multipart form
    # bytes: under gunicorn's 8190-byte request line (server.py), leaving room for the
    # method, path and protocol, so the app answers (a page in Chinese HTML) first
    BAOKU_MAX_QUERY_STRING = 8000
    BAOKU_BASE_URL = ""                  # e.g. https://baoku.example.org/: every absolute URL
    BAOKU_TRUST_PROXY = 0                # proxies whose X-Forwarded-* headers are believed
    BAOKU_RATELIMIT = ""                 # e.g. "60/minute" per client; empty = off
    BAOKU_RATELIMIT_STORAGE = ""         # "": a SQLite file all workers share (ratestore.py)


def load_environment(config, environ=os.environ):
    """Copy ``BAOKU_*`` variables into ``config``; JSON values (numbers) are decoded."""
    for key, raw in environ.items():
        if not key.startswith("BAOKU_"):
            continue
        try:
            value = json.loads(raw)
        except ValueError:
            value = raw
        config[key] = value if isinstance(value, (int, float, str)) else raw


def cors_origins(setting):
    """'*' stays '*'; 'https://a, https://b' becomes a list of origins."""
    if isinstance(setting, (list, tuple)):
        return list(setting)
    text = str(setting or "").strip()
    if text in ("", "*"):
        return "*"
    return [origin.strip() for origin in text.split(",") if origin.strip()]


# Threads per worker of ``baoku serve``: a thread waiting on a slow client costs
# little, and workers.REQUEST_SECONDS frees it; enough of them keep normal requests
# answered while a dozen slow clients each hold one (4 a worker starved at 12).
THREADS = 16
