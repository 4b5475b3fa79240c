"""One error shape: ``{error, status}`` under ``/api``, a Chinese HTML page elsewhere.

Every failure goes through here, including ones nobody planned for: those are
logged with their traceback and answered with a generic message, never a
traceback shown to the user.  A page keeps the reader's query in the search
box and says what to do next (for a bad parameter: the same search without it).
"""
from flask import current_app, jsonify, make_response, render_template, request, url_for
from werkzeug.exceptions import HTTPException

from indexer.errors import (ArchivePartial, BaokuError, EngineUnavailable, IndexDamaged,
                            IndexIOFailed, IndexLocked, IndexMismatch, IndexMissing,
                            IndexNotWritable, IndexPointerLost, SearchTimeout)

from .parameters import PARAMETER_NAMES, BadParameter  # noqa: F401 (raised by the views)

MESSAGES_ZH = {
    400: "请求参数有误",
    404: "找不到这个页面",
    405: "不支持这种请求方式",
    413: "请求内容过大",
    414: "请求地址过长",
    429: "请求过于频繁，请稍后再试",
    500: "服务器出了点问题",
    503: "检索服务暂不可用",
}
DETAILS_ZH = {      # what to do, for errors Werkzeug raises with its own English text
    404: "地址可能输错了，或者这个页面已经不存在。可以在上面的搜索框重新检索。",
    405: "这个地址只接受 GET 请求。",
    413: "报库只接受很小的请求，请去掉请求正文后重试。",
    414: "检索词或筛选条件太多，请缩短检索词或减少筛选条件后重试。",
    429: "请稍等片刻再检索。",
}


def error_body(message, status):
    """The JSON error shape shared by every ``/api`` failure."""
    return {"error": message, "status": status}


def wants_json():
    """API paths answer JSON; pages answer HTML."""
    return request.path in ("/api", "/healthz") or request.path.startswith("/api/")


def _without(name):
    """This page's address without parameter ``name`` (None when it is the search page's q)."""
    args = {key: request.args.getlist(key) for key in request.args if key != name}
    if request.endpoint is None or name == "q" and not args:
        return None
    try:
        return url_for(request.endpoint, **(request.view_args or {}), **args)
    except Exception:  # noqa: BLE001 - an error page must not fail building a link
        return None


def error_response(message, status, *, bad_parameter=None):
    """Answer ``status`` in the shape the requested path expects."""
    if wants_json():
        return jsonify(error_body(message, status)), status
    title = MESSAGES_ZH.get(status, MESSAGES_ZH[500] if status >= 500 else MESSAGES_ZH[400])
    q = request.args.get("q", "")[: current_app.config.get("BAOKU_MAX_QUERY_LENGTH", 500)]
    page = render_template("error.html", status=status, title=title, message=message, q=q,
                           retry=_without(bad_parameter) if bad_parameter else None,
                           bad_parameter=PARAMETER_NAMES.get(bad_parameter, bad_parameter))
    return page, status


def _http_error(exc):
    default = exc.description == type(exc).description   # Werkzeug's English sentence
    message = DETAILS_ZH.get(exc.code, MESSAGES_ZH.get(exc.code, "")) if default or not \
        exc.description else exc.description
    # a page's answer is (html, status), the API's (response, status): one Response either way
    response = make_response(error_response(message, exc.code))
    if exc.code == 405 and exc.valid_methods:
        response.headers["Allow"] = ", ".join(exc.valid_methods)
    return response


def _bad_parameter(exc):
    return error_response(str(exc), 400, bad_parameter=exc.name)


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
    (ArchivePartial, "存档的一部分（部分分片）暂时没有响应，暂时无法显示，请稍后再试"),
    (SearchTimeout, "检索超时：这个检索式太费时，已被中止；请缩小范围（更具体的词、较短的日期范围）后再试"),
    (EngineUnavailable, "检索引擎无法连接或配置有误，请管理员检查 BAOKU_ENGINE 设置和集群状态"
                        "（baoku cluster status）"),
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
    return error_response("服务器内部错误，请稍后再试", 500)


def register_error_handlers(app):
    """Route every exception to one of the shapes above."""
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(BadParameter, _bad_parameter)
    app.register_error_handler(BaokuError, _index_unavailable)
    app.register_error_handler(Exception, _unexpected)
