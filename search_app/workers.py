"""gunicorn's worker with Baoku's error shape for the errors gunicorn answers itself.

gunicorn refuses a request line over 8,190 bytes (414), too many or too large
headers (431) and malformed requests (400) before the app sees them, with an
English HTML page.  This worker lets gunicorn decide the status, as it does,
and sends ``{"error": "<Chinese message>", "status": N}`` instead, the same
shape as every other error (documented in /api/openapi.json).
"""
import json

from gunicorn import util
from gunicorn.workers.gthread import ThreadWorker

from .errors import error_body

SERVER_MESSAGES = {
    400: "请求格式有误，请检查地址后重试",
    414: "请求地址过长（超过 8190 字节）：请缩短检索词或减少筛选条件",
    431: "请求头过大或过多，请清除本站的 Cookie 后重试",
    500: "服务器内部错误，请稍后再试",
}


class _Captured:
    """Stands in for the client's socket while gunicorn writes its own error page."""

    def __init__(self):
        self.data = b""

    def gettimeout(self):
        return 0.0

    def sendall(self, data):
        self.data += data


def error_response_bytes(status, reason):
    """A complete HTTP response carrying the JSON error shape."""
    message = SERVER_MESSAGES.get(status, SERVER_MESSAGES[400 if status < 500 else 500])
    body = json.dumps(error_body(message, status), ensure_ascii=False).encode("utf-8")
    head = (f"HTTP/1.1 {status} {reason}\r\nConnection: close\r\n"
            f"Content-Type: application/json; charset=utf-8\r\n"
            f"Content-Length: {len(body)}\r\n\r\n")
    return head.encode("latin-1") + body


class BaokuWorker(ThreadWorker):
    """gunicorn's threaded worker; its own error answers in Baoku's shape."""

    def handle_error(self, req, client, addr, exc):
        captured = _Captured()
        super().handle_error(req, captured, addr, exc)     # logs, picks the status
        status_line = captured.data.split(b"\r\n", 1)[0].decode("latin-1")
        try:
            _, code, reason = status_line.split(" ", 2)
            status = int(code)
        except ValueError:
            status, reason = 500, "Internal Server Error"
        try:
            util.write_nonblock(client, error_response_bytes(status, reason))
        except Exception:  # noqa: BLE001 - the client may be gone; gunicorn does the same
            self.log.debug("Failed to send error message.")
