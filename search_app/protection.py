"""What guards every response: CORS on /api only and safe headers (limits: limits.py)."""
from flask_cors import CORS

from .config import cors_origins

# Pages load only their own CSS and JS; nothing inline, no frames, no plugins.
PAGE_POLICY = ("default-src 'self'; img-src 'self' data:; style-src 'self'; "
               "script-src 'self'; object-src 'none'; base-uri 'none'; "
               "form-action 'self'; frame-ancestors 'self'")


def init_app(app):
    """Install CORS and headers on ``app``."""
    origins = cors_origins(app.config["BAOKU_CORS_ORIGINS"])
    CORS(app, resources={r"/api/*": {"origins": origins}}, methods=["GET", "HEAD", "OPTIONS"],
         send_wildcard=origins == "*")
    app.after_request(_safe_headers)


def _safe_headers(response):
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    if response.mimetype == "text/html":
        response.headers.setdefault("Content-Security-Policy", PAGE_POLICY)
    return response
