"""The page view (版面): a printed page's image with its articles' regions and hits.

``/articles/<id>/page?q=`` opens the page an article stands on, its regions
outlined and linked, the query's matched characters boxed; the images are
IIIF Image API level 0 static files (``info.json`` and sizes) served from the
page store: ``/pages/<key>/info.json``, ``/pages/<key>/full/<w>,/0/default.jpg``.
"""
from flask import Blueprint, abort, current_app, jsonify, render_template, request, send_file

from . import archive
from .pagelayout import article_page, page_store

bp = Blueprint("pageview", __name__)
CACHE_SECONDS = 30 * 24 * 3600     # page files are named by content: they never change


@bp.get("/pages/<key>/info.json")
def info(key):
    """The page's IIIF ``info.json``, its ``@id`` this server's URL of the page."""
    found = page_store().info(key)
    if found is None:
        abort(404, description="没有这一版的图像")
    found["@id"] = request.url_root.rstrip("/") + f"/pages/{key}"
    response = jsonify(found)
    response.headers["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.get("/pages/<key>/full/<size>/0/default.jpg")
def image(key, size):
    """One size of a page image (a level 0 IIIF image request)."""
    path = page_store().image_path(key, size)
    if path is None:
        abort(404, description="没有这一版的这个尺寸的图像")
    return send_file(path, mimetype="image/jpeg", max_age=CACHE_SECONDS)


@bp.get("/articles/<path:article_id>/page")
def article_page_view(article_id):
    """The page view opened at an article, the query's matches boxed (在版面上查看)."""
    q = request.args.get("q", "").strip()[: current_app.config["BAOKU_MAX_QUERY_LENGTH"]]
    found = archive.find_article(article_id, q=q)
    if found is None:
        abort(404, description="没有这篇文章，它可能已被删除，或链接有误。")
    page = article_page(found)
    if page is None:
        abort(404, description="这篇文章没有版面图像（它不是从版面文件读入的）。")
    return render_template("pageview.html", article=found, page=page, q=q,
                           hit_boxes=found.get("hit_boxes") or [])
