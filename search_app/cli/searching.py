"""``baoku search`` and ``baoku stats``: the archive as a journalist queries it."""
import click

from indexer.searching import EXPORT_CAP, EXPORT_FORMATS, KWIC_WIDTH, MAX_WIDTH, SORTS
from indexer.searching.downloads import json_line
from search_app.cli.base import cli, engine_options, facet_options, option_errors
from indexer.searching.querysyntax import fuzzy_text
from search_app.params import within_issue
from search_app.terminal import kwic_lines, result_lines, stats_lines, title_lines


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
@click.option("--fuzzy", is_flag=True,
              help="OCR-tolerant: also one character misread, missing or extra (word~).")
@click.option("--issue", metavar="YYYY-MM-DD", help="Only that day's issue (issue:DATE).")
@click.option("--edition", type=click.IntRange(min=1),
              help="Only that printed page (版次) of the paper (edition:N).")
@click.option("--json", "as_json", is_flag=True, help="One JSON result object a line.")
@click.option("--kwic", is_flag=True, help="A concordance: every match in its context.")
@click.option("--width", default=KWIC_WIDTH, show_default=True, type=click.IntRange(1, MAX_WIDTH),
              help="Characters of context on each side (--kwic).")
@click.option("--export", "export_format", type=click.Choice(EXPORT_FORMATS),
              help="Every hit as CSV (UTF-8 with BOM) or JSON Lines, on stdout.")
@engine_options
def search(query, queries, limit, page, cursor, sort, date_from, date_to, fuzzy, issue, edition,
           snippets, as_json, kwic, width, export_format, engine, **facet_values):
    """Search the archive (syntax: words, "phrases", AND OR NOT -word, field:value,
    a NEAR/n b: both strings with at most n characters between them).

    \b
    Examples:
        baoku search 区总工会
        baoku search '"职工创新工作室" reporter:马超' --district 朝阳区 --json
        baoku search 'date:2025-01..2025-06 劳模' --sort date --limit 0
        baoku search 劳模 --from 2025-10-01 --to 2025-10-31 --sort date_asc
        baoku search --queries names.txt --json --limit 0 > found.jsonl
        baoku search '"职工之家"' --kwic --width 10
        baoku search '职工 NEAR/10 书屋' --limit 0
        baoku search 职工 --issue 2025-10-30 --edition 3
        baoku search 东城区总工会 --fuzzy
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
    within = option_errors(lambda: within_issue({"issue": issue or "", "edition": str(edition or "")}))
    texts = [" ".join(p for p in (fuzzy_text(text) if fuzzy and text else text, within) if p)
             for text in texts]
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
        lines = [json_line(found).rstrip("\n")] if as_json else \
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
    for line in ([json_line(info).rstrip("\n")] if as_json
                 else stats_lines(info, engine.location)):
        click.echo(line)


@cli.command()
@engine_options
@click.option("--json", "as_json", is_flag=True, help="One JSON object a line.")
def titles(engine, as_json):
    """The titles the archive holds: type, dates covered, issues, items.

    \b
    Example:
        baoku titles --index /srv/baoku/index
    """
    held = engine.summary()["titles"]
    for line in ([json_line(t).rstrip("\n") for t in held] if as_json
                 else title_lines(held)):
        click.echo(line)
