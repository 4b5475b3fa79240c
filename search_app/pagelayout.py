"""Printed pages as the web layer shows them: images, article regions, hit boxes.

``page_image(key)`` is what a page view needs of a stored page (IIIF
``info.json`` URL, the fixed-size image shown without JavaScript, the sizes);
``issue_with_pages(issue)`` adds to each page of an issue its image and its
articles' ``regions``; ``article_page(article)`` is the page an article stands
on, with every region of it, for the page view opened at that article.  Regions
and boxes are ``{x, y, w, h}``, fractions of the page's width and height.
"""
from collections import Counter

from flask import current_app, url_for

from indexer.pagestore import PageStore
from indexer.pagestore.images import view_width

from . import archive

CLIP_WIDTH = 320          # px: an article's clipping beside its text


def page_store():
    """The engine's page store (the setting ``BAOKU_PAGES`` overrides where it is)."""
    folder = current_app.config.get("BAOKU_PAGES")
    return PageStore(folder) if folder else archive.get_engine().page_store()


def page_image(key):
    """``{key, info_url, view_url, view_width, view_height, width, height, sizes}`` or None."""
    info = page_store().info(key) if key else None
    if info is None:
        return None
    width = view_width(info)
    return {"key": key, "width": info["width"], "height": info["height"],
            "info_url": url_for("pageview.info", key=key, _external=True),
            "view_url": url_for("pageview.image", key=key, size=f"{width},"),
            "view_width": width, "view_height": round(info["height"] * width / info["width"]),
            "sizes": [dict(s, url=url_for("pageview.image", key=key, size=f"{s['width']},"))
                      for s in info["sizes"]]}


def _records(articles):
    """The stored records of an issue page's articles (their regions, page key)."""
    engine = archive.get_engine()
    found = []
    for item in articles:
        record = engine.get_article(item["id"])
        if record is not None:
            found.append(record)
    return found


def issue_with_pages(issue):
    """``issue`` with, on each page read from a printed page, ``image`` and each
    article's ``regions`` (pages without one: ``image`` None, no regions).  A
    text-only archive (an empty page store) costs no look-up."""
    empty = page_store().empty()
    for paper in issue.get("papers", []):
        for page in paper.get("pages", []):
            records = {} if empty else {r["id"]: r for r in _records(page["articles"])}
            keys = Counter(r.get("page_key") for r in records.values() if r.get("page_key"))
            key = keys.most_common(1)[0][0] if keys else None
            page["image"] = page_image(key)
            for item in page["articles"]:
                record = records.get(item["id"], {})
                on_page = page["image"] and record.get("page_key") == key
                item["regions"] = (record.get("regions") or []) if on_page else []
    return issue


def article_page(article):
    """The page ``article`` (a found record with ``page_key``) stands on:
    ``{image, articles: [{id, headline, kind, regions}]}`` in printed order, or None."""
    image = page_image(article.get("page_key"))
    if image is None:
        return None
    neighbours = []
    if article.get("date"):
        issue = archive.issue(article["date"]) or {}
        for paper in issue.get("papers", []):
            for page in paper.get("pages", []):
                if any(a["id"] == article["id"] for a in page["articles"]):
                    neighbours = _records(page["articles"])
    neighbours = [r for r in neighbours if r.get("page_key") == article["page_key"]] or [article]
    return {"image": image, "articles": [
        {"id": r["id"], "headline": r.get("headline") or "", "kind": r.get("kind"),
         "regions": r.get("regions") or []} for r in neighbours]}


def clippings(article, image, width=CLIP_WIDTH):
    """Each region of ``article`` cut from the page image, as CSS numbers: the
    box's size in px and the whole image's size and offset inside it."""
    cut = []
    for region in article.get("regions") or []:
        if region["w"] <= 0 or region["h"] <= 0:
            continue
        full_w = width / region["w"]
        full_h = full_w * image["height"] / image["width"]
        size = next((s for s in image["sizes"] if s["width"] >= full_w), image["sizes"][-1])
        cut.append({"width": width, "height": round(region["h"] * full_h),
                    "image_url": size["url"], "image_width": round(full_w),
                    "image_height": round(full_h), "left": round(-region["x"] * full_w),
                    "top": round(-region["y"] * full_h)})
    return cut
