"""The month facet drawn as a histogram: one bar a month, tallest = most hits.

With one year selected the bars are that year's twelve months; otherwise every
month from the first to the last with hits (gaps shown as empty bars).  Bar
heights are classes (``h0`` … ``h10``): the pages' CSP allows no inline style.
"""
LEVELS = 10


def _months_between(first, last):
    year, month = int(first[:4]), int(first[5:7])
    while (year, month) <= (int(last[:4]), int(last[5:7])):
        yield f"{year:04d}-{month:02d}"
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


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
    bars = []
    for value in months:
        entry = counts.get(value, {"count": 0, "selected": False})
        level = -(-entry["count"] * LEVELS // highest) if entry["count"] else 0
        bars.append({"value": value, "label": f"{int(value[:4])}年{int(value[5:])}月",
                     "short": str(int(value[5:])), "count": entry["count"],
                     "selected": entry["selected"], "level": level,
                     "url": toggle("month", value)
                     if entry["count"] or entry["selected"] else None})
    return bars
