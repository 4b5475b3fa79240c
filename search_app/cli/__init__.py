"""The ``baoku`` command line: a thin click layer over the library (click lives here only).

Each command parses options, calls one library function and prints.  ``base``
holds the group and the shared options; the commands are grouped by what they
do: ``reading`` (extract, index, delete), ``searching`` (search, stats, titles),
``operating`` (check, recover, serve).
"""
from search_app.cli import cluster, operating, reading, research, searching  # noqa: F401 (registers the commands)
from search_app.cli.base import cli

__all__ = ["cli"]
