"""The on-disk layout of an index folder: generations, a pointer, a lock.

::

    INDEX_DIR/
      CURRENT          name of the live generation, replaced atomically
      WRITELOCK        fcntl lock held by the one writer (dies with its process)
      gen-000003/      a complete Whoosh index + signature.json
      gen-000004/      being built by ``--rebuild`` (not live until CURRENT says so)

A rebuild writes a whole new generation, then ``os.replace``s CURRENT; readers
never see a half-built index.  Incremental writes go into the live generation,
where Whoosh writes the new table of contents last (temp file + rename), so a
crash leaves the previous commit readable.  A killed writer's fcntl lock is
released by the kernel, so a stale WRITELOCK file is harmless and reused.

A generation is deleted only when a valid CURRENT names another one that
opened: with CURRENT missing, empty or dangling, ``require_pointer`` refuses
every write and names the generations found (``recovery.recover`` repoints it).
"""
import contextlib
import json
import os
import re
import shutil
import time

from whoosh.util.filelock import FcntlLock

from indexer.errors import IndexLocked, IndexPointerLost, from_os_error

POINTER = "CURRENT"
LOCK = "WRITELOCK"
SIGNATURE = "signature.json"
_GEN = re.compile(r"^gen-(\d{6,})$")


def live_generation(index_dir):
    """The live generation's folder, or None when there is no index yet."""
    for _ in range(5):    # CURRENT may move on (and its old target go) as we look
        try:
            with open(os.path.join(index_dir, POINTER), encoding="utf-8",
                      errors="replace") as f:
                name = f.read(100).strip()
        except (FileNotFoundError, NotADirectoryError):
            return None
        path = os.path.join(index_dir, name)
        if _GEN.match(name) and os.path.isdir(path):
            return path
    return None


def new_generation(index_dir):
    """Create and return an empty folder for the next generation."""
    os.makedirs(index_dir, exist_ok=True)
    numbers = [int(m.group(1)) for m in map(_GEN.match, os.listdir(index_dir)) if m]
    path = os.path.join(index_dir, "gen-%06d" % (max(numbers, default=0) + 1))
    os.mkdir(path)
    return path


def activate(index_dir, generation):
    """Make ``generation`` live (atomic: readers see the old or the new one)."""
    _write_atomic(os.path.join(index_dir, POINTER), os.path.basename(generation))


def generation_folders(index_dir):
    """Every ``gen-NNNNNN`` folder in ``index_dir``, oldest first."""
    try:
        names = os.listdir(index_dir)
    except (FileNotFoundError, NotADirectoryError):
        return []
    found = sorted((int(m.group(1)), m.group(0)) for m in map(_GEN.match, names) if m)
    return [os.path.join(index_dir, name) for _, name in found
            if os.path.isdir(os.path.join(index_dir, name))]


def complete(generation):
    """True when a build finished writing ``generation`` (its signature goes in last)."""
    return os.path.exists(os.path.join(generation, SIGNATURE))


def pointer_state(index_dir):
    """What is wrong with CURRENT, in words ('' when it names a generation)."""
    try:
        with open(os.path.join(index_dir, POINTER), encoding="utf-8", errors="replace") as f:
            name = f.read(100).strip()
    except FileNotFoundError:
        return f"{POINTER} is missing"
    if not name:
        return f"{POINTER} is empty"
    if not _GEN.match(name) or not os.path.isdir(os.path.join(index_dir, name)):
        return f"{POINTER} names {name[:40]!r}, which is not there"
    return ""


def require_pointer(index_dir):
    """Raise IndexPointerLost when CURRENT names no generation but finished
    generations are there (they hold an archive: never build over them)."""
    if live_generation(index_dir) is not None:
        return
    found = [os.path.basename(g) for g in generation_folders(index_dir) if complete(g)]
    if found:
        raise IndexPointerLost(
            f"{pointer_state(index_dir)} in {index_dir}, which holds {', '.join(found)}; "
            f"nothing was changed: run `baoku recover --index {index_dir}` to make the "
            f"newest good one live")


def remove_stale(index_dir, live):
    """Delete every generation but ``live`` (left by a rebuild or a crash).

    ``live`` is the generation CURRENT names, and the caller has opened it.
    Open readers keep working: Whoosh maps each compound segment file when it
    opens it, and a mapped file outlives its directory entry.
    """
    if live is None or live != live_generation(index_dir):
        return
    for path in generation_folders(index_dir):
        if path != live:
            shutil.rmtree(path, ignore_errors=True)


def read_signature(generation):
    """The analysis signature recorded in a generation ({} when absent)."""
    try:
        with open(os.path.join(generation, SIGNATURE), encoding="utf-8") as f:
            return json.load(f)
    except (FileNotFoundError, ValueError):
        return {}


def write_signature(generation, signature):
    _write_atomic(os.path.join(generation, SIGNATURE),
                  json.dumps(signature, sort_keys=True))


def _write_atomic(path, text):
    tmp = "%s.%d.tmp" % (path, os.getpid())
    try:
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.remove(tmp)
        raise


@contextlib.contextmanager
def writer_lock(index_dir, timeout=10.0):
    """Hold the index's write lock; wait up to ``timeout`` s, then IndexLocked."""
    lock = FcntlLock(os.path.join(index_dir, LOCK))
    try:
        os.makedirs(index_dir, exist_ok=True)
        acquired = lock.acquire(blocking=False)
    except OSError as error:
        raise from_os_error(error, index_dir) from None
    deadline = time.monotonic() + timeout
    while not acquired:
        if time.monotonic() >= deadline:
            raise IndexLocked(
                f"another writer is updating the index at {index_dir}; "
                f"wait for it to finish and try again")
        time.sleep(0.05)
        acquired = lock.acquire(blocking=False)
    try:
        yield
    finally:
        lock.release()
