"""Where articles are stored and searched: one interface, each engine in its folder.

::

    open_engine("instance/index")            # the embedded Whoosh index in a folder
    open_engine("sphinx://127.0.0.1:9306")   # a (sharded) Sphinx / Manticore cluster

``base.Engine`` is the interface the web app, the API, the CLI and the embed
use; ``embedded/`` is the Whoosh index (its folders read as its pipeline),
``sphinx/`` the sharded cluster (a change to how the query syntax becomes
SphinxQL goes in ``sphinx/matching``).  Both speak ``indexer.searching``, the
engine-neutral language.  An engine's package is imported when a location
names it, so a caller of this interface loads only the engine it uses.  A
location without ``scheme://`` is a folder.
"""
import importlib
import re

from indexer.engines.base import DEFAULT_MEMORY, MIN_MEMORY, Engine
from indexer.errors import EngineUnavailable

# scheme -> (module, class): imported when a location asks for it
ENGINES = {"": ("indexer.engines.embedded", "EmbeddedEngine"),
           "sphinx": ("indexer.engines.sphinx", "SphinxEngine")}
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*)://")


def scheme_of(location):
    """``"sphinx"`` for ``sphinx://host:port``; ``""`` for a folder."""
    found = _SCHEME.match(str(location))
    return found.group(1) if found else ""


def engine_class(scheme):
    """The ``Engine`` subclass of ``scheme`` (its package imported now)."""
    module, name = ENGINES[scheme]
    return getattr(importlib.import_module(module), name)


def open_engine(location):
    """The engine ``location`` names (a folder, or ``scheme://…``)."""
    scheme = scheme_of(location)
    if scheme not in ENGINES:
        known = ", ".join(f"{s}://" for s in ENGINES if s) or "none"
        raise EngineUnavailable(f"unknown engine {location!r}: a folder, or one of {known}")
    return engine_class(scheme)(str(location))


__all__ = ["Engine", "ENGINES", "DEFAULT_MEMORY", "MIN_MEMORY", "engine_class", "open_engine",
           "scheme_of"]
