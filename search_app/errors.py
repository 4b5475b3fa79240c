"""One error shape: ``{error, status}`` under ``/api``, an HTML page elsewhere.

Every failure goes through here, including ones nobody planned for: those are
logged with their traceback and answered with a generic message, never a
traceback shown to the user.
"""
from flask import current_app, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from indexer.errors import BaokuError, IndexMismatch, IndexMissing

MESSAGES_ZH = {
    400: "请求参数有误",
    404: "找不到这个页面",
    405: "不支持这种请求方式",
    413: "请求内容过大",
    429: "请求过于频繁，请稍后再试",
    500: "服务器出了点问题",
    503: "检索服务暂不可用",
}


class BadParameter(ValueError):
    """A request parameter the service cannot accept (answered with 400)."""

    def __init__(self, name, message):
        super().__init__(f"parameter '{name}': {message}")
        self.name = name


def error_body(message, status):
    """The JSON error shape shared by every ``/api`` failure."""
    return {"error": message, "status": status}


def wants_json():
    """API paths answer JSON; pages answer HTML."""
    return request.path in ("/api", "/healthz") or request.path.startswith("/api/")


def error_response(message, status):
    """Answer ``status`` in the shape the requested path expects."""
    if wants_json():
        return jsonify(error_body(message, status)), status
    title = MESSAGES_ZH.get(status, MESSAGES_ZH[500] if status >= 500 else MESSAGES_ZH[400])
    page = render_template("error.html", status=status, title=title, message=message)
    return page, status


def _http_error(exc):
    response = error_response(exc.description or exc.name, exc.code)
    if exc.code == 405 and exc.valid_methods:
        response[0].headers["Allow"] = ", ".join(exc.valid_methods)
    return response


def _bad_parameter(exc):
    return error_response(str(exc), 400)


def _index_unavailable(exc):
    if isinstance(exc, IndexMissing):
        hint = "the index has not been built yet: run `baoku index` (or `baoku serve`)"
    elif isinstance(exc, IndexMismatch):
        hint = "the index was built by another version: run `baoku index --rebuild`"
    else:
        hint = "the index cannot be read right now"
    return error_response(hint, 503)


def _unexpected(exc):
    # Never show the traceback; keep it in the log for whoever runs the server.
    current_app.logger.exception("unhandled error on %s", request.path)
    return error_response("internal error", 500)


def register_error_handlers(app):
    """Route every exception to one of the shapes above."""
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(BadParameter, _bad_parameter)
    app.register_error_handler(BaokuError, _index_unavailable)
    app.register_error_handler(Exception, _unexpected)
