"""Alerts: an Atom feed for every search, newest matching articles first.

``/feeds/search.atom?q=…&district=…`` takes the search page's parameters.  An
entry's id is its article's permalink (stable while the article exists), and
the feed's ``updated`` is the time of the index's last commit, so a feed
reader sees new articles as soon as they are indexed.  The feed is always
well-formed XML: control characters are dropped from it.
"""
from flask import Blueprint, current_app, render_template, request, url_for

from indexer.reading.controls import drop_controls

from . import archive
from .params import search_params

bp = Blueprint("feeds", __name__, url_prefix="/feeds")


def entry_updated(date, fallback):
    """An RFC 3339 timestamp for an article: its publication day, else ``fallback``."""
    return f"{date}T00:00:00Z" if date and len(date) == 10 else fallback


@bp.get("/search.atom")
def search_feed():
    """The newest BAOKU_FEED_SIZE matches of a search as Atom."""
    config = current_app.config
    params = search_params(request.args, config)
    result, version = archive.newest(params, config["BAOKU_FEED_SIZE"])
    args = {name: values for name, values in params["filters"].items()}
    if params["q"]:
        args["q"] = params["q"]
    body = render_template(
        "search.atom.xml", params=params, result=result, version=version,
        self_url=url_for("feeds.search_feed", _external=True, **args),
        page_url=url_for("pages.search", _external=True, **args),
        entry_updated=entry_updated)
    # what XML 1.0 cannot hold (a control character of an index built before
    # ingestion dropped them, or of the query) never reaches a feed reader
    body = drop_controls(body)
    return current_app.response_class(body, mimetype="application/atom+xml")
