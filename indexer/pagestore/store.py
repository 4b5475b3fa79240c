"""``PageStore``: page folders by key, with the articles that refer to each."""
import hashlib
import json
import logging
import os
import re
import shutil
import tempfile

from indexer.pagestore import images

log = logging.getLogger(__name__)
KEY = re.compile(r"[0-9a-f]{16}-[0-9]{1,5}")
SIZE = re.compile(r"[0-9]{1,5},")
STALE = "stale"     # a page a rebuild left behind: removed at the next run


def page_folder(location):
    """The page store of an embedded index at ``location``: ``<index folder>/pages``
    (a cluster's, ``scheme://``, is the one its engine names: ``BAOKU_PAGES``, else
    the ``pages/`` folder of ``baoku cluster init``; see ``Engine.page_store``)."""
    if "://" in str(location):
        return os.environ.get("BAOKU_PAGES") or None
    return os.path.join(str(location), "pages")


def _ref(article_id):
    return hashlib.sha1(str(article_id).encode("utf-8", "surrogatepass")).hexdigest()[:20]


class PageStore:
    """The page images under ``folder`` (None: a store that keeps nothing)."""

    def __init__(self, folder):
        self.folder = folder
        self.seen = {}          # key -> article refs added in this run

    def _page(self, key):
        return os.path.join(self.folder, key)

    # --- writing ---------------------------------------------------------------

    def storing(self, records):
        """Pass ``records`` on, each printed page's image made and referenced first;
        ``page_file`` (where the image comes from) is taken out of the record."""
        for record in records:
            source = record.pop("page_file", None)
            key = record.get("page_key")
            if self.folder and key and KEY.fullmatch(key):
                if self._ensure(key, source):
                    self._refer(key, record.get("id"))
                else:
                    record.pop("page_key")
            yield record

    def _ensure(self, key, source):
        if os.path.isfile(os.path.join(self._page(key), "info.json")):
            return True
        if not source:
            return False
        try:
            image = images.page_image(source["path"], int(source.get("number") or 1))
        except images.ImageUnavailable as error:
            log.warning("%s", error)
            return False
        os.makedirs(self.folder, exist_ok=True)
        work = tempfile.mkdtemp(prefix=".new-", dir=self.folder)
        try:
            images.write_sizes(image, work, key)
            os.makedirs(os.path.join(work, "refs"))
            os.replace(work, self._page(key))
        except OSError:
            shutil.rmtree(work, ignore_errors=True)
            if not os.path.isdir(self._page(key)):
                raise
        return True

    def _refer(self, key, article_id):
        refs = os.path.join(self._page(key), "refs")
        os.makedirs(refs, exist_ok=True)
        ref = _ref(article_id)
        open(os.path.join(refs, ref), "a").close()
        self.seen.setdefault(key, set()).add(ref)

    def forget(self, refs):
        """Drop the references of deleted articles (``(page_key, article id)`` pairs);
        a page that no article refers to any more goes with its image."""
        for key, article_id in refs:
            if not (self.folder and key and KEY.fullmatch(key)):
                continue
            folder = os.path.join(self._page(key), "refs")
            try:
                os.remove(os.path.join(folder, _ref(article_id)))
            except FileNotFoundError:
                pass
            if os.path.isdir(folder) and not os.listdir(folder):
                shutil.rmtree(self._page(key), ignore_errors=True)

    def keep_only_seen(self):
        """After a rebuild: the references of this run's records, no others; a page
        none of them is on is marked stale, not removed: the generation the rebuild
        replaced stays until the next run (``recover`` may make it live again), and so
        do its pages (``drop_stale``, at the next run)."""
        for name in self.pages():
            page = os.path.join(self.folder, name)
            if name not in self.seen:
                open(os.path.join(page, STALE), "a").close()
                continue
            refs = os.path.join(page, "refs")
            for ref in os.listdir(refs):
                if ref not in self.seen[name]:
                    os.remove(os.path.join(refs, ref))

    def drop_stale(self):
        """Remove the pages a rebuild before this run left stale."""
        for name in self.pages():
            page = os.path.join(self.folder, name)
            if os.path.exists(os.path.join(page, STALE)):
                shutil.rmtree(page, ignore_errors=True)

    def unstale(self):
        """After ``recover``: every page kept again (the live generation may be one a
        rebuild had replaced); pages no article is on are harmless, missing ones not."""
        for name in self.pages():
            try:
                os.remove(os.path.join(self.folder, name, STALE))
            except FileNotFoundError:
                pass

    def check(self):
        """``{pages, stale, bytes, problems: [(key, why)]}``: a page without its
        info.json or one of its sizes is a problem (``repair`` removes it)."""
        report = {"pages": 0, "stale": 0, "bytes": 0, "problems": []}
        for name in self.pages():
            report["pages"] += 1
            report["bytes"] += self.size(name)
            report["stale"] += os.path.exists(os.path.join(self.folder, name, STALE))
            info = self.info(name)
            if info is None:
                report["problems"].append((name, "no info.json"))
                continue
            missing = [s["width"] for s in info.get("sizes", [])
                       if not self.image_path(name, f"{s['width']},")]
            if missing:
                report["problems"].append((name, f"sizes missing: {missing}"))
        return report

    def repair(self):
        """Remove damaged and unfinished pages (their articles show no image; indexing
        their files again makes them anew); returns the keys removed."""
        broken = [key for key, _why in self.check()["problems"]]
        for key in broken:
            shutil.rmtree(self._page(key), ignore_errors=True)
        if self.folder and os.path.isdir(self.folder):
            for name in os.listdir(self.folder):
                if name.startswith(".new-"):
                    shutil.rmtree(os.path.join(self.folder, name), ignore_errors=True)
        return broken

    # --- reading ---------------------------------------------------------------

    def info(self, key):
        """The page's IIIF ``info.json`` as a dict, or None when the store lacks it."""
        if not (self.folder and key and KEY.fullmatch(str(key))):
            return None
        try:
            with open(os.path.join(self._page(key), "info.json"), encoding="utf-8") as file:
                return json.load(file)
        except (OSError, ValueError):
            return None

    def image_path(self, key, size):
        """The file of one size (``"800,"``) of a page, or None."""
        if not (self.folder and KEY.fullmatch(str(key)) and SIZE.fullmatch(str(size))):
            return None
        path = os.path.join(self._page(key), "full", size, "0", "default.jpg")
        return path if os.path.isfile(path) else None

    def empty(self):
        """True when the store holds no page (a text-only archive): nothing to look up."""
        if not (self.folder and os.path.isdir(self.folder)):
            return True
        with os.scandir(self.folder) as entries:
            return not any(KEY.fullmatch(e.name) for e in entries)

    def pages(self):
        """Keys of the pages held."""
        if not (self.folder and os.path.isdir(self.folder)):
            return []
        return sorted(n for n in os.listdir(self.folder) if KEY.fullmatch(n))

    def size(self, key):
        """Bytes one page takes on disk."""
        total = 0
        for top, _dirs, files in os.walk(self._page(key)):
            total += sum(os.path.getsize(os.path.join(top, f)) for f in files)
        return total
