"""Baoku's web service: search pages, the JSON API under /api, and the embeddable box.

The web modules are imported by ``create_app``, not by the package: ``baoku search``
and the other commands (``search_app.cli``) live here too, and a journalist's first
search in a new process should not wait for Flask and every view to load.
"""


def create_app(test_config=None):
    """Application factory: defaults, then instance/config.py and BAOKU_* environment
    variables -- or, for tests, ``test_config`` instead of those two (as flaskr does),
    so a test never sees the developer's settings."""
    from flask import Flask

    from . import (api, archive, config, feeds, issues, pages, pageview, protection,
                   publicurl, service, trendsview)
    from .errors import register_error_handlers
    from .limits import init_limits

    app = Flask(__name__, instance_relative_config=True)
    app.config.from_object(config.Defaults)
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        config.load_environment(app.config)
    else:
        app.config.from_mapping(test_config)
    if not app.config.get("BAOKU_INDEX"):
        app.config["BAOKU_INDEX"] = config.default_index_dir()
    if not app.config.get("BAOKU_ENGINE"):       # an index folder, or a cluster's URL
        app.config["BAOKU_ENGINE"] = app.config["BAOKU_INDEX"]
    app.json.ensure_ascii = False
    app.json.sort_keys = False

    app.register_blueprint(pages.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(service.bp)
    app.register_blueprint(issues.bp)
    app.register_blueprint(feeds.bp)
    app.register_blueprint(pageview.bp)
    app.register_blueprint(trendsview.pages)
    app.register_blueprint(trendsview.api)
    protection.init_app(app)
    publicurl.install(app)
    init_limits(app)
    register_error_handlers(app)
    app.teardown_appcontext(archive.forget_engine)
    return app
