"""Slow clients do not starve others (issue 23, deliverable 4): the default `baoku serve`
keeps answering normal requests while a dozen connections trickle their headers or bodies,
a request that takes too long to arrive is dropped, and the per-client rate limit holds
across the workers.

A real `baoku serve` (its defaults: gunicorn workers and threads as the CLI sets them) on a
free loopback port; each slow connection sends a byte a second and never finishes."""
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import pytest

from browsing import free_port

SLOW = 12


def start_serving(index_dir, log_path, *extra, **settings):
    port = free_port()
    command = [sys.executable, "-c", "from search_app.cli import cli; cli()", "serve",
               "--index", str(index_dir), "--port", str(port), *extra]
    env = {k: v for k, v in os.environ.items() if not k.startswith("BAOKU_")}
    with open(log_path, "w") as stderr:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr,
                                   env={**env, **settings})
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return process, port
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(open(log_path).read()) from None
            time.sleep(0.2)


def trickle(port, stop, kind):
    """One slow client after another: headers (or a promised body) a byte a second."""
    while not stop.is_set():
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
                if kind == "headers":
                    s.sendall(b"GET /api/search?q=x HTTP/1.1\r\nHost: x\r\n")
                    filler = b"X-Slow: " + b"a" * 4000
                else:
                    s.sendall(b"POST /api/search HTTP/1.1\r\nHost: x\r\n"
                              b"Content-Length: 4000\r\n\r\n")
                    filler = b"a" * 4000
                for byte in filler:
                    if stop.wait(1.0):
                        return
                    s.sendall(bytes([byte]))
        except OSError:
            if stop.wait(0.2):
                return


def stop_serving(process):
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture()
def server(seed_index, tmp_path):
    process, port = start_serving(seed_index, tmp_path / "serve.log")
    yield port
    stop_serving(process)


def test_normal_requests_are_answered_while_a_dozen_clients_trickle(server):
    port = server
    stop = threading.Event()
    slow = [threading.Thread(target=trickle, args=(port, stop, "headers" if i % 2 else "body"),
                             daemon=True) for i in range(SLOW)]
    for thread in slow:
        thread.start()
    try:
        time.sleep(3)                   # every slow client has started and holds on
        took = []
        for _ in range(8):
            started = time.monotonic()
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/search?q=%E5%B7%A5%E4%BC%9A",
                                        timeout=20) as answer:
                assert answer.status == 200
            took.append(time.monotonic() - started)
            time.sleep(1)
        assert max(took) < 5, took
    finally:
        stop.set()
        for thread in slow:
            thread.join(timeout=5)


def test_a_request_that_takes_too_long_to_arrive_is_dropped(server):
    from search_app.workers import REQUEST_SECONDS
    with socket.create_connection(("127.0.0.1", server), timeout=REQUEST_SECONDS + 10) as s:
        s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
        started = time.monotonic()
        try:
            for _ in range(int(REQUEST_SECONDS) + 8):
                s.sendall(b"X-Slow: 1\r\n")
                time.sleep(1)
        except OSError:
            pass                                    # dropped: the write failed
        else:
            assert s.recv(100) == b""               # dropped: closed before a full request
        assert time.monotonic() - started < REQUEST_SECONDS + 4


def test_the_rate_limit_holds_across_workers(seed_index, tmp_path):
    process, port = start_serving(seed_index, tmp_path / "serve.log", "--workers", "2",
                                  BAOKU_RATELIMIT="20/minute")
    try:
        statuses = []
        for _ in range(60):                 # a new connection each: any worker answers
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/search?q=x",
                                            timeout=10) as answer:
                    statuses.append(answer.status)
            except urllib.error.HTTPError as error:
                statuses.append(error.code)
        assert statuses.count(200) == 20 and statuses.count(429) == 40, statuses
    finally:
        stop_serving(process)


def test_a_client_socket_past_descriptor_1023_is_read():
    """A worker on a million-item index holds ~1,900 files open (its segments'
    memory-mapped files): a client's socket then has a descriptor past 1023,
    which select() refused, making every request a 500.  The deadline wait polls."""
    import resource

    from search_app.workers import DeadlineSocket, TooSlow

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < 1200:
        pytest.skip(f"the system allows {hard} open files")
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, 1200), hard))
    held = [os.open(os.devnull, os.O_RDONLY) for _ in range(1030)]
    try:
        ours, theirs = socket.socketpair()
        assert ours.fileno() > 1023
        wrapped = DeadlineSocket(ours)
        wrapped.start_request(seconds=5)
        theirs.sendall(b"GET / HTTP/1.1\r\n")
        assert wrapped.recv(100) == b"GET / HTTP/1.1\r\n"
        wrapped.start_request(seconds=0.2)      # nothing more comes: dropped, not an error
        with pytest.raises(TooSlow):
            wrapped.recv(100)
        ours.close(), theirs.close()
    finally:
        for fd in held:
            os.close(fd)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
