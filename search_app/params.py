"""Search parameters read from a query string, checked once for page and API.

The parameters the OpenAPI description names are read through its one
definition (``parameters.PARAMETERS``).  Unknown parameters are ignored (forms and trackers add their own); a known
parameter with a value the service cannot honour is a ``BadParameter`` (400)
whose message, in Chinese, says what is allowed.
"""
import re

from indexer.searching import (EXPORT_FORMATS, FACET_NAMES, FACETS, KWIC_ORDERS, KWIC_WIDTH,
                               MAX_WIDTH, SORTS)
from indexer.searching.querysyntax import MAX_DISTANCE, fuzzy_text
from indexer.searching import budget

from . import parameters
from .parameters import BadParameter
MAX_FACET_VALUE = 100   # characters; longer than any district, union or name
VIEWS = ("results", "kwic")     # the search page as a list of hits, or as a concordance
KWIC_FORMATS = ("json", "csv")  # /api/kwic answers JSON, or CSV to download
_NUMBER = re.compile(r"[0-9]{1,7}")
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def positive_int(args, name, default):
    """``args[name]`` as an int >= 1, ``default`` when absent."""
    raw = args.get(name)
    if raw is None:
        return default
    if not _NUMBER.fullmatch(raw) or int(raw) < 1:
        raise BadParameter(name, "应为正整数，例如 1")
    return int(raw)


def bounded_int(args, name, default, most):
    """``positive_int`` with an upper bound."""
    value = positive_int(args, name, default)
    if value > most:
        raise BadParameter(name, f"最大为 {most}")
    return value


def choice(args, name, choices):
    """``args[name]`` when it is one of ``choices`` (the first when absent)."""
    value = args.get(name, choices[0])
    if value not in choices:
        raise BadParameter(name, "应为 " + "、".join(choices) + " 之一")
    return value


def facet_values(args, name, limit):
    """The repeated values of one facet, stripped, de-duplicated, in given order."""
    given = args.getlist(name)
    if len(given) > limit:
        raise BadParameter(name, f"最多 {limit} 个值")
    values = []
    for raw in given:
        if len(raw) > MAX_FACET_VALUE:
            raise BadParameter(name, f"每个值最多 {MAX_FACET_VALUE} 个字")
        pattern = FACETS[name].pattern
        if pattern and not re.fullmatch(pattern, raw):
            raise BadParameter(name, "应为" + FACETS[name].pattern_hint)
        value = FACETS[name].canonical(raw.strip())     # level=市级 is level=municipal
        if not value or value in values:
            continue
        values.append(value)
    return values


def query_text(args, config):
    """``q`` stripped; longer than the configured cap is a 400."""
    q = args.get("q", "")
    max_q = config["BAOKU_MAX_QUERY_LENGTH"]
    if len(q) > max_q:
        raise BadParameter("q", f"检索词最多 {max_q} 个字")
    fuzzy = args.get("fuzzy", "0")
    if fuzzy not in ("0", "1"):
        raise BadParameter("fuzzy", "应为 0 或 1")
    q = fuzzy_text(q.strip()) if fuzzy == "1" and q.strip() else q.strip()
    return " ".join(p for p in (q, near_query(args), within_issue(args)) if p)


def within_issue(args):
    """``issue`` (a day, YYYY-MM-DD) and ``edition`` (a printed page number) as query
    fields: the search runs within that day's paper, or one page of it.  (``page``
    is the results page.)"""
    issue, edition = (args.get(n, "").strip() for n in ("issue", "edition"))
    if issue and not _DAY.fullmatch(issue):
        raise BadParameter("issue", "应为日期，格式 YYYY-MM-DD，例如 2025-10-31")
    if edition and (not _NUMBER.fullmatch(edition) or int(edition) < 1):
        raise BadParameter("edition", "应为版次（正整数），例如 3")
    return " ".join(([f"issue:{issue}"] if issue else []) +
                    ([f"edition:{int(edition)}"] if edition else []))


def near_query(args):
    """The advanced form's proximity fields as query text: ``near_a``, ``near_b``
    (two strings) and ``near_n`` (characters between them, default 10)."""
    a, b = ("".join(c for c in args.get(name, "") if c not in '" ') for name in ("near_a", "near_b"))
    if not a or not b:
        return ""
    n = (args.get("near_n") or "").strip() or "10"
    if not _NUMBER.fullmatch(n) or int(n) > MAX_DISTANCE:
        raise BadParameter("near_n", f"应为 0 到 {MAX_DISTANCE} 之间的整数")
    return f'"{a} {b}"~{int(n)}'




def search_params(args, config, *, cap_page=True):
    """``{q, filters, sort, page, per_page, date_from, date_to, cursor, explain}`` from request
    ``args``, validated.  ``cap_page=False``: a page past the cap is the caller's to
    explain (the HTML page offers narrowing by date)."""
    q = query_text(args, config)
    problem = budget.limit_problem(q)     # the description's pattern for q, said in Chinese
    if problem:
        raise BadParameter("q", problem)
    sort = choice(args, "sort", SORTS)
    per_page = parameters.read(args, "per_page", config)
    # A cap on page alone (not on page * per_page) keeps every combination the
    # OpenAPI description allows acceptable, and bounds the work of one request.
    page = (parameters.read(args, "page", config) if cap_page
            else positive_int(args, "page", 1))
    limit = config["BAOKU_MAX_FILTER_VALUES"]
    filters = {name: facet_values(args, name, limit) for name in FACET_NAMES}
    explain = args.get("explain", "0")
    if explain not in ("0", "1"):
        raise BadParameter("explain", "应为 0 或 1")
    cursor = parameters.read(args, "cursor", config)
    return {"q": q, "filters": {k: v for k, v in filters.items() if v},
            "sort": sort, "page": page, "per_page": per_page, "explain": explain == "1",
            "date_from": parameters.read(args, "from", config),
            "date_to": parameters.read(args, "to", config),
            "cursor": cursor}


def kwic_params(args, config, **options):
    """Search parameters plus the concordance's ``width`` and ``order``."""
    params = search_params(args, config, **options)
    params["width"] = bounded_int(args, "width", KWIC_WIDTH, MAX_WIDTH)
    params["order"] = choice(args, "order", KWIC_ORDERS)
    params["format"] = choice(args, "format", KWIC_FORMATS)
    return params


def export_params(args, config):
    """Search parameters plus the export's ``format`` (csv, jsonl)."""
    params = search_params(args, config)
    params["format"] = choice(args, "format", EXPORT_FORMATS)
    return params


def page_view(args):
    """Which view of the results the search page shows."""
    return choice(args, "view", VIEWS)


def suggest_params(args, config):
    """``(prefix, limit)`` for suggestions; an over-long prefix is a 400."""
    return query_text(args, config), bounded_int(args, "limit", 8, 20)
