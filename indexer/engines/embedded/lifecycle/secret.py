"""The installation's secret: random bytes that sign what the service gives out.

It lives in the index folder, beside the generations (``INDEX_DIR/secret.key``),
so a rebuild keeps it; it is made on first use, from ``os.urandom``, in a file
only its owner can read (mode 0600) that appears whole or not at all.  Two
processes or threads making it at once agree: the first link wins and all
read it.  A user who can read the index but cannot read or make the secret
(a read-only mount, another owner) still searches, without cursors.
"""
import contextlib
import logging
import os

SECRET = "secret.key"
SECRET_BYTES = 32
log = logging.getLogger(__name__)


def installation_secret(index_dir):
    """The secret of the index at ``index_dir`` (bytes), made when there is none;
    None (and a warning in the log, with the fix) when it cannot be read or made."""
    path = os.path.join(index_dir, SECRET)
    try:
        found = _read(path)
        if found is None:
            _create(path)
            found = _read(path)
    except OSError as error:
        log.warning("cursors are off: cannot read or make the secret %s (%s); run the service "
                    "as the user who owns it (it is made mode 0600 by the first search)",
                    path, error)
        return None
    if found is None or len(found) < SECRET_BYTES:
        log.warning("cursors are off: the secret %s is damaged; delete it (a new one is "
                    "made, and cursors given out so far are refused)", path)
        return None
    return found


def _read(path):
    """The secret's bytes, None when the file is not there (or not hex)."""
    try:
        with open(path, encoding="ascii", errors="replace") as f:
            text = f.read(4 * SECRET_BYTES).strip()
    except FileNotFoundError:
        return None
    try:
        return bytes.fromhex(text)
    except ValueError:
        return b""


def _create(path):
    """Write a new secret to a private temporary file, then link it into place unless
    another process did first (``os.link`` never replaces a file)."""
    tmp = "%s.%d.%s.tmp" % (path, os.getpid(), os.urandom(6).hex())
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(os.urandom(SECRET_BYTES).hex() + "\n")
            f.flush()
            os.fsync(f.fileno())
        with contextlib.suppress(FileExistsError):
            os.link(tmp, path)
    finally:
        with contextlib.suppress(OSError):
            os.remove(tmp)
