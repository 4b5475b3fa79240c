"""Where articles are stored and searched: one interface, chosen by configuration.

::

    open_engine("instance/index")            # the embedded Whoosh index in a folder
    open_engine("sphinx://127.0.0.1:9306")   # a (sharded) Sphinx / Manticore cluster

``base.Engine`` is the interface the web app, the API, the CLI and the embed
use; ``embedded.EmbeddedEngine`` wraps ``indexer.storing`` and
``indexer.searching``.  A location without ``scheme://`` is a folder.
"""
import re

from indexer.engines.base import Engine
from indexer.engines.embedded import EmbeddedEngine
from indexer.engines.sphinx import SphinxEngine
from indexer.errors import EngineUnavailable

ENGINES = {engine.scheme: engine for engine in (EmbeddedEngine, SphinxEngine)}
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*)://")


def scheme_of(location):
    """``"sphinx"`` for ``sphinx://host:port``; ``""`` for a folder."""
    found = _SCHEME.match(str(location))
    return found.group(1) if found else ""


def open_engine(location):
    """The engine ``location`` names (a folder, or ``scheme://…``)."""
    scheme = scheme_of(location)
    if scheme not in ENGINES:
        known = ", ".join(f"{s}://" for s in ENGINES if s) or "none"
        raise EngineUnavailable(f"unknown engine {location!r}: a folder, or one of {known}")
    return ENGINES[scheme](str(location))


__all__ = ["Engine", "ENGINES", "EmbeddedEngine", "SphinxEngine", "open_engine", "scheme_of"]
