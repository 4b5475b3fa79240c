"""What a fault in the index folder becomes: one library error, and no debris.

Reading: ``opened`` turns whatever a missing, truncated or corrupt file raises
inside Whoosh's readers (``from_the_files``: struct, zlib, pickle and decode
errors, EOF, Whoosh's own TermNotFound, ...) into ``IndexDamaged``, a
permission problem into ``IndexIOFailed``, each naming the generation and the fix.

Writing: ``removing_new_files`` and ``abandon`` undo a failed run (a full
disk, a read-only mount, a dead builder) -- the files it added to the live
generation are removed, Whoosh's writer is let go even when cancelling it hits
the same full disk -- and ``translated`` gives the one error to show.
"""
import contextlib
import errno
import os
import re
import shutil
import threading
import traceback

import numpy as np
import whoosh
from whoosh.filedb.filestore import FileStorage
from whoosh.index import IndexVersionError

from indexer.errors import (FILE_ERRORS, BaokuError, IndexDamaged, IndexIOFailed,
                            from_os_error)

_TOC = re.compile(r"^_MAIN_(\d+)\.toc$")
FIX = ("run `baoku check --index {dir}` to see what is damaged, then `baoku recover "
       "--index {dir}` (an older good generation) or `baoku index --rebuild PATHS...`")


def damaged(index_dir, generation, error, part=""):
    """The library error for ``error`` raised while reading ``generation``
    (``part``: which file or segment, when known).  An IndexDamaged carries
    ``generation`` and ``detail`` (what is wrong, without the fix)."""
    if isinstance(error, BaokuError):
        return error
    name = os.path.basename(generation or "") or "the index"
    number = getattr(error, "errno", None)
    where = os.path.basename(getattr(error, "filename", None) or "") or part or name
    if number in (errno.EACCES, errno.EPERM):
        return IndexIOFailed(f"permission denied reading {where} of the index at {index_dir}; "
                             f"run as a user who may read it, or fix its permissions")
    kind = type(error).__name__
    if kind == "error":                             # struct.error, zlib.error
        kind = f"{type(error).__module__}.error"
    if isinstance(error, FileNotFoundError):
        detail = f"{where} is missing"
    elif isinstance(error, OSError) and number not in (None, 0):
        detail = f"{where}: {error.strerror or error}"
    else:
        detail = (f"{part}: " if part else "") + f"{kind}: {str(error)[:120] or 'unreadable'}"
    problem = IndexDamaged(f"the index at {index_dir} is damaged ({name}: {detail}); "
                           + FIX.format(dir=index_dir))
    problem.generation, problem.detail = name, detail
    return problem


@contextlib.contextmanager
def opened(index_dir, generation, part=""):
    """Run the block; a data or I/O error from the files becomes ``damaged(...)``."""
    try:
        yield
    except BaokuError:
        raise
    except Exception as error:      # noqa: BLE001 - what bad bytes raise is open-ended
        if not from_the_files(error):
            raise
        raise damaged(index_dir, generation, error, part) from error


_WHOOSH = os.path.dirname(whoosh.__file__)
_HERE = os.path.dirname(__file__)
# Where reading the files happens: Whoosh's codec, file tables, columns and
# readers, and the two modules here that decode what they read (stored records,
# posting blocks).  Whoosh's query code is not here: a query it cannot run is
# the searcher's business (results.py), and a bug elsewhere stays a bug.
_READERS = tuple(os.path.join(_WHOOSH, part) for part in
                 ("codec", "filedb", "columns.py", "reading.py", "index.py")) + (
    os.path.join(_HERE, "schema.py"),
    os.path.join(os.path.dirname(_HERE), "whooshinternals"),
    os.path.join(os.path.dirname(_HERE), "arrays", "segment"))     # segment files


def from_the_files(error):
    """True when ``error`` came from reading the index's files: an error only
    bad bytes or a failing device raise (``FILE_ERRORS``), or one raised where
    Whoosh or this package decode what they read -- not a caller's bad argument."""
    if isinstance(error, FILE_ERRORS):
        return True
    if isinstance(error, (BaokuError, ImportError, IndexVersionError)):
        return False            # another Whoosh or schema: IndexMismatch's business
    return any(frame.f_code.co_filename.startswith(_READERS)
               for frame, _ in traceback.walk_tb(error.__traceback__))


_DATA_CODE = (_WHOOSH + os.sep, os.path.dirname(np.__file__) + os.sep)


def handling_data(error):
    """True when ``error`` was raised while Whoosh or numpy handled what was read
    (a reason to verify the index before calling it a bug)."""
    return any(frame.f_code.co_filename.startswith(_DATA_CODE)
               for frame, _ in traceback.walk_tb(error.__traceback__))


def write_error(error, index_dir):
    """The error to show for a failed write: an OS error (a builder's too)
    names the device or the permission; a data error in the segments that a
    commit merges means a damaged index; any other error stays itself."""
    if isinstance(error, OSError) or getattr(error, "errno", None) is not None:
        return from_os_error(error, index_dir)
    if from_the_files(error):
        return damaged(index_dir, None, error)
    return error


@contextlib.contextmanager
def translated(index_dir):
    """Run a write; its failure becomes ``write_error(...)``."""
    try:
        yield
    except Exception as error:
        better = write_error(error, index_dir)
        if better is error:
            raise
        raise better from error


@contextlib.contextmanager
def removing_new_files(generation):
    """Run a write into ``generation``; if it fails before committing, remove
    every file and folder it added (segments, MAIN.tmp/, a new TOC's temp file)."""
    before = set(os.listdir(generation))
    try:
        yield
    except BaseException:
        now = set(_listing(generation))
        if _latest_toc(now) == _latest_toc(before):      # nothing was committed
            for name in now - before:
                _remove(os.path.join(generation, name))
        raise


@contextlib.contextmanager
def removing_generation(generation):
    """Run a build of the new ``generation``; if it fails, remove the folder."""
    try:
        yield
    except BaseException:
        shutil.rmtree(generation, ignore_errors=True)
        raise


class TidyStorage(FileStorage):
    """Whoosh's file storage (without mmap), but a block run inside
    ``closing_on_failure()`` that fails closes every file it opened or created,
    here and in the temporary storage (MAIN.tmp/): Whoosh leaves them to the
    garbage collector when a table of contents is truncated or the disk fills,
    and an unlinked file that is still open keeps its space."""

    def __init__(self, path, tracker=None):
        super().__init__(path, supports_mmap=False)
        self._tracker = tracker or threading.local()

    def _track(self, f):
        files = getattr(self._tracker, "files", None)
        if files is not None:
            files.append(f)
        return f

    def open_file(self, name, *args, **kwargs):
        return self._track(super().open_file(name, *args, **kwargs))

    def create_file(self, name, *args, **kwargs):
        return self._track(super().create_file(name, *args, **kwargs))

    def temp_storage(self, name=None):
        temp = TidyStorage(os.path.join(self.folder, name or f"{os.getpid()}.tmp"),
                           self._tracker)
        return temp.create()

    @contextlib.contextmanager
    def closing_on_failure(self):
        outer = getattr(self._tracker, "files", None)
        self._tracker.files = files = []
        try:
            yield
        except BaseException:
            for f in files:
                with contextlib.suppress(Exception):
                    f.close()
                with contextlib.suppress(Exception):
                    f.file.close()      # what StructFile.close skips when a flush fails
            raise
        finally:
            self._tracker.files = outer
            if outer is not None:
                outer.extend(files)


def abandon(writer):
    """Cancel a Whoosh writer after a failure; cancelling may fail the same way
    (it flushes files onto the full disk), and must not hide the first error."""
    if getattr(writer, "is_closed", True):
        return
    with contextlib.suppress(Exception):
        writer.cancel()
    for name in ("perdocwriter", "fieldwriter"):
        with contextlib.suppress(Exception):
            getattr(writer, name).close()
    lock = getattr(writer, "writelock", None)
    if lock is not None and not writer.is_closed:
        with contextlib.suppress(Exception):
            lock.release()
    writer.is_closed = True


def _listing(folder):
    try:
        return os.listdir(folder)
    except OSError:
        return []


def _latest_toc(names):
    return max((int(m.group(1)) for m in map(_TOC.match, names) if m), default=None)


def _remove(path):
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(OSError):
            os.remove(path)
