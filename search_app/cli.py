"""The ``baoku`` command line: a thin click layer over the library.

Each command parses options, calls one library function and prints.  Library
errors, wherever a command meets them, become one ``baoku: …`` line (a
``click.ClickException``: exit 1, no traceback).
"""
import codecs
import json

import click

from indexer.errors import BaokuError, IndexLocked, IndexMissing
from indexer.reading.records import MAX_ARTICLE_CHARS
from indexer.reading.sources import read_records
from indexer.searching import FACETS, SORTS, index_stats, open_index
from indexer.searching import search as run_search
from indexer.storing.checking import check_index, require_sound
from indexer.storing.recovery import recover as recover_index
from indexer.storing.writing import delete_ids, index_records
from search_app import create_app
from search_app.config import default_index_dir
from search_app.progress import ProgressBar
from search_app.server import build_index, run, serving_state
from search_app.tables import record_table
from search_app.terminal import check_lines, index_summary, recover_lines, result_lines, stats_lines


HINTS = ((IndexMissing, "build it with `baoku index PATHS...`"),
         (IndexLocked, "is another `baoku index` running?"))


class BaokuCommands(click.Group):
    """Any library error a command meets is one ``baoku: …`` line (a hint for some), exit 1."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except BaokuError as error:
            hint = next((f"\nhint: {h}" for kind, h in HINTS if isinstance(error, kind)), "")
            click.echo(f"baoku: {error}{hint}", err=True)
            ctx.exit(1)


@click.group(cls=BaokuCommands)
@click.version_option(package_name="baoku")
def cli():
    """Baoku (报库): full-text search for Chinese newspaper archives."""


def _known_encoding(ctx, param, value):
    if value:
        try:
            codecs.lookup(value)
        except LookupError:
            raise click.BadParameter(f"unknown encoding {value!r} (try gb18030 or utf-8)")
    return value


def _reading_options(command):
    """``--encoding`` and ``--max-article-chars``, for the commands that read files."""
    command = click.option(
        "--max-article-chars", "max_chars", type=click.IntRange(min=1), default=MAX_ARTICLE_CHARS,
        show_default=True, envvar="BAOKU_MAX_ARTICLE_CHARS",
        help="Skip (and report) an article with more text than this.")(command)
    return click.option("--encoding", callback=_known_encoding,
                        help="Encoding of the input files (default: UTF-8, else detected).")(command)


def _records(paths, encoding, report, max_chars):
    """The records of ``paths``; a path that vanished is a ClickException."""
    try:
        yield from read_records(paths, encoding=encoding, on_problem=report, max_chars=max_chars)
    except FileNotFoundError as error:
        raise click.ClickException(f"{error.filename}: no such file or folder")


@cli.command()
@click.argument("paths", nargs=-1, required=True, metavar="FILES_OR_DIRS...",
                type=click.Path(exists=True))
@click.option("--format", "fmt", type=click.Choice(["jsonl", "table"]), default="jsonl",
              show_default=True, help="One JSON object a line, or a table to read.")
@_reading_options
def extract(paths, fmt, encoding, max_chars):
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

    records = _records(paths, encoding, report, max_chars)
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


@cli.command("index")
@click.argument("paths", nargs=-1, required=True, metavar="FILES_OR_DIRS...",
                type=click.Path(exists=True))
@click.option("--rebuild", is_flag=True,
              help="Build a fresh index beside the live one and swap it in atomically.")
@_index_option
@_reading_options
def index_command(paths, rebuild, index_dir, encoding, max_chars):
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
        for record in _records(paths, encoding, report, max_chars):
            records.append(record)
            reading.step()
    with ProgressBar("indexing", total=len(records)) as progress:
        counts = index_records(index_dir, records, rebuild=rebuild, progress=progress)
    click.echo(f"baoku: {index_summary(counts, index_dir)}", err=True)
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
    deleted = delete_ids(index_dir, ids)
    click.echo(f"baoku: deleted {deleted} of {len(set(ids))} id(s)", err=True)


@cli.command()
@click.argument("query", required=False, default="")
@click.option("--queries", type=click.File("r", encoding="utf-8"),
              help="Run one query a line from this file ('-' for stdin).")
@_facet_options
@click.option("--limit", default=10, show_default=True, type=click.IntRange(min=0),
              help="Hits to show; 0 for every hit.")
@click.option("--page", default=1, show_default=True, type=click.IntRange(min=1))
@click.option("--sort", type=click.Choice(SORTS), default=SORTS[0], show_default=True)
@click.option("--snippets/--no-snippets", default=None,
              help="Highlighted snippets (default: on, off with --limit 0).")
@click.option("--json", "as_json", is_flag=True, help="One JSON result object a line.")
@_index_option
def search(query, queries, limit, page, sort, snippets, as_json, index_dir, **facet_values):
    """Search the archive (syntax: words, "phrases", AND OR NOT -word, field:value).

    \b
    Examples:
        baoku search 区总工会
        baoku search '"职工创新工作室" reporter:马超' --district 朝阳区 --json
        baoku search 'date:2025-01..2025-06 劳模' --sort date --limit 0
        baoku search --queries names.txt --json --limit 0 > found.jsonl
    """
    if queries is None and not query:
        raise click.UsageError("give a QUERY or --queries FILE")
    ix = open_index(index_dir)
    filters = {name: list(values) for name, values in facet_values.items() if values}
    texts = [line.strip() for line in queries if line.strip()] if queries else [query]
    for text in texts:
        result = run_search(ix, text, filters=filters, sort=sort, page=page, per_page=limit,
                            snippets=limit > 0 if snippets is None else snippets)
        lines = [json.dumps(result, ensure_ascii=False)] if as_json else \
            result_lines(result, click.style)
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
    info = index_stats(index_dir)
    for line in [json.dumps(info, ensure_ascii=False)] if as_json else stats_lines(info, index_dir):
        click.echo(line)


@cli.command()
@_index_option
def check(index_dir):
    """Verify the index end to end: every segment readable, counts, signature.

    Prints one line a generation and exits 1 when the live one is damaged.

    \b
    Example:
        baoku check --index /srv/baoku/index
    """
    report = check_index(index_dir)
    for line in check_lines(report):
        click.echo(line)
    require_sound(report)


@cli.command()
@_index_option
def recover(index_dir):
    """Point CURRENT at the newest generation that opens and answers (nothing is deleted).

    \b
    Example:
        baoku recover --index /srv/baoku/index
    """
    for line in recover_lines(recover_index(index_dir)):
        click.echo(f"baoku: {line}", err=True)


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
    works with one command.  A damaged index is reported and served anyway:
    pages answer 503 and /healthz says why until it is fixed.

    \b
    Examples:
        baoku serve
        baoku serve --index /srv/baoku/index --host 0.0.0.0 --port 8080 --workers 4
    """
    state = serving_state(index_dir, seeds)
    if state.get("build"):
        click.echo(f"baoku: no index yet; indexing {seeds}/ into {index_dir}", err=True)
        with ProgressBar("indexing") as progress:
            counts = build_index(index_dir, [seeds], progress=progress,
                                 on_problem=lambda problem: progress.message(f"skipped {problem}"))
        click.echo(f"baoku: {counts['documents']} documents indexed", err=True)
    if state.get("problem"):
        click.echo(f"baoku: warning: {state['problem']} (serving: 503 until fixed)", err=True)
    app = create_app()                  # instance/config.py and BAOKU_* apply
    app.config["BAOKU_INDEX"] = index_dir
    click.echo(f"baoku: serving {index_dir} at http://{host}:{port}/", err=True)
    run(app, host=host, port=port, workers=workers, threads=threads, debug=debug)
