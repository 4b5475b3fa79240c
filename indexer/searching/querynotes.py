"""What to tell a reader about a query: dates that cannot match, and looser
queries to try when nothing was found.

The messages are Chinese: they are shown on the page and in the API as they
are.  Nothing here changes what a query finds (see ``query``).
"""
import calendar
import re

from indexer.searching import querysyntax
from indexer.searching.daterange import date_prefix

_DATE_TERM = re.compile(r"(?<!\S)-?date:(?:\[[^\]]*\]|\S*)")


def date_problem(value):
    """A Chinese sentence saying why ``value`` is not a date, or None when it is."""
    prefix = date_prefix(value)
    if prefix is None:
        return None     # not a date at all: searched as text, nothing to say here
    year, month, day = ([int(part) for part in prefix.split("-")] + [None, None])[:3]
    if month is not None and not 1 <= month <= 12:
        return f"日期“{value}”的月份应在 1 到 12 之间，例如 date:{year}-01"
    if day is not None and not 1 <= day <= calendar.monthrange(year, month)[1]:
        last = calendar.monthrange(year, month)[1]
        return f"日期“{value}”不存在：{year} 年 {month} 月只有 {last} 天"
    return None


def _reversed(low, high):
    """True when no date can lie in ``low..high`` (both ends given, both dates)."""
    low, high = date_prefix(low or ""), date_prefix(high or "")
    return bool(low and high) and low[:len(high)] > high


def query_notes(q):
    """``[{code, value, message}]``: dates and ranges in ``q`` that can match nothing."""
    notes = []
    for token in querysyntax.lex(querysyntax.clean_query(q)):
        if token[0] == "phrase" and not token[1].strip():
            notes.append({"code": "empty_quotes", "value": f'"{token[1]}"',
                          "message": "引号里没有字，什么也找不到：请在引号中写上要找的字词，"
                                     "例如 \"职工创新\"；或去掉引号"})
        elif token[0] == "field" and token[1] == "date":
            problem = date_problem(token[2])
            if problem:
                notes.append({"code": "bad_date", "value": token[2], "message": problem})
        elif token[0] == "range":
            low, high = token[1], token[2]
            for value in (low, high):
                problem = date_problem(value) if value else None
                if problem:
                    notes.append({"code": "bad_date", "value": value, "message": problem})
            if _reversed(low, high):
                notes.append({"code": "reversed_range", "value": f"{low}..{high}",
                              "message": f"日期范围“{low}..{high}”起点晚于终点，"
                                         f"应写成 date:{high}..{low}"})
    return notes


def missing_note(missing_shards):
    """The note of a result some shards did not answer (a distributed engine's)."""
    missing = "、".join(missing_shards)
    return {"code": "partial", "value": ",".join(missing_shards),
            "message": f"分片 {missing} 没有响应，结果不完整（只含其余分片的文章）"}


def result_notes(q, result):
    """Every note of a result of ``q``: its query's, then a missing shards' one."""
    notes = query_notes(q)
    if result.get("partial"):       # a distributed engine's shard did not answer
        notes.append(missing_note(result["missing_shards"]))
    return notes


def looser_queries(q):
    """``[(what changes, looser query)]`` to suggest when ``q`` found nothing."""
    text = (q or "").strip()
    looser = []
    without_dates = re.sub(r"\s+", " ", _DATE_TERM.sub(" ", text)).strip()
    if without_dates != text:
        looser.append(("去掉日期限制", without_dates))
    if '"' in text:
        looser.append(("去掉引号，放宽匹配", re.sub(r"\s+", " ", text.replace('"', " ")).strip()))
    words = querysyntax.plain_words(text)
    if len(words) > 1 and not looser:
        looser.append(("只用其中任意一个词", " OR ".join(words)))
    return [(label, query) for label, query in looser if query and query != text]
