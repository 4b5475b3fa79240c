"""The one definition of the API's query parameters: what each may be, said once.

``PARAMETERS`` holds each parameter's JSON schema (with the bounds of the
configuration filled in by ``schema``), its description, and the Chinese
message a reader sees when a value is refused.  ``search_app.params`` checks
a request against these schemas (``read``), and ``search_app.openapi`` /
``openapi_issues`` describe them from the same table, so what the description
allows is what the API accepts, and nothing else.

An empty value of an optional text parameter (``from=``, ``year=``: what a
form's blank field sends) means "not given", and the schemas say so.
"""
import re
from dataclasses import dataclass

from indexer.searching.cursor import MAX_CURSOR_DEPTH, MAX_CURSOR_LENGTH
from indexer.searching.daterange import ISO_PREFIX_PATTERN

_NUMBER = re.compile(r"[0-9]{1,7}")
# (here, not in ``errors``: ``baoku search`` checks its options with these, without Flask)
PARAMETER_NAMES = {"q": "检索词", "page": "页码", "per_page": "每页条数", "sort": "排序",
                   "district": "区域", "union": "工会", "year": "年份", "reporter": "记者",
                   "view": "视图", "width": "上下文字数", "order": "排列", "format": "格式",
                   "limit": "条数", "cursor": "翻页标记"}


class BadParameter(ValueError):
    """A request parameter the service cannot accept (answered with 400)."""

    def __init__(self, name, message):
        label = PARAMETER_NAMES.get(name, name)
        super().__init__(f"参数 {name}（{label}）有误：{message}")
        self.name = name


@dataclass(frozen=True)
class Parameter:
    """A query parameter: its JSON ``kind`` (string or integer), pattern or bounds
    (config keys where the configuration sets them), description and message."""
    kind: str
    description: str
    message: str
    pattern: str = None          # strings: the whole value matches it ('' allowed: absent)
    most_chars: int = None
    least: int = None            # integers
    most: object = None          # an int, or the config key that holds it
    default: object = None       # an int, or the config key that holds it

    def schema(self, config):
        """The JSON schema of the description."""
        if self.kind == "integer":
            found = {"type": "integer", "minimum": self.least}
            if self.most is not None:
                found["maximum"] = _value(self.most, config)
            if self.default is not None:
                found["default"] = _value(self.default, config)
            return found
        found = {"type": "string"}
        if self.pattern:
            found["pattern"] = f"^(?:{self.pattern})?$"
        if self.most_chars:
            found["maxLength"] = self.most_chars
        return found

    def read(self, args, name, config):
        """The value given (an int for integers; None when absent or empty), or
        ``BadParameter`` with the Chinese message."""
        raw = args.get(name)
        if raw is None or (raw == "" and self.kind == "string"):
            return None if self.default is None else _value(self.default, config)
        if self.kind == "integer":
            if not _NUMBER.fullmatch(raw) or int(raw) < self.least:
                raise BadParameter(name, self.message)
            if self.most is not None and int(raw) > _value(self.most, config):
                raise BadParameter(name, f"最大为 {_value(self.most, config)}")
            return int(raw)
        if self.most_chars and len(raw) > self.most_chars:
            raise BadParameter(name, f"最多 {self.most_chars} 个字符")
        if self.pattern and not re.fullmatch(self.pattern, raw):
            raise BadParameter(name, self.message)
        return raw


def _value(setting, config):
    return config[setting] if isinstance(setting, str) else setting


_DATE = Parameter("string", "", "应为日期，格式 YYYY-MM-DD（或 YYYY-MM、YYYY），例如 2025-10-31",
                  pattern=ISO_PREFIX_PATTERN)
PARAMETERS = {
    "from": Parameter(**{**_DATE.__dict__,
                         "description": "published on or after this date (inclusive; "
                                        "YYYY-MM or YYYY: from the month's or year's start)"}),
    "to": Parameter(**{**_DATE.__dict__,
                       "description": "published on or before this date (inclusive; "
                                      "YYYY-MM or YYYY: to the month's or year's end)"}),
    "page": Parameter("integer", "page number", "应为正整数，例如 1", least=1,
                      most="BAOKU_MAX_PAGE", default=1),
    "per_page": Parameter("integer", "hits per page", "应为正整数，例如 10", least=1,
                          most="BAOKU_MAX_PER_PAGE", default="BAOKU_PAGE_SIZE"),
    "cursor": Parameter(
        "string", "a result's next_cursor, for the hits after it (page is then ignored); "
        f"cursors reach the first {MAX_CURSOR_DEPTH} hits. Signed by this installation and "
        "bound to its search: any other string (one it did not give out, altered, or of "
        "another search: q, filters, sort or dates) is refused with 400",
        "检索游标无效", most_chars=MAX_CURSOR_LENGTH),
    "year": Parameter("string", "one year", "应为四位数年份，例如 2025", pattern="[0-9]{4}"),
    "month": Parameter("integer", "one month (of that year; without year: that month of "
                       "every year)", "应为月份 1 至 12", least=1, most=12),
}


def read(args, name, config):
    """``PARAMETERS[name]`` read from ``args`` (see ``Parameter.read``)."""
    return PARAMETERS[name].read(args, name, config)


def described(name, config):
    """The OpenAPI parameter object of ``name``."""
    parameter = PARAMETERS[name]
    return {"name": name, "in": "query", "required": False,
            "description": parameter.description, "schema": parameter.schema(config)}
