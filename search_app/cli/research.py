"""``baoku trends``: how often queries match over time, as a share of what was published."""
import json

import click

from indexer.searching.trends import PERIODS, trends, trends_csv
from search_app.cli.base import cli, engine_options, facet_options, option_errors


@cli.command("trends")
@click.argument("queries", nargs=-1, required=True)
@click.option("--by", type=click.Choice(PERIODS), default=PERIODS[0], show_default=True)
@click.option("--from", "date_from", metavar="YYYY-MM-DD", help="Published on or after (inclusive).")
@click.option("--to", "date_to", metavar="YYYY-MM-DD", help="Published on or before (inclusive).")
@click.option("--csv", "as_csv", is_flag=True, help="A CSV table instead of lines.")
@click.option("--json", "as_json", is_flag=True, help="The series as one JSON object.")
@facet_options
@engine_options
def trends_command(queries, by, date_from, date_to, as_csv, as_json, engine, **facet_values):
    """Share of articles per month (or year) matching each query (1 to 5).

    \b
    Examples:
        baoku trends 劳模 工匠
        baoku trends '"职工书屋"' '职工 NEAR/10 书屋' --by year --csv > trends.csv
        baoku trends 劳模 --district 朝阳区 --from 2025-01 --json
    """
    engine.document_count()
    filters = {name: list(values) for name, values in facet_values.items() if values}
    found = option_errors(lambda: trends(engine, queries, filters=filters, by=by,
                                         date_from=date_from, date_to=date_to))
    if as_json:
        click.echo(json.dumps(found, ensure_ascii=False))
    elif as_csv:
        click.echo(trends_csv(found).lstrip("\ufeff"), nl=False)
    else:
        click.echo("\t".join([by, "articles"] + [s["q"] for s in found["series"]]))
        for i, period in enumerate(found["periods"]):
            cells = [f"{s['points'][i]['count']} ({s['points'][i]['share']:.2%})"
                     for s in found["series"]]
            click.echo("\t".join([period["period"], str(period["articles"])] + cells))
