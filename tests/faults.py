"""Helpers for the fault tests: damaging an index, a small tmpfs, what a folder holds."""
import contextlib
import os
import random
import shutil
import subprocess
from pathlib import Path

import pytest

from indexer.engines.embedded.lifecycle import generations


def copy_index(source, target):
    """A private copy of a (session, read-only) index; its path as a str."""
    shutil.copytree(source, target)
    return str(target)


def tree(folder):
    """{relative path: size} of everything under ``folder`` (to compare before/after)."""
    found = {}
    for top, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = os.path.join(top, name)
            found[os.path.relpath(path, folder)] = (os.path.getsize(path)
                                                    if os.path.isfile(path) else None)
    return found


def live_file(index_dir, suffix):
    """The live generation's (first) file ending in ``suffix``."""
    generation = generations.live_generation(index_dir)
    return Path(generation, sorted(n for n in os.listdir(generation) if n.endswith(suffix))[0])


def damage(index_dir, kind):
    """Damage the live generation as a failing disk or a careless hand would."""
    segment, toc = live_file(index_dir, ".seg"), live_file(index_dir, ".toc")
    if kind == "truncated segment":
        os.truncate(segment, segment.stat().st_size // 2)
    elif kind == "flipped bytes":
        data = bytearray(segment.read_bytes())
        rng = random.Random(3)
        for _ in range(400):
            data[rng.randrange(len(data))] ^= 0xFF
        segment.write_bytes(bytes(data))
    elif kind == "truncated TOC":
        os.truncate(toc, toc.stat().st_size // 3)
    elif kind == "deleted segment":
        segment.unlink()
    else:
        raise ValueError(kind)


DAMAGE = ("truncated segment", "flipped bytes", "truncated TOC", "deleted segment")


@contextlib.contextmanager
def tmpfs(folder, size="8m"):
    """A small tmpfs mounted on ``folder``; skips the test where mounting is not allowed."""
    os.makedirs(folder, exist_ok=True)
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a small tmpfs needs root (to fill a disk for real)")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                          capture_output=True, text=True)
    if done.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield Path(folder)
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def used_bytes(folder):
    stats = os.statvfs(folder)
    return (stats.f_blocks - stats.f_bfree) * stats.f_frsize


def fill(folder, leave_bytes):
    """Fill the file system holding ``folder`` until ``leave_bytes`` are free."""
    stats = os.statvfs(folder)
    free = stats.f_bavail * stats.f_frsize
    with open(os.path.join(folder, "filler"), "wb") as f:
        remaining = max(0, free - leave_bytes)
        while remaining:
            chunk = min(remaining, 1 << 20)
            f.write(b"\0" * chunk)
            remaining -= chunk
