"""The errors the index library raises: one base class the CLI and web catch.

Each message says what went wrong and what to do about it.
"""


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
