"""What the service offers besides pages and API: health, the embed script, OpenSearch."""
from flask import Blueprint, current_app, jsonify, render_template, request, send_from_directory

from indexer.errors import BaokuError, EngineUnavailable

from . import archive

bp = Blueprint("service", __name__)


@bp.get("/healthz")
def healthz():
    """200 ``{status: ok, documents: N}`` when the live index answers (its segments
    open and a search answers, checked once per state of its files); else 503
    ``{status: unhealthy, reason}`` with the library's message (for whoever runs it),
    or 503 ``{status: partial, reason, missing_shards}`` while shards of a cluster do
    not answer.  An engine's own message (an address, a driver's error) goes to the
    log only: the reason a client sees is generic."""
    try:
        answer = archive.health()
    except EngineUnavailable as error:
        current_app.logger.warning("unhealthy: %s", error)
        return jsonify({"status": "unhealthy", "reason": ENGINE_DOWN}), 503
    except BaokuError as error:
        current_app.logger.warning("unhealthy: %s", error)
        return jsonify({"status": "unhealthy", "reason": str(error)}), 503
    if answer.get("status") == "partial":
        current_app.logger.warning("partial: shards %s do not answer", answer["missing_shards"])
        return jsonify(dict(answer, reason=SHARDS_DOWN)), 503
    return jsonify(answer)


ENGINE_DOWN = "the search engine does not answer (the server's log says why)"
SHARDS_DOWN = "part of the archive does not answer (the server's log says why)"


@bp.get("/embed.js")
def embed_js():
    """The embeddable search box (see README, "Embedding the search box")."""
    response = send_from_directory(current_app.static_folder, "embed.js",
                                   mimetype="text/javascript", max_age=300)
    response.headers["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


@bp.get("/opensearch.xml")
def opensearch():
    """OpenSearch description so browsers can add Baoku as a search engine."""
    body = render_template("opensearch.xml", root=request.url_root)
    return current_app.response_class(body, mimetype="application/opensearchdescription+xml")
