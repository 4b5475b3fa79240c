"""A term over time, on the page (``/trends``) and the API (``/api/trends``):
the share of articles per month or year matching each of up to five queries,
drawn as a server-rendered SVG with a table beside it, and as CSV."""
from flask import Blueprint, current_app, render_template, request

from indexer.searching import FACET_NAMES
from indexer.searching.trends import MAX_TERMS, PERIODS, trends, trends_csv

from . import archive
from .archive import get_engine
from .errors import BadParameter
from . import parameters
from .params import choice, facet_values

pages = Blueprint("trends", __name__)
api = Blueprint("api_trends", __name__, url_prefix="/api")
FORMATS = ("json", "csv")
COLOURS = ("#1b6ca8", "#c0392b", "#2e8b57", "#8e44ad", "#d68910")
WIDTH, HEIGHT, PAD = 720, 260, 40


def trend_params(args, config):
    """``{terms, by, filters, date_from, date_to, format}`` from the query string."""
    most = config["BAOKU_MAX_QUERY_LENGTH"]
    terms = [q.strip() for q in args.getlist("q") if q.strip()]
    if len(terms) > MAX_TERMS:
        raise BadParameter("q", f"最多 {MAX_TERMS} 个检索词")
    if any(len(q) > most for q in terms):
        raise BadParameter("q", f"检索词最多 {most} 个字")
    limit = config["BAOKU_MAX_FILTER_VALUES"]
    filters = {name: facet_values(args, name, limit) for name in FACET_NAMES}
    return {"terms": terms, "by": choice(args, "by", PERIODS),
            "filters": {k: v for k, v in filters.items() if v},
            "date_from": parameters.read(args, "from", config),
            "date_to": parameters.read(args, "to", config),
            "format": choice(args, "format", FORMATS)}


def run_trends(params):
    return trends(get_engine(), params["terms"], filters=params["filters"], by=params["by"],
                  date_from=params["date_from"], date_to=params["date_to"])


@api.get("/trends")
def trends_api():
    """Each query's matching articles per period, and their share of those published."""
    params = trend_params(request.args, current_app.config)
    if not params["terms"]:
        raise BadParameter("q", "至少给出一个检索词")
    found = run_trends(params)
    if params["format"] == "json":
        return found
    response = current_app.response_class(trends_csv(found), content_type="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = "attachment; filename=baoku-trends.csv"
    return response


@pages.get("/trends")
def trends_page():
    """The form (up to five queries), the chart and its table."""
    params = trend_params(request.args, current_app.config)
    found = run_trends(params) if params["terms"] else None
    titles = [t["paper"] for t in archive.summary()["titles"]]
    return render_template("trends.html", params=params, found=found, q="", titles=titles,
                           chart=chart(found) if found else None, max_terms=MAX_TERMS,
                           csv_args=[(k, v) for k, v in request.args.items(multi=True)
                                     if k != "format"])


def chart(found):
    """Polylines (one per query) and points with their hover text, in SVG units."""
    periods = found["periods"]
    top = max([p["share"] for s in found["series"] for p in s["points"]] + [0]) or 1.0
    step = (WIDTH - 2 * PAD) / max(1, len(periods) - 1)

    def xy(i, share):
        return round(PAD + i * step, 1), round(HEIGHT - PAD - share / top * (HEIGHT - 2 * PAD), 1)

    lines = []
    for colour, s in zip(COLOURS, found["series"]):
        points = [(*xy(i, p["share"]), f"{s['q']} · {p['period']}：{p['count']} / "
                   f"{periods[i]['articles']} 篇（{p['share']:.2%}）")
                  for i, p in enumerate(s["points"])]
        lines.append({"q": s["q"], "colour": colour, "points": points,
                      "path": " ".join(f"{x},{y}" for x, y, _ in points)})
    ticks = [(xy(i, 0)[0], p["period"]) for i, p in enumerate(periods)
             if i % max(1, len(periods) // 8) == 0]
    return {"width": WIDTH, "height": HEIGHT, "pad": PAD, "lines": lines, "ticks": ticks,
            "top": f"{top:.1%}"}
