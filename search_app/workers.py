"""gunicorn's worker with Baoku's error shape for the errors gunicorn answers itself.

gunicorn refuses a request line over 8,190 bytes (414), too many or too large
headers (431) and malformed requests (400) before the app sees them, with an
English HTML page.  This worker lets gunicorn decide the status, as it does,
and sends ``{"error": "<Chinese message>", "status": N}`` instead, the same
shape as every other error (documented in /api/openapi.json).

It also bounds how long a client may take to send its request: gunicorn's
threaded worker waits for a connection's first bytes without a thread, but then
reads the request line, headers and body in a thread with no time limit, so a
dozen clients sending a byte a second (slowloris) held every thread and normal
requests timed out.  Here a request must arrive whole within
``REQUEST_SECONDS`` of its first byte (reading its body included); a slower
client is disconnected and its thread freed.
"""
import json
import select
import time

from gunicorn import util
from gunicorn.http.errors import NoMoreData
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


REQUEST_SECONDS = 10.0     # to send a whole request (line, headers, body) once it starts


class TooSlow(NoMoreData):
    """The client did not send its request in time (gunicorn closes quietly)."""


class DeadlineSocket:
    """A client socket whose reads fail once the request's deadline has passed.

    Only reads are bounded (the response is written without a limit: a large
    export to a slow reader is not an attack on the threads of others)."""

    def __init__(self, sock):
        self._sock = sock
        self.deadline = None

    def start_request(self, seconds=REQUEST_SECONDS):
        self.deadline = time.monotonic() + seconds

    def recv(self, size, *flags):
        self._wait()
        return self._sock.recv(size, *flags)

    def recv_into(self, buffer, *args):
        self._wait()
        return self._sock.recv_into(buffer, *args)

    def _wait(self):
        if self.deadline is None:
            return
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise TooSlow(b"")
        # poll, not select: a worker on a large index holds a thousand and more
        # files open (each segment's memory-mapped files), and select() refuses a
        # descriptor past 1023 ("filedescriptor out of range": every request a 500)
        waiting = select.poll()
        waiting.register(self._sock, select.POLLIN)
        if not waiting.poll(left * 1000):
            raise TooSlow(b"")

    def __getattr__(self, name):
        return getattr(self._sock, name)


class BaokuWorker(ThreadWorker):
    """gunicorn's threaded worker; its own error answers in Baoku's shape, and a
    request that takes more than REQUEST_SECONDS to arrive is dropped."""

    def handle(self, conn):
        if not self.cfg.is_ssl:         # TLS keeps data select() cannot see: not wrapped
            if not isinstance(conn.sock, DeadlineSocket):
                conn.sock = DeadlineSocket(conn.sock)
            conn.sock.start_request()
        return super().handle(conn)

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
