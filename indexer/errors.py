"""The errors the index library raises: one base class the CLI and web catch.

Each message says what went wrong and what to do about it.
"""
import errno
import pickle
import struct
import zlib


class BaokuError(Exception):
    """Base class of every error Baoku's library raises on purpose."""


class IndexMissing(BaokuError):
    """There is no index at the given folder (run ``baoku index`` first)."""


class IndexMismatch(BaokuError):
    """The index was built with a different analysis (jieba, dictionary,
    analyzer version) or schema: searching it would silently miss documents."""


class IndexLocked(BaokuError):
    """Another writer holds the index and did not finish within the timeout."""


class IndexBuildFailed(BaokuError):
    """A segment builder process failed or died; nothing was committed, so
    the index is as it was before the run."""


class UnsupportedWhoosh(BaokuError, ImportError):
    """The installed Whoosh is not the version whose internals Baoku relies on."""


class IndexPointerLost(BaokuError):
    """``CURRENT`` is missing, empty or names no generation, but generations are
    there: nothing is deleted or written until ``baoku recover`` repoints it."""


class IndexDamaged(BaokuError):
    """A file of the live generation is missing, truncated or corrupt."""


class IndexNotWritable(BaokuError):
    """The index folder cannot be written (permissions, a read-only mount);
    nothing was changed."""


class DiskFull(IndexNotWritable):
    """The device holding the index filled up; the run removed its own files."""


class IndexIOFailed(BaokuError):
    """Any other I/O error while reading or writing the index."""


class EngineUnavailable(BaokuError):
    """The configured engine is unknown, or cannot be reached (a cluster whose
    coordinator is down)."""


class ArchivePartial(EngineUnavailable):
    """Part of a distributed archive does not answer (its shards are down), and
    what was asked cannot be answered without it."""


class SearchTimeout(BaokuError):
    """A search ran past its time budget (``indexer.searching.budget``) and was
    stopped where the work is done; the query should be narrowed."""


# Errors no query or argument raises: only bad bytes or a failing device (a
# truncated file: EOFError or OSError; flipped bytes: struct, zlib, pickle or
# decode errors).  Others count when Whoosh's readers raise them (faults.py).
FILE_ERRORS = (OSError, EOFError, struct.error, zlib.error, pickle.UnpicklingError,
               UnicodeDecodeError)
_NOT_WRITABLE = {errno.EACCES, errno.EPERM, errno.EROFS}


def from_os_error(error, index_dir, *, changed_nothing=True):
    """The library error for an OSError met while writing the index at ``index_dir``."""
    tail = "; nothing was changed" if changed_nothing else ""
    number = getattr(error, "errno", None)
    if number in (errno.ENOSPC, errno.EDQUOT):
        return DiskFull(f"no space left on the device holding {index_dir}{tail}")
    if number == errno.EROFS:
        return IndexNotWritable(f"the index at {index_dir} is on a read-only file system"
                                f"{tail}; write to it where it is mounted read-write")
    if number in _NOT_WRITABLE:
        where = getattr(error, "filename", None) or index_dir
        return IndexNotWritable(
            f"permission denied writing {where}{tail}; run as a user who may write "
            f"to {index_dir}, or fix its permissions")
    reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
    return IndexIOFailed(f"cannot write the index at {index_dir}: {reason}{tail}; "
                         f"check the device, then run `baoku check --index {index_dir}`")
