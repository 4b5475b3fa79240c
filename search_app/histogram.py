"""The month facet drawn as a histogram: one bar a month, tallest = most hits.

With one year selected the bars are that year's twelve months, each labelled;
otherwise every month from the first to the last with hits (gaps shown as empty
bars), all of them in view, each year labelled at its first bar, and the years
above it zoom to one (``year_links``).  Bar heights are classes (``h0`` …
``h10``): the pages' CSP allows no inline style.
"""
LEVELS = 10


def _months_between(first, last):
    year, month = int(first[:4]), int(first[5:7])
    while (year, month) <= (int(last[:4]), int(last[5:7])):
        yield f"{year:04d}-{month:02d}"
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _starts_year(months, at):
    """Is bar ``at`` labelled with its year: each January, and the first bar when
    room is left before the next January (a label is about three bars wide)."""
    if months[at][5:] == "01":
        return True
    return at == 0 and (int(months[at][5:]) <= 10 or len(months) <= 3)


def month_bars(entries, years, toggle):
    """``[{value, label, count, selected, level, url}]`` in month order."""
    counts = {e["value"]: e for e in entries}
    if len(years) == 1:
        months = [f"{years[0]}-{m:02d}" for m in range(1, 13)]
    elif counts:
        months = list(_months_between(min(counts), max(counts)))
    else:
        return []
    highest = max([e["count"] for e in entries] + [1])
    bars, one_year = [], len(years) == 1
    for at, value in enumerate(months):
        entry = counts.get(value, {"count": 0, "selected": False})
        level = -(-entry["count"] * LEVELS // highest) if entry["count"] else 0
        bars.append({"value": value, "label": f"{int(value[:4])}年{int(value[5:])}月",
                     "short": str(int(value[5:])) if one_year else "",
                     "year": value[:4] if not one_year and _starts_year(months, at) else "",
                     "count": entry["count"],
                     "selected": entry["selected"], "level": level,
                     "url": toggle("month", value)
                     if entry["count"] or entry["selected"] else None})
    return bars


def year_links(entries, years, toggle):
    """``[{value, count, selected, url}]``: each year with hits, to zoom the bars to
    it (or, selected, to zoom out again)."""
    return [{"value": e["value"], "count": e["count"], "selected": e["value"] in years,
             "url": toggle("year", e["value"])}
            for e in sorted(entries, key=lambda e: e["value"]) if e["count"] or e["selected"]]
