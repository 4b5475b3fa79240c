"""``baoku check``, ``recover``, ``optimize`` and ``serve``: running and mending the service."""
import click

from indexer.engines import open_engine
from search_app import create_app
from search_app.cli.base import cli, engine_options, index_option
from search_app.progress import ProgressBar
from search_app.config import THREADS
from search_app.terminal import check_lines, printable, recover_lines


@cli.command()
@index_option
def check(index_dir):
    """Verify the index end to end: every segment readable, counts, signature.

    Prints one line a generation and exits 1 when the live one is damaged.

    \b
    Example:
        baoku check --index /srv/baoku/index
    """
    engine = open_engine(index_dir)
    report = engine.check()
    for line in check_lines(report):
        click.echo(line)
    engine.require_sound(report)


@cli.command()
@index_option
def recover(index_dir):
    """Point CURRENT at the newest generation that opens and answers (nothing is deleted).

    \b
    Example:
        baoku recover --index /srv/baoku/index
    """
    for line in recover_lines(open_engine(index_dir).recover()):
        click.echo(f"baoku: {line}", err=True)


@cli.command()
@engine_options
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64),
              help="gunicorn worker processes (each runs --threads threads).")
@click.option("--threads", default=THREADS, show_default=True, type=click.IntRange(1, 256),
              help="Threads a worker (a slow client holds one for at most 10 s).")
@click.option("--seeds", default="seeds", show_default=True, type=click.Path(file_okay=False),
              help="Pages to index first when there is no index yet.")
@click.option("--debug", is_flag=True, help="Flask's development server, with tracebacks.")
def serve(engine, host, port, workers, threads, seeds, debug):
    """Run the search service: pages at /, JSON API at /api, /embed.js.

    With no index yet, one is first built from --seeds, so a fresh checkout
    works with one command.  A damaged index is reported and served anyway:
    pages answer 503 and /healthz says why until it is fixed.

    \b
    Examples:
        baoku serve
        baoku serve --index /srv/baoku/index --host 0.0.0.0 --port 8080 --workers 4
        baoku serve --engine sphinx://127.0.0.1:9306
    """
    from search_app.server import build_index, run, serving_state   # gunicorn: serve only
    state = serving_state(engine, seeds)
    if state.get("build"):
        click.echo(printable(f"baoku: no index yet; indexing {seeds}/ into {engine.location}"),
                   err=True)
        with ProgressBar("indexing") as progress:
            counts = build_index(engine, [seeds], progress=progress,
                                 on_problem=lambda p: progress.message(printable(f"skipped {p}")))
        click.echo(f"baoku: {counts['documents']} documents indexed", err=True)
    if state.get("problem"):
        click.echo(f"baoku: warning: {printable(state['problem'])} (serving: 503 until fixed)",
                   err=True)
    app = create_app()                  # instance/config.py and BAOKU_* apply
    app.config["BAOKU_ENGINE"] = engine.location
    click.echo(printable(f"baoku: serving {engine.location} at http://{host}:{port}/"), err=True)
    run(app, engine, host=host, port=port, workers=workers, threads=threads, debug=debug)


@cli.command()
@index_option
def optimize(index_dir):
    """Merge the index's segments into a few (one a core): faster searches.

    Searches go on answering meanwhile; a failed or killed run changes nothing.
    Commits merge segments as they go (a tiered policy), so this is seldom needed:
    after a large update, say, or before copying the index elsewhere.

    \b
    Example:
        baoku optimize --index /srv/baoku/index
    """
    click.echo(printable(f"baoku: merging the segments of {index_dir} ..."), err=True)
    counts = open_engine(index_dir).optimize()
    click.echo(f"baoku: {counts['segments_before']} segments merged into {counts['segments']} "
               f"in {counts['seconds']:.1f} s; {counts['documents']} documents in "
               f"{printable(index_dir)}",
               err=True)
