"""The ``baoku`` command line: a thin click layer over the library.

Each command parses options, calls one library function and prints.  Library
errors become ``click.ClickException`` with a hint.
"""
import codecs
import json
import os

import click

from indexer.errors import BaokuError, IndexLocked, IndexMissing
from indexer.reading.sources import read_records
from indexer.searching import (EXPORT_CAP, EXPORT_FORMATS, FACETS, KWIC_WIDTH, MAX_WIDTH, SORTS,
                               concordance, export_lines, index_stats, open_index, query_notes)
from indexer.searching import search as run_search
from indexer.storing.writing import delete_ids, index_records
from search_app import create_app
from search_app.config import default_index_dir
from search_app.progress import ProgressBar
from search_app.server import build_index, index_exists
from search_app.server import run
from search_app.tables import record_table
from search_app.terminal import kwic_lines, result_lines, stats_lines


@click.group()
@click.version_option(package_name="baoku")
def cli():
    """Baoku (报库): full-text search for Chinese newspaper archives."""


# --- extract (pages and JSON Lines -> records) -----------------------------

def _known_encoding(ctx, param, value):
    if value:
        try:
            codecs.lookup(value)
        except LookupError:
            raise click.BadParameter(f"unknown encoding {value!r} (try gb18030 or utf-8)")
    return value


def _records(paths, encoding, report):
    """The records of ``paths``; a path that vanished is a ClickException."""
    try:
        yield from read_records(paths, encoding=encoding, on_problem=report)
    except FileNotFoundError as error:
        raise click.ClickException(f"{error.filename}: no such file or folder")


@cli.command()
@click.argument("paths", nargs=-1, required=True, metavar="FILES_OR_DIRS...",
                type=click.Path(exists=True))
@click.option("--format", "fmt", type=click.Choice(["jsonl", "table"]), default="jsonl",
              show_default=True, help="One JSON object a line, or a table to read.")
@click.option("--encoding", callback=_known_encoding,
              help="Encoding of the input files (default: UTF-8; pages: else detected).")
def extract(paths, fmt, encoding):
    """Print the articles of OCR'd pages (*.txt) and JSON Lines archives.

    Folders are read recursively (*.txt, *.jsonl, *.ndjson, *.jsonl.gz).  Each
    skipped file, line or field is reported on stderr as PATH:LINE: MESSAGE and
    the rest is still read.  Exit code 0 when everything was read, 1 when
    something was skipped, 2 for a usage error.

    \b
    Examples:
        baoku extract seeds/*.txt > records.jsonl
        baoku extract archive.jsonl.gz --format table
        baoku extract scans/ --encoding gb18030
    """
    problems = []

    def report(problem):
        problems.append(problem)
        click.echo(f"baoku: {problem}", err=True)

    records = _records(paths, encoding, report)
    lines = (record_table(records) if fmt == "table" else
             (json.dumps(record, ensure_ascii=False) for record in records))
    for line in lines:
        click.echo(line)
    if problems:
        click.get_current_context().exit(1)


# --- index / delete / search / stats ---------------------------------------

def _index_option(command):
    """``--index DIR`` (default: $BAOKU_INDEX, else instance/index), resolved."""
    def resolve(ctx, param, value):
        return value or default_index_dir()
    return click.option(
        "--index", "index_dir", envvar="BAOKU_INDEX", type=click.Path(file_okay=False),
        callback=resolve, help="Index folder (default: $BAOKU_INDEX, else instance/index).")(command)


def _facet_options(command):
    """``--district``, ``--union``, … : one repeatable option per facet."""
    for facet in reversed(FACETS.values()):
        command = click.option(f"--{facet.name}", multiple=True,
                               help=f"Only these {facet.name} values (repeatable: OR).")(command)
    return command


def _library_errors(action):
    """Run ``action()``; library errors become ClickException with a hint."""
    try:
        return action()
    except IndexMissing as error:
        raise click.ClickException(f"{error}\nhint: build it with `baoku index PATHS...`")
    except IndexLocked as error:
        raise click.ClickException(f"{error}\nhint: is another `baoku index` running?")
    except (BaokuError, ValueError) as error:     # ValueError: a bad option value
        raise click.ClickException(str(error))


@cli.command("index")
@click.argument("paths", nargs=-1, required=True, metavar="FILES_OR_DIRS...",
                type=click.Path(exists=True))
@click.option("--rebuild", is_flag=True,
              help="Build a fresh index beside the live one and swap it in atomically.")
@_index_option
@click.option("--encoding", callback=_known_encoding,
              help="Encoding of the page files (default: UTF-8, else detected).")
def index_command(paths, rebuild, index_dir, encoding):
    """Add or update articles (same id: replaced, never duplicated).

    Reads pages (*.txt) and JSON Lines archives like `baoku extract`, reports
    each skipped file or line on stderr, and exits 1 if anything was skipped.

    \b
    Examples:
        baoku index seeds/
        baoku index archive.jsonl.gz --index /srv/baoku/index
        baoku index seeds/ archive/ --rebuild
    """
    problems = []
    with ProgressBar("reading", leave=False) as reading:
        def report(problem):
            problems.append(problem)
            reading.message(problem)
        records = []
        for record in _records(paths, encoding, report):
            records.append(record)
            reading.step()
    with ProgressBar("indexing", total=len(records)) as progress:
        counts = _library_errors(lambda: index_records(
            index_dir, records, rebuild=rebuild, progress=progress))
    click.echo(f"baoku: {counts['indexed']} articles indexed ({counts['added']} new, "
               f"{counts['replaced']} replaced) in {counts['seconds']:.1f} s; "
               f"{counts['documents']} documents in {index_dir}", err=True)
    if problems:
        click.echo(f"baoku: {len(problems)} problem(s), see above", err=True)
        click.get_current_context().exit(1)


@cli.command()
@click.argument("ids", nargs=-1, required=True)
@_index_option
def delete(ids, index_dir):
    """Delete articles by id (ids not in the index are reported, not an error).

    \b
    Example:
        baoku delete xwlb-20220101-01 xwlb-20220101-02
    """
    deleted = _library_errors(lambda: delete_ids(index_dir, ids))
    click.echo(f"baoku: deleted {deleted} of {len(set(ids))} id(s)", err=True)


@cli.command()
@click.argument("query", required=False, default="")
@click.option("--queries", type=click.File("r", encoding="utf-8"),
              help="Run one query a line from this file ('-' for stdin).")
@_facet_options
@click.option("--limit", type=click.IntRange(min=0),
              help="Hits to show (default 10), 0 for every hit; with --export, rows "
                   f"(default and most: {EXPORT_CAP}); with --kwic, lines (default 100).")
@click.option("--page", default=1, show_default=True, type=click.IntRange(min=1))
@click.option("--sort", type=click.Choice(SORTS), default=SORTS[0], show_default=True)
@click.option("--from", "date_from", metavar="YYYY-MM-DD", help="Published on or after (inclusive).")
@click.option("--to", "date_to", metavar="YYYY-MM-DD", help="Published on or before (inclusive).")
@click.option("--snippets/--no-snippets", default=None,
              help="Highlighted snippets (default: on, off with --limit 0).")
@click.option("--json", "as_json", is_flag=True, help="One JSON result object a line.")
@click.option("--kwic", is_flag=True, help="A concordance: every match in its context.")
@click.option("--width", default=KWIC_WIDTH, show_default=True, type=click.IntRange(1, MAX_WIDTH),
              help="Characters of context on each side (--kwic).")
@click.option("--export", "export_format", type=click.Choice(EXPORT_FORMATS),
              help="Every hit as CSV (UTF-8 with BOM) or JSON Lines, on stdout.")
@_index_option
def search(query, queries, limit, page, sort, date_from, date_to, snippets, as_json, kwic, width,
           export_format, index_dir, **facet_values):
    """Search the archive (syntax: words, "phrases", AND OR NOT -word, field:value).

    \b
    Examples:
        baoku search 区总工会
        baoku search '"职工创新工作室" reporter:马超' --district 朝阳区 --json
        baoku search 'date:2025-01..2025-06 劳模' --sort date --limit 0
        baoku search 劳模 --from 2025-10-01 --to 2025-10-31 --sort date_asc
        baoku search --queries names.txt --json --limit 0 > found.jsonl
        baoku search '"职工之家"' --kwic --width 10
        baoku search 劳模 --district 朝阳区 --export csv > laomo.csv
    """
    if queries is None and not query:
        raise click.UsageError("give a QUERY or --queries FILE")
    ix = _library_errors(lambda: open_index(index_dir))
    filters = {name: list(values) for name, values in facet_values.items() if values}
    texts = [line.strip() for line in queries if line.strip()] if queries else [query]
    dates = {"date_from": date_from, "date_to": date_to}
    for text in texts:
        if export_format:
            cap = min(limit or EXPORT_CAP, EXPORT_CAP)
            _library_errors(lambda: [click.echo(line, nl=False) for line in export_lines(
                ix, text, filters=filters, sort=sort, fmt=export_format, cap=cap, **dates)])
            continue
        if kwic:
            found = _library_errors(lambda: concordance(
                ix, text, filters=filters, sort=sort, width=width,
                limit=100 if limit is None else limit or 1000, **dates))
            found.update(query=text, notes=query_notes(text))
        else:
            found = _library_errors(lambda: run_search(
                ix, text, filters=filters, sort=sort, page=page,
                per_page=10 if limit is None else limit, **dates,
                snippets=limit != 0 if snippets is None else snippets))
            found["notes"] = query_notes(text)
        lines = [json.dumps(found, ensure_ascii=False)] if as_json else \
            (kwic_lines if kwic else result_lines)(found, click.style)
        for line in lines:
            click.echo(line)


@cli.command()
@_index_option
@click.option("--json", "as_json", is_flag=True, help="As one JSON object.")
def stats(index_dir, as_json):
    """Documents, distinct terms, size on disk and the dictionary version.

    \b
    Example:
        baoku stats --index /srv/baoku/index
    """
    info = _library_errors(lambda: index_stats(index_dir))
    if as_json:
        click.echo(json.dumps(info, ensure_ascii=False))
        return
    for line in stats_lines(info, index_dir):
        click.echo(line)


# --- serve -------------------------------------------------------------------

@cli.command()
@_index_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64),
              help="gunicorn worker processes (each runs --threads threads).")
@click.option("--threads", default=4, show_default=True, type=click.IntRange(1, 64))
@click.option("--seeds", default="seeds", show_default=True, type=click.Path(file_okay=False),
              help="Pages to index first when there is no index yet.")
@click.option("--debug", is_flag=True, help="Flask's development server, with tracebacks.")
def serve(index_dir, host, port, workers, threads, seeds, debug):
    """Run the search service: pages at /, JSON API at /api, /embed.js.

    With no index yet, one is first built from --seeds, so a fresh checkout
    works with one command.

    \b
    Examples:
        baoku serve
        baoku serve --index /srv/baoku/index --host 0.0.0.0 --port 8080 --workers 4
    """
    try:
        _ensure_served_index(index_dir, seeds)
    except BaokuError as error:
        raise click.ClickException(f"{error}\nhint: rebuild with `baoku index --rebuild`")
    app = create_app()                  # instance/config.py and BAOKU_* apply
    app.config["BAOKU_INDEX"] = index_dir
    click.echo(f"baoku: serving {index_dir} at http://{host}:{port}/", err=True)
    run(app, host=host, port=port, workers=workers, threads=threads, debug=debug)


def _ensure_served_index(index_dir, seeds):
    """Build the index from ``seeds`` with a progress bar when there is none yet."""
    if index_exists(index_dir):
        return
    if not os.path.isdir(seeds):
        raise click.ClickException(
            f"no index at {index_dir} and no {seeds}/ folder to build one from\n"
            "hint: `baoku index --index DIR FILES...` first, or pass --seeds DIR")
    click.echo(f"baoku: no index yet; indexing {seeds}/ into {index_dir}", err=True)
    with ProgressBar("indexing") as progress:
        counts = build_index(index_dir, [seeds], progress=progress,
                             on_problem=lambda problem: progress.message(f"skipped {problem}"))
    click.echo(f"baoku: {counts['documents']} documents indexed", err=True)
