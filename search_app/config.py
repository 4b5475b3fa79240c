"""Where things live by default: one answer for the CLI and the web app."""
import os

from flask import Flask


def default_index_dir():
    """The index folder: ``$BAOKU_INDEX``, else ``index`` in Flask's instance folder."""
    configured = os.environ.get("BAOKU_INDEX")
    if configured:
        return configured
    return os.path.join(Flask("search_app").instance_path, "index")
