"""The service's public address, for every absolute URL it writes.

Permalinks, the canonical link, feed ids, export and concordance URLs,
citations, ``opensearch.xml`` and ``openapi.json`` are built by Flask from the
request's scheme and ``Host`` header, which any client can set.  A deployment
names its address once:

* ``BAOKU_BASE_URL=https://baoku.example.org/archive``: every request is seen as
  made to that scheme, host and path prefix, whatever ``Host`` it carries (a
  request path that still starts with the prefix is accepted too);
* ``BAOKU_TRUST_PROXY=N``: the ``X-Forwarded-For/-Proto/-Host/-Port/-Prefix``
  headers of the N proxies in front are believed (werkzeug's ``ProxyFix``);
  without it they are ignored.  ``BAOKU_BASE_URL`` still wins for the address.

With neither, the request's own ``Host`` is used (a service on a trusted
network, or behind a proxy that sets ``Host`` itself).
"""
from urllib.parse import urlsplit

from werkzeug.middleware.proxy_fix import ProxyFix


def install(app):
    """Wrap ``app.wsgi_app`` as its settings say; a malformed base URL is a ValueError."""
    base = app.config.get("BAOKU_BASE_URL") or ""
    if base:
        app.wsgi_app = PublicBase(app.wsgi_app, base)
    hops = trusted_hops(app.config.get("BAOKU_TRUST_PROXY"))
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops,
                                x_port=hops, x_prefix=hops)


def trusted_hops(setting):
    """How many proxies to believe: 0 (off), or a whole number of hops."""
    if setting in (None, "", False, 0, "0"):
        return 0
    if setting is True or str(setting).strip().lower() in ("true", "yes", "on"):
        return 1
    text = str(setting).strip()
    if not text.isascii() or not text.isdigit():
        raise ValueError(f"BAOKU_TRUST_PROXY must be a number of proxies (1), not {setting!r}")
    return int(text)


class PublicBase:
    """WSGI middleware: every request as if made to ``base_url``."""

    def __init__(self, app, base_url):
        parts = urlsplit(str(base_url).strip())
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.query \
                or parts.fragment or parts.username or parts.password:
            raise ValueError(f"BAOKU_BASE_URL must be an http(s) address such as "
                             f"https://baoku.example.org/ or https://example.org/baoku, "
                             f"not {base_url!r}")
        self.app, self.scheme, self.host = app, parts.scheme, parts.netloc.lower()
        self.server_name = parts.hostname
        self.port = str(parts.port or (443 if parts.scheme == "https" else 80))
        self.prefix = parts.path.rstrip("/")

    def __call__(self, environ, start_response):
        environ.update({"wsgi.url_scheme": self.scheme, "HTTP_HOST": self.host,
                        "SERVER_NAME": self.server_name, "SERVER_PORT": self.port})
        environ.pop("HTTP_X_FORWARDED_HOST", None)
        if self.prefix:
            path = environ.get("PATH_INFO", "")
            if path == self.prefix or path.startswith(self.prefix + "/"):
                environ["PATH_INFO"] = path[len(self.prefix):] or "/"
            environ["SCRIPT_NAME"] = self.prefix
        return self.app(environ, start_response)
