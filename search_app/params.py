"""Search parameters read from a query string, checked once for page and API.

Unknown parameters are ignored (forms and trackers add their own); a known
parameter with a value the service cannot honour is a ``BadParameter`` (400).
"""
import re

from indexer.searching import FACET_NAMES, FACETS, SORTS

from .errors import BadParameter
MAX_FACET_VALUE = 100   # characters; longer than any district, union or name
_NUMBER = re.compile(r"[0-9]{1,7}")


def positive_int(args, name, default):
    """``args[name]`` as an int >= 1, ``default`` when absent."""
    raw = args.get(name)
    if raw is None:
        return default
    if not _NUMBER.fullmatch(raw) or int(raw) < 1:
        raise BadParameter(name, "must be a positive whole number")
    return int(raw)


def facet_values(args, name, limit):
    """The repeated values of one facet, stripped, de-duplicated, in given order."""
    given = args.getlist(name)
    if len(given) > limit:
        raise BadParameter(name, f"at most {limit} values")
    values = []
    for raw in given:
        if len(raw) > MAX_FACET_VALUE:
            raise BadParameter(name, f"values are at most {MAX_FACET_VALUE} characters")
        pattern = FACETS[name].pattern
        if pattern and not re.fullmatch(pattern, raw):
            raise BadParameter(name, f"must be {FACETS[name].pattern_hint}")
        value = raw.strip()
        if not value or value in values:
            continue
        values.append(value)
    return values


def query_text(args, config):
    """``q`` stripped; longer than the configured cap is a 400."""
    q = args.get("q", "")
    max_q = config["BAOKU_MAX_QUERY_LENGTH"]
    if len(q) > max_q:
        raise BadParameter("q", f"at most {max_q} characters")
    return q.strip()


def search_params(args, config):
    """``{q, filters, sort, page, per_page, explain}`` from request ``args``, validated."""
    q = query_text(args, config)
    sort = args.get("sort", "relevance")
    if sort not in SORTS:
        raise BadParameter("sort", "must be one of " + ", ".join(f"'{s}'" for s in SORTS))
    page = positive_int(args, "page", 1)
    per_page = positive_int(args, "per_page", config["BAOKU_PAGE_SIZE"])
    max_per_page = config["BAOKU_MAX_PER_PAGE"]
    if per_page > max_per_page:
        raise BadParameter("per_page", f"at most {max_per_page}")
    # A cap on page alone (not on page * per_page) keeps every combination the
    # OpenAPI description allows acceptable, and bounds the work of one request.
    if page > config["BAOKU_MAX_PAGE"]:
        raise BadParameter("page", f"at most {config['BAOKU_MAX_PAGE']}")
    limit = config["BAOKU_MAX_FILTER_VALUES"]
    filters = {name: facet_values(args, name, limit) for name in FACET_NAMES}
    explain = args.get("explain", "0")
    if explain not in ("0", "1"):
        raise BadParameter("explain", "must be 0 or 1")
    return {"q": q, "filters": {k: v for k, v in filters.items() if v},
            "sort": sort, "page": page, "per_page": per_page, "explain": explain == "1"}


def suggest_params(args, config):
    """``(prefix, limit)`` for suggestions; an over-long prefix is a 400."""
    prefix = query_text(args, config)
    limit = positive_int(args, "limit", 8)
    if limit > 20:
        raise BadParameter("limit", "at most 20")
    return prefix, limit
