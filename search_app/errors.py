"""One error shape: ``{error, status}`` under ``/api``, an HTML page elsewhere.

Every failure goes through here, including ones nobody planned for: those are
logged with their traceback and answered with a generic message, never a
traceback shown to the user.
"""
from flask import current_app, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from indexer.errors import (BaokuError, IndexDamaged, IndexIOFailed, IndexLocked,
                            IndexMismatch, IndexMissing, IndexNotWritable, IndexPointerLost)

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


# What a reader is told when the index cannot answer (the log gets the library's
# own message, with the folder and the fix, for whoever runs the server).
UNAVAILABLE_ZH = (
    (IndexPointerLost, "索引指针（CURRENT）丢失，检索暂停；请管理员运行 baoku recover 恢复"),
    (IndexMissing, "索引尚未建立，请管理员运行 baoku index（或 baoku serve）"),
    (IndexMismatch, "索引由其他版本建立，请管理员运行 baoku index --rebuild 重建"),
    (IndexDamaged, "索引文件已损坏，请管理员运行 baoku check 查明，再用 baoku recover 或 "
                   "baoku index --rebuild 恢复"),
    (IndexIOFailed, "索引文件暂时无法读取（权限或磁盘问题），请管理员检查服务器"),
    (IndexNotWritable, "索引暂时无法写入，请管理员检查服务器"),
    (IndexLocked, "索引正在更新，请稍后再试"),
)


def unavailable_message(exc):
    """The Chinese message a web reader sees for a library error."""
    for kind, message in UNAVAILABLE_ZH:
        if isinstance(exc, kind):
            return message
    return MESSAGES_ZH[503]


def _index_unavailable(exc):
    current_app.logger.warning("index unavailable on %s: %s", request.path, exc)
    return error_response(unavailable_message(exc), 503)


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
