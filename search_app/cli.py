"""The ``baoku`` command line: a thin click layer over the library.

Each command parses options, calls one library function and prints.  Library
errors become ``click.ClickException`` with a hint.
"""
import click


@click.group()
@click.version_option(package_name="baoku")
def cli():
    """Baoku (报库): full-text search for Chinese newspaper archives."""


# --- extract (pages and JSON Lines -> records) -----------------------------


# --- index / delete / search / stats ---------------------------------------


# --- serve -------------------------------------------------------------------
