"""Request limits: how big a request may be and, optionally, how often a client may ask.

Baoku's API only reads a few short query parameters, so anything large is refused
before a view runs: a body over ``MAX_CONTENT_LENGTH`` gets 413 and a query string
over ``BAOKU_MAX_QUERY_STRING`` bytes gets 414 (just under gunicorn's 8,190-byte
request line in server.py, so the app, not gunicorn, answers nearly every
over-long request, pages in Chinese HTML; a longer line still gets the JSON
error shape from ``workers.BaokuWorker``; a full-length ``q`` of 500 Chinese
characters is 4,500 bytes once encoded).

A per-client rate limit (Flask-Limiter) is off by default and switched on with
the ``BAOKU_RATELIMIT`` setting (or environment variable), e.g. ``60/minute`` or
``10/second;300/hour``.  Counters live in a SQLite file made for the server
(``ratestore``), which every gunicorn worker shares, so the limit holds across
workers; ``BAOKU_RATELIMIT_STORAGE`` may name another store instead
(``memory://``: per process, right for one worker only; ``redis://host:6379``
for several hosts).
"""
from flask import abort, current_app, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

from . import ratestore
from .config import Defaults

# Never throttled: health checks and the page's own CSS and JS.
EXEMPT_ENDPOINTS = frozenset({"service.healthz", "static"})
WARM_UP = "baoku.warm_up"     # set by server.warm_up: the server's own requests count for no one


def init_limits(app):
    """Apply the size limits and, when configured, the rate limit; return the Limiter or None.

    The settings and their defaults are in ``config.Defaults`` (filled in here
    when ``app`` was not configured from it).
    """
    for key in ("BAOKU_MAX_QUERY_STRING", "BAOKU_RATELIMIT", "BAOKU_RATELIMIT_STORAGE"):
        app.config.setdefault(key, getattr(Defaults, key))
    app.before_request(refuse_oversized)
    return rate_limiter(app)


def refuse_oversized():
    """413 for a body over the limit, 414 for an over-long query string."""
    # GET views never read the body, so Flask's own check would not fire.
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    if limit is not None and (request.content_length or 0) > limit:
        abort(413)
    if len(request.query_string) > current_app.config["BAOKU_MAX_QUERY_STRING"]:
        abort(414)


def rate_limiter(app):
    """A per-client Flask-Limiter on every endpoint, or None when the setting is empty."""
    rate = str(app.config.get("BAOKU_RATELIMIT") or "").strip()
    if not rate:
        return None
    storage = app.config["BAOKU_RATELIMIT_STORAGE"] or ratestore.shared_store_uri()
    return Limiter(
        get_remote_address,
        app=app,
        default_limits=[rate],
        storage_uri=storage,
        headers_enabled=True,
        default_limits_exempt_when=lambda: (request.endpoint in EXEMPT_ENDPOINTS
                                            or request.environ.get(WARM_UP, False)),
    )
