"""A term over time: the share of articles per month or year that match.

For each of up to ``MAX_TERMS`` queries (any query the search takes), the
number of matching articles per period is the search's own month or year
facet, and the share divides it by the articles published in that period
under the same filters (the empty query's facet: the same kinds left out,
the same facet and date selections).  A point's count is therefore exactly
the total of the search for that term with that month (or year) chosen.
The period facet itself is the x axis: a month or year selected in
``filters`` narrows the periods shown instead of filtering.
"""
import csv
import io

MAX_TERMS = 5
PERIODS = ("month", "year")
_FORMULA = tuple("=+-@\t\r")


def trends(engine, terms, *, filters=None, by="month", date_from=None, date_to=None):
    """``{by, terms, periods: [{period, articles}], series: [{q, total, points:
    [{period, count, share}]}]}`` for the queries ``terms`` (1..MAX_TERMS)."""
    if by not in PERIODS:
        raise ValueError(f"by must be one of {PERIODS}, not {by!r}")
    terms = [t for t in (str(t).strip() for t in terms) if t]
    if not 1 <= len(terms) <= MAX_TERMS:
        raise ValueError(f"give 1 to {MAX_TERMS} terms, not {len(terms)}")
    filters = {k: list(v) for k, v in (filters or {}).items() if v}
    shown = set(filters.pop(by, []))
    dates = {"date_from": date_from, "date_to": date_to}

    def per_period(q):
        found = engine.search(q, filters=filters, per_page=1, snippets=False, **dates)
        counts = {e["value"]: e["count"] for e in found["facets"].get(by, [])
                  if not shown or e["value"] in shown}
        return found, counts

    _, published = per_period("")
    periods = sorted(published)
    series = []
    for q in terms:
        found, counts = per_period(q)
        points = [{"period": p, "count": counts.get(p, 0),
                   "share": counts.get(p, 0) / published[p] if published[p] else 0.0}
                  for p in periods]
        series.append({"q": q, "total": sum(pt["count"] for pt in points), "points": points,
                       "partial": bool(found.get("partial"))})
    return {"by": by, "terms": terms, "filters": filters, "date_from": date_from,
            "date_to": date_to,
            "periods": [{"period": p, "articles": published[p]} for p in periods],
            "series": series}


def trends_csv(found):
    """The series as CSV (a row per period: articles, then count and share per term);
    a cell a spreadsheet would run as a formula is prefixed with ``'``."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    header = [found["by"], "articles"]
    for s in found["series"]:
        header += [f"{s['q']} count", f"{s['q']} share"]
    writer.writerow([safe_cell(c) for c in header])
    for i, period in enumerate(found["periods"]):
        row = [period["period"], period["articles"]]
        for s in found["series"]:
            point = s["points"][i]
            row += [point["count"], f"{point['share']:.6f}"]
        writer.writerow([safe_cell(c) for c in row])
    return "\ufeff" + out.getvalue()


def safe_cell(value):
    """A CSV cell no spreadsheet reads as a formula (a leading = + - @ neutralised)."""
    text = str(value)
    return "'" + text if text.startswith(_FORMULA) and not _is_number(text) else text


def _is_number(text):
    try:
        float(text)
    except ValueError:
        return False
    return True
