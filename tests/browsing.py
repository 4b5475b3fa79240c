"""Test support for browser tests: Debian's Chromium, and pages on another origin."""
import contextlib
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from programs import needs

# Without the background-networking flags Chromium keeps dialling out of a
# machine with no network; --no-sandbox because CI runs as root.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

needs_chromium = needs("chromium")


@contextlib.contextmanager
def other_origin(pages):
    """Serve ``{path: html}`` from another port (another origin); yields its base URL."""
    class Host(BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path not in pages:
                self.send_error(404)
                return
            body = pages[self.path].encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Host)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def free_port():
    """A loopback port nobody listens on right now."""
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def total(page):
    """The hit count a results page shows."""
    return int(page.locator(".count-line").get_attribute("data-total"))


@contextlib.contextmanager
def serving(index_dir, log_path):
    """`baoku serve` (gunicorn, one worker) on a free loopback port; yields its base URL."""
    import subprocess
    import sys
    import time
    import urllib.request
    port = free_port()
    command = [sys.executable, "-c", "from search_app.cli import cli; cli()", "serve",
               "--index", str(index_dir), "--port", str(port), "--workers", "1"]
    with open(log_path, "w") as stderr:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr)
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"baoku serve exited: {open(log_path).read()}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("baoku serve did not come up") from None
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
