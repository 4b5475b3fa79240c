"""Running the service for real: gunicorn with threaded workers, an index built on first run.

Flask's development server is used only when asked for (``baoku serve --debug``).
"""
import ctypes
import ctypes.util
import os

from gunicorn.app.base import BaseApplication

from indexer.errors import BaokuError, IndexMissing
from indexer.reading.sources import read_records
from search_app.config import THREADS
from search_app.limits import WARM_UP

# gunicorn refuses longer request lines and headers before Flask sees them (8190 is
# gunicorn's maximum); workers.BaokuWorker answers those in the JSON error shape.
WORKER_CLASS = "search_app.workers.BaokuWorker"
LIMITS = {"limit_request_line": 8190, "limit_request_fields": 100,
          "limit_request_field_size": 8190}


class GunicornServer(BaseApplication):
    """gunicorn embedded: our options, our app object, no command-line parsing."""

    def __init__(self, app, options):
        self.application = app
        self.options = options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        return self.application


def serving_state(engine, seeds):
    """Before serving: ``{build: True}`` when there is no index yet (build one
    from ``seeds``), ``{problem: message}`` when the index cannot answer
    (damaged, CURRENT lost, another analysis, a cluster down: served anyway,
    503 and /healthz say why), ``{}`` when it is fine.  IndexMissing without
    index or ``seeds``."""
    try:
        engine.document_count()
    except IndexMissing as missing:
        if not os.path.isdir(seeds):
            raise IndexMissing(f"no index at {engine.location} and no {seeds}/ folder to build one "
                               f"from; run `baoku index --index DIR FILES...` first, or pass "
                               f"--seeds DIR") from missing
        return {"build": True}
    except BaokuError as error:
        return {"problem": str(error)}
    return {}


def build_index(engine, sources, *, progress=None, on_problem=None):
    """Index every page and archive under ``sources`` into a new index."""
    records = read_records(sources, on_problem=on_problem)
    return engine.index_records(records, rebuild=True, progress=progress)


def warm_up(app):
    """Before forking, load what every worker would load alike: the word
    dictionaries (one search).  The index itself needs no warming: its
    per-document data is memory-mapped, read as queries ask, and shared by
    the workers through the page cache.  The issue table the home page's
    summary reads is built by a worker's first request that needs it (read
    from every document's columns, it would make the server's start grow
    with the archive)."""
    with app.test_client() as client:
        own = {"environ_base": {WARM_UP: True}}     # not counted by the rate limit
        client.get("/api/search?q=%E5%B7%A5%E4%BC%9A&per_page=1", **own)


def give_back_large_arrays():
    """Have glibc's malloc map every block of 128 KiB or more by itself (inherited
    by the workers, forked after), so a query's large numpy temporaries go back
    to the system when freed: by default the threshold rises after the first such
    free, and a worker's own memory grew with fragments of freed arrays (~85 MB of
    a worker's ~0.9 GB at a million items).  Elsewhere than glibc: nothing."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.mallopt(M_MMAP_THRESHOLD, 128 * 1024)
    except (OSError, AttributeError):
        pass


M_MMAP_THRESHOLD = -3       # glibc's malloc.h


def run(app, engine, *, host="127.0.0.1", port=8000, workers=2, threads=THREADS, debug=False):
    """Serve ``app`` (on ``engine``) until interrupted."""
    if debug:
        app.run(host=host, port=port, debug=True, use_reloader=False, threaded=True)
        return
    warm_up(app)
    give_back_large_arrays()
    options = {"bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
               "workers": workers, "worker_class": WORKER_CLASS, "threads": threads,
               "timeout": 60, "graceful_timeout": 10, "accesslog": "-",
               "errorlog": "-", **LIMITS}
    GunicornServer(app, options).run()
