"""``manifest.csv``: the publication metadata of the page files beside it.

UTF-8 (a BOM is fine) with a header row naming at least ``file``, ``paper``,
``date``, ``page`` and ``page_name`` (``page_name``, the 版名, may be empty;
``date`` is ISO).  ``file`` is relative to the manifest's folder.  A bad row
(a file that is not there, an impossible date, a missing column, a page that
is not a number) is reported with the manifest's path and line, and the other
rows still count.  A page file is looked up in the manifest of its own
folder, then in those of the folders above it, up to the folder given.
"""
import csv
import os
from datetime import date

MANIFEST_NAME = "manifest.csv"
COLUMNS = ("file", "paper", "date", "page", "page_name")


class Manifests:
    """The manifests met while reading one set of paths (each read once)."""

    def __init__(self, report, problem):
        self.report, self.problem = report, problem      # problem(path, line, message)
        self._read = {}

    def lookup(self, page_path, top):
        """The manifest row for ``page_path`` as ``{paper, date, page, page_name}``, or {}."""
        page_path = os.path.abspath(page_path)
        folder = os.path.dirname(page_path)
        top = os.path.abspath(top if os.path.isdir(top) else os.path.dirname(top))
        while True:
            row = self._rows(folder).get(page_path)
            if row:
                return row
            if folder == top or os.path.dirname(folder) == folder:
                return {}
            folder = os.path.dirname(folder)

    def _rows(self, folder):
        if folder not in self._read:
            path = os.path.join(folder, MANIFEST_NAME)
            self._read[folder] = read_manifest(path, self._report_at(path)) \
                if os.path.isfile(path) else {}
        return self._read[folder]

    def _report_at(self, path):
        return lambda line, message: self.report(self.problem(path, line, message))


def read_manifest(path, problem):
    """``{absolute page path: row fields}``; ``problem(line, message)`` hears of each bad row."""
    folder = os.path.dirname(os.path.abspath(path))
    try:
        with open(path, encoding="utf-8-sig", newline="") as file:
            reader = csv.reader(file)
            header = [name.strip() for name in next(reader, [])]
            missing = [name for name in COLUMNS if name not in header]
            if missing:
                problem(None, f"manifest header lacks {', '.join(missing)} "
                              f"(expected {','.join(COLUMNS)}); manifest not used")
                return {}
            rows = {}
            for cells in reader:
                if not any(cell.strip() for cell in cells):
                    continue
                found = _row(dict(zip(header, cells)), folder)
                if isinstance(found, str):
                    problem(reader.line_num, f"{found}; row not used")
                else:
                    rows[found[0]] = found[1]
            return rows
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        problem(None, f"cannot read manifest: {getattr(error, 'strerror', None) or error}")
        return {}


def _row(cells, folder):
    """``(page path, fields)`` for a good row, else the reason it is bad."""
    missing = [name for name in COLUMNS if cells.get(name) is None]
    if missing:
        return "missing column(s): " + ", ".join(missing)
    name = cells["file"].strip()
    page_path = os.path.abspath(os.path.join(folder, name))
    if not name or not os.path.isfile(page_path):
        return f"file {name!r} is not beside the manifest"
    try:
        day = date.fromisoformat(cells["date"].strip()).isoformat()
    except ValueError:
        return f"date {cells['date'].strip()!r} is not a real ISO date (YYYY-MM-DD)"
    page = cells["page"].strip()
    if not page.isdigit() or not int(page):
        return f"page {page!r} is not a page number"
    return page_path, {"paper": cells["paper"].strip(), "date": day, "page": int(page),
                       "page_name": cells["page_name"].strip()}
