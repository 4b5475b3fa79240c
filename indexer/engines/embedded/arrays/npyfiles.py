"""A segment's ``.npy`` files written whole and renamed into place, and mapped
read-only: the one place the arrays of ``segmentfiles`` and ``postingfiles``
meet the disk.

``save``/``save_raw``/``save_strings`` write to a temporary name and rename
(no reader ever sees half a file; False, with nothing left, when the folder
cannot be written).  ``load`` maps a file without reading it; ``searchable``
gives a text blob's bytes to search in place.
"""
import array
import mmap
import os
import re
import shutil
import threading

import numpy as np


def save(folder, name, array):
    """Write ``array`` as ``name`` atomically (a temporary name, then a rename)."""
    return _replaced(folder, name, lambda f: np.save(f, np.ascontiguousarray(array),
                                                     allow_pickle=False))


def save_raw(folder, name, raw, dtype):
    """The bytes of the file ``raw`` as the array file ``name`` of ``dtype``,
    copied a piece at a time (never read whole: a segment's texts are GBs)."""
    size = os.path.getsize(raw) // np.dtype(dtype).itemsize

    def write(f):
        np.lib.format.write_array_header_1_0(f, {"descr": np.dtype(dtype).str,
                                                 "fortran_order": False, "shape": (size,)})
        with open(raw, "rb") as data:
            shutil.copyfileobj(data, f, 1 << 20)
    return _replaced(folder, name, write)


def _replaced(folder, name, write):
    """``write(file)`` to a temporary name, then renamed ``name``; False (and no
    file left) when the folder cannot be written."""
    path = os.path.join(folder, name)
    temp = f"{path}.{os.getpid()}.{threading.get_ident()}.tmp"    # one per writer
    try:
        with open(temp, "wb") as f:
            write(f)
        os.replace(temp, path)
    except OSError:
        try:
            os.remove(temp)
        except OSError:
            pass
        return False
    return True


def save_strings(folder, blob_name, off_name, strings):
    """Write ``strings`` as a blob and its offsets (``Strings``' files), one string
    at a time: the blob goes to a temporary file as it grows, so a segment's
    texts are never held in memory at once."""
    raw = f"{os.path.join(folder, blob_name)}.{os.getpid()}.{threading.get_ident()}.raw"
    lengths = array.array("q", [0])
    try:
        with open(raw, "wb") as f:
            for string in strings:
                encoded = string.encode("utf-8")
                f.write(encoded)
                lengths.append(len(encoded))
        written = save_raw(folder, blob_name, raw, np.uint8)
    except OSError:
        written = False
    finally:
        try:
            os.remove(raw)
        except OSError:
            pass
    return written and save(folder, off_name, np.cumsum(np.frombuffer(lengths, np.int64)))


# np.load parses a file's header with ast.literal_eval, which CPython 3.11 does not make
# safe across threads (a search thread met "SystemError: AST constructor recursion depth
# mismatch" while others opened files): headers it reads are read one at a time.
_LOADING = threading.Lock()
_MAGIC = b"\x93NUMPY\x01\x00"
# the header ``save`` writes for a one-dimensional array (numpy's format 1.0)
_HEADER = re.compile(rb"\{'descr': '([<>|][a-zA-Z]\d+)', 'fortran_order': False, "
                     rb"'shape': \((\d+),\), \} *\n")


def load(folder, name):
    """The array in ``name``, memory-mapped (None when the file is missing).

    A one-dimensional array's header is read here (a search opens a few
    hundred files at first, and ``np.load`` took 0.15 ms each, a third of it
    in ``ast``), and the array is a plain read-only view of the file's map, not
    an ``np.memmap``, whose every slice runs Python (80k slices in 200 searches
    at 964k items); any other file is ``np.load``'s, with its checks and errors."""
    path = os.path.join(folder, name)
    try:
        with open(path, "rb") as f:
            head = f.read(10)
            size = int.from_bytes(head[8:], "little") if head[:8] == _MAGIC else 0
            header = _HEADER.fullmatch(f.read(size)) if size else None
            end = f.seek(0, os.SEEK_END)
            if header is not None:
                dtype, count = np.dtype(header[1].decode("ascii")), int(header[2])
                if not dtype.hasobject and end == 10 + size + count * dtype.itemsize:
                    if not count:
                        return np.zeros(0, dtype)       # nothing to map
                    mapped = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
                    return np.frombuffer(mapped, dtype, count, 10 + size)
        with _LOADING:
            if end <= 128:        # header only: an empty array
                return np.load(path, allow_pickle=False)
            return np.load(path, mmap_mode="r", allow_pickle=False)
    except FileNotFoundError:
        return None


def searchable(blob):
    """``(data, base)``: the blob's bytes searchable in place (``data.find(needle,
    start, end)`` in C, nothing copied) from byte ``base`` on: a read-only map
    of its file for a memory-mapped blob, its bytes otherwise."""
    mapped = mapped_file(blob)
    if mapped is not None:
        start = np.frombuffer(mapped, np.uint8, 1).ctypes.data
        return mapped, blob.ctypes.data - start
    if isinstance(blob, np.memmap) and blob.filename:
        with open(blob.filename, "rb") as f:
            return mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ), blob.offset
    return np.asarray(blob).tobytes(), 0


def mapped_file(array):
    """The file map ``load`` viewed ``array`` in (``array`` itself, not a slice or
    copy of it), or None."""
    base = getattr(array, "base", None)
    source = getattr(base, "obj", None) if isinstance(base, memoryview) else None
    return source if isinstance(source, mmap.mmap) else None
