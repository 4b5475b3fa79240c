"""Issue 23's reproductions, re-run against a live ``baoku serve`` (either engine).

    python bench/abuse.py http://127.0.0.1:8000

One line per reproduction: its name, the HTTP status, the seconds it took and
``ok`` when the answer is a 4xx in the error shape or a bounded, clean answer.
The ones that need the command line (symbolic links, a huge gzip line,
``cluster stop``, ``baoku delete``) are covered by the tests named at the end.
"""
import concurrent.futures
import csv
import io
import json
import socket
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

FORGED = "WyI0MjlmM2MyMTI4NDYiLCAyMDAwMDAwMDAwLCAieCJd"
NINE_RANGES = " ".join(f"date:{1900 + i}..2030" for i in range(9))
BUDGET_SECONDS = 10     # indexer.searching.budget.SEARCH_SECONDS


def get(base, path, method="GET", headers=None, timeout=60):
    request = urllib.request.Request(base + path, method=method, headers=headers or {})
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            status, body = answer.status, answer.read()
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read()
    return status, body, time.monotonic() - started


def q(**params):
    return urllib.parse.urlencode(params)


def error_shape(status, body):
    if not 400 <= status < 600:
        return False
    try:
        found = json.loads(body)
    except ValueError:
        return False
    return set(found) == {"error", "status"} and found["status"] == status


def refused(base, path):
    status, body, seconds = get(base, path)
    return status, seconds, 400 <= status < 500 and error_shape(status, body)


def bounded(base, path):
    """A 4xx in the error shape, or an answer within the search budget (10 s)."""
    status, body, seconds = get(base, path)
    return status, seconds, (400 <= status < 500 and error_shape(status, body)) or (
        status == 200 and seconds < BUDGET_SECONDS)


def cheap_while_expensive(base):
    """Eight of the most expensive queries the limits let through, and a cheap one."""
    expensive = "/api/search?" + q(q=NINE_RANGES + " 的")
    with concurrent.futures.ThreadPoolExecutor(9) as pool:
        heavy = [pool.submit(get, base, expensive) for _ in range(8)]
        time.sleep(0.5)
        status, _, seconds = get(base, "/api/search?" + q(q="工会", per_page=5))
        statuses = {f.result()[0] for f in heavy}
    return status, seconds, status == 200 and seconds < 5 and statuses <= {200, 429, 503}


def slow_clients(base):
    host, port = urllib.parse.urlsplit(base).hostname, urllib.parse.urlsplit(base).port
    held = []
    for _ in range(12):
        sock = socket.create_connection((host, port), timeout=5)
        sock.sendall(b"GET /api/search?q=x HTTP/1.1\r\nHost: x\r\n")   # never finished
        held.append(sock)
    try:
        status, _, seconds = get(base, "/api/search?" + q(q="工会", per_page=5))
    finally:
        for sock in held:
            sock.close()
    return status, seconds, status == 200 and seconds < 5


def kwic_csv(base):
    status, body, seconds = get(base, "/api/kwic?" + q(q='工会\r\n=HYPERLINK("http://x")',
                                                      format="csv"))
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig", "replace"))))
    cells = [c for row in rows[1:] for c in row]
    clean = not any(c[:1] in "=+-@" for c in cells if c)
    return status, seconds, (status == 200 and clean) or 400 <= status < 500


def export_csv(base):
    status, body, seconds = get(base, "/api/export?" + q(q="工会,=1+1,@SUM(A1)", format="csv"))
    first = next(csv.reader(io.StringIO(body.decode("utf-8-sig", "replace"))), [])
    return status, seconds, (status == 200 and len(first) == 1) or 400 <= status < 500


def atom(base):
    status, body, seconds = get(base, "/feeds/search.atom?" + q(q="工会"))
    try:
        ET.fromstring(body)
        well_formed = True
    except ET.ParseError:
        well_formed = False
    return status, seconds, status == 200 and well_formed


def one_bibtex_entry(base):
    _, body, _ = get(base, "/api/search?" + q(q="", per_page=1))
    hits = json.loads(body).get("hits") or [{"id": "none"}]
    status, body, seconds = get(base, f"/articles/{urllib.parse.quote(hits[0]['id'])}/cite.bib")
    return status, seconds, status == 200 and body.decode().count("@") == 1


def healthz(base):
    status, body, seconds = get(base, "/healthz")
    text = body.decode("utf-8", "replace").lower()
    return status, seconds, status in (200, 503) and "sphinx" not in text and "pymysql" not in text


def host_header(base):
    status, body, seconds = get(base, "/opensearch.xml", headers={"Host": "evil.example"})
    return status, seconds, b"evil.example" not in body or status >= 400


REPRODUCTIONS = [
    ("forged cursor, offset 2e9", lambda b: refused(b, "/api/search?" + q(
        q="工会", per_page=100, cursor=FORGED))),
    ("q = 的 x256", lambda b: refused(b, "/api/search?" + q(q="的" * 256))),
    ("quoted run of 254 工", lambda b: refused(b, "/api/search?" + q(q='"' + "工" * 254 + '"'))),
    ("nine wide date: ranges", lambda b: bounded(b, "/api/search?" + q(q=NINE_RANGES))),
    ("cheap query while 8 expensive run", cheap_while_expensive),
    ("12 slow-header connections", slow_clients),
    ("KWIC CSV: CR/LF and a formula in q", kwic_csv),
    ("export CSV: commas and formulas in q", export_csv),
    ("Atom feed well-formed", atom),
    ("cite.bib: one entry", one_bibtex_entry),
    ("full-width digits in from", lambda b: refused(b, "/api/search?" + q(q="x", **{
        "from": "２０２５"}))),
    ("POST /", lambda b: (lambda s, body, t: (s, t, s == 405))(*get(b, "/", method="POST"))),
    ("/healthz tells no internals", healthz),
    ("Host header in absolute URLs", host_header),
]
ELSEWHERE = ("rate limit across workers (tests/test_ratelimit*), symlinks, a 300 MB gzip line, "
             "cluster stop's pid (tests/test_inputs*, test_cluster*), suggestions after "
             "baoku delete and the keyword cache's bound (tests/test_deleted_suggestions.py)")


def main(base):
    base = base.rstrip("/")
    failed = 0
    for name, run in REPRODUCTIONS:
        try:
            status, seconds, ok = run(base)
        except OSError as error:
            status, seconds, ok = type(error).__name__, 0.0, False
        failed += not ok
        print(f"{'ok  ' if ok else 'FAIL'} {status!s:>5} {seconds:7.2f} s  {name}")
    print(f"checked by tests instead: {ELSEWHERE}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"))
