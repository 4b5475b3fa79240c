"""What guards every response: CORS on /api only, size and rate limits, safe headers."""
from flask import abort, request
from flask_cors import CORS

from .config import cors_origins

# Pages load only their own CSS and JS; nothing inline, no frames, no plugins.
PAGE_POLICY = ("default-src 'self'; img-src 'self' data:; style-src 'self'; "
               "script-src 'self'; object-src 'none'; base-uri 'none'; "
               "form-action 'self'; frame-ancestors 'self'")


def init_app(app):
    """Install CORS, limits and headers on ``app``."""
    origins = cors_origins(app.config["BAOKU_CORS_ORIGINS"])
    CORS(app, resources={r"/api/*": {"origins": origins}}, methods=["GET", "HEAD", "OPTIONS"],
         send_wildcard=origins == "*")
    app.before_request(_refuse_large_bodies)
    app.after_request(_safe_headers)
    if app.config.get("BAOKU_RATELIMIT"):
        _install_rate_limit(app, app.config["BAOKU_RATELIMIT"])


def _refuse_large_bodies():
    # GET routes never read the body, so Flask's own MAX_CONTENT_LENGTH check
    # would not fire: refuse by the declared length up front.
    limit = request.max_content_length
    if limit is not None and (request.content_length or 0) > limit:
        abort(413)


def _safe_headers(response):
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    if response.mimetype == "text/html":
        response.headers.setdefault("Content-Security-Policy", PAGE_POLICY)
    return response


def _install_rate_limit(app, limit):
    """Per-client limit (Flask-Limiter, in memory per worker); /healthz is exempt."""
    from flask_limiter import Limiter
    from flask_limiter.util import get_remote_address

    Limiter(get_remote_address, app=app, default_limits=[limit],
            storage_uri="memory://", headers_enabled=True,
            default_limits_exempt_when=lambda: request.path == "/healthz")
