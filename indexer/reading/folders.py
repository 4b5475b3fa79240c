"""Which files of a folder of pages are read, and which are skipped with a word why.

``folder_files`` walks a folder in sorted order, leaving out hidden files and
folders, files of other kinds, and the page image of an ALTO or hOCR file
beside it (read through that file).  A symbolic link that leads out of the
folder is skipped and reported: a link planted in a pages folder must not make
another file searchable (and public).  Links to folders are not followed
(``os.walk``'s default).
"""
import os


def folder_files(folder, suffixes, *, markup_suffixes, image_suffixes, skipped):
    """Paths under ``folder`` ending in one of ``suffixes``; ``skipped(path, why)``
    hears of each unreadable folder and each link that leaves ``folder``."""
    def unreadable(error):
        skipped(error.filename or folder, f"cannot read folder: {error.strerror}")

    root = os.path.realpath(folder)
    for top, dirs, files in os.walk(folder, onerror=unreadable):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in dirs:
            if _leaves(os.path.join(top, name), root):
                skipped(os.path.join(top, name),
                        f"a symbolic link to a folder outside {folder}; skipped it")
        read = {os.path.splitext(n)[0] for n in files if n.lower().endswith(markup_suffixes)}
        for name in sorted(files):
            if name.lower().endswith(image_suffixes) and os.path.splitext(name)[0] in read:
                continue    # the page image of an ALTO or hOCR file: read through that
            if name.startswith(".") or not name.lower().endswith(suffixes):
                continue
            path = os.path.join(top, name)
            if _leaves(path, root):
                skipped(path, f"a symbolic link to a file outside {folder}; skipped it")
                continue
            yield path


def _leaves(path, root):
    """Is ``path`` a symbolic link to something outside ``root``?"""
    if not os.path.islink(path):
        return False
    return os.path.commonpath([os.path.realpath(path), root]) != root
