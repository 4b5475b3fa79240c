"""``baoku search`` and ``baoku stats``: the archive as a journalist queries it."""
import json

import click

from indexer.searching import EXPORT_CAP, EXPORT_FORMATS, KWIC_WIDTH, MAX_WIDTH, SORTS
from search_app.cli.base import cli, engine_options, facet_options, option_errors
from search_app.terminal import kwic_lines, result_lines, stats_lines


@cli.command()
@click.argument("query", required=False, default="")
@click.option("--queries", type=click.File("r", encoding="utf-8"),
              help="Run one query a line from this file ('-' for stdin).")
@facet_options
@click.option("--limit", type=click.IntRange(min=0),
              help="Hits to show (default 10), 0 for every hit; with --export, rows "
                   f"(default and most: {EXPORT_CAP}); with --kwic, lines (default 100).")
@click.option("--page", default=1, show_default=True, type=click.IntRange(min=1))
@click.option("--cursor", metavar="TOKEN",
              help="Continue after a result: its next_cursor (--json shows it).")
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
@engine_options
def search(query, queries, limit, page, cursor, sort, date_from, date_to, snippets, as_json, kwic,
           width, export_format, engine, **facet_values):
    """Search the archive (syntax: words, "phrases", AND OR NOT -word, field:value).

    \b
    Examples:
        baoku search 区总工会
        baoku search '"职工创新工作室" reporter:马超' --district 朝阳区 --json
        baoku search 'date:2025-01..2025-06 劳模' --sort date --limit 0
        baoku search 劳模 --from 2025-10-01 --to 2025-10-31 --sort date_asc
        baoku search --queries names.txt --json --limit 0 > found.jsonl
        baoku search '"职工之家"' --kwic --width 10
        baoku search 劳模 --json --cursor "$(baoku search 劳模 --json | jq -r .next_cursor)"
        baoku search 劳模 --district 朝阳区 --export csv > laomo.csv
    """
    if queries is None and not query:
        raise click.UsageError("give a QUERY or --queries FILE")
    engine.document_count()     # no index (or no cluster): said once, before any output
    filters = {name: list(values) for name, values in facet_values.items() if values}
    # One result a line of --queries, blank lines included, so that the n-th output
    # line answers the n-th question (a blank one browses everything, as q= does).
    texts = [line.strip() for line in queries] if queries else [query]
    dates = {"date_from": date_from, "date_to": date_to}
    for text in texts:
        if export_format:
            cap = min(limit or EXPORT_CAP, EXPORT_CAP)
            option_errors(lambda: [click.echo(line, nl=False) for line in engine.export_lines(
                text, filters=filters, sort=sort, fmt=export_format, cap=cap, **dates)])
            if export_format == "csv":      # its first row is the header: said aside
                click.echo(f"exported {text!r} filters={filters} sort={sort} "
                           f"index={engine.version()['version']}", err=True)
            continue
        if kwic:
            found = option_errors(lambda: engine.concordance(
                text, filters=filters, sort=sort, width=width,
                limit=100 if limit is None else limit or 1000, **dates))
        else:
            found = option_errors(lambda: engine.search(
                text, filters=filters, sort=sort, page=page, cursor=cursor,
                per_page=10 if limit is None else limit, **dates,
                snippets=limit != 0 if snippets is None else snippets))
        lines = [json.dumps(found, ensure_ascii=False)] if as_json else \
            (kwic_lines if kwic else result_lines)(found, click.style)
        for line in lines:
            click.echo(line)


@cli.command()
@engine_options
@click.option("--json", "as_json", is_flag=True, help="As one JSON object.")
def stats(engine, as_json):
    """Documents, distinct terms, size on disk and the dictionary version.

    \b
    Example:
        baoku stats --index /srv/baoku/index
    """
    info = engine.stats()
    for line in ([json.dumps(info, ensure_ascii=False)] if as_json
                 else stats_lines(info, engine.location)):
        click.echo(line)
