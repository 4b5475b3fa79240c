"""What the command line prints, as lines: results, concordances, summaries, check
and recover reports.

``style(text, **how)`` is how the caller highlights (``click.style`` in the CLI;
the identity for plain text), so this module needs no terminal library.

Every text that comes from the archive or from a file name passes through
``printable`` first: a control character in it (ESC starting a cursor move or an
OSC 52 clipboard write, a C1 CSI, a line break forging a ``baoku:`` line, a
bidirectional override) is shown as an escape such as ``\x1b``, never sent to
the terminal.
"""
import html
import re

from wcwidth import wcswidth


_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text):
    """``text`` on one line with no control character: white space as a space,
    the others as visible escapes (``\\x1b``)."""
    def shown(match):
        char = match.group()
        if char in "\t\n\r\u2028\u2029":
            return " "
        return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"
    return _UNPRINTABLE.sub(shown, str(text))


def plain(text, **how):
    """A ``style`` that adds nothing."""
    return text


def result_lines(result, style=plain):
    """A human-readable result: count, then one block a hit."""
    yield f"{result['total']} hits for {result['query']!r} ({result['took_ms']} ms)"
    exact = result.get("total_exact")
    if exact is not None and exact < result["total"]:
        yield (f"{exact} contain the whole string; {result['total'] - exact} more are related "
               "(their words or characters only)")
    for note in result.get("notes", []):
        yield f"note: {printable(note['message'])}"
    first = (result["page"] - 1) * result["per_page"] + 1
    for n, hit in enumerate(result["hits"], first):
        title = printable(hit["headline"] or "(no headline)")
        yield f"{n:>4}. {style(title, bold=True)}  [{place(hit)}] {printable(hit['id'])}"
        if hit["snippet"]:
            yield "      " + snippet_text(hit["snippet"], style)


def place(item):
    """Where a hit or line was printed (its issue label), else its date, else '-'."""
    return printable(item.get("issue_label") or item.get("date") or "-")


def snippet_text(snippet_html, style=plain):
    """The snippet's <mark> as terminal highlighting, HTML entities unescaped."""
    parts = re.split(r"<mark>(.*?)</mark>", snippet_html)
    return "".join(style(printable(html.unescape(p)), fg="red", bold=True) if i % 2
                   else printable(html.unescape(p)) for i, p in enumerate(parts))


def _pad_left(text, width):
    """``text`` right-aligned in ``width`` terminal columns (CJK is two wide)."""
    return " " * max(0, width - max(0, wcswidth(text))) + text


def kwic_lines(found, style=plain):
    """The concordance aligned on the match: left context, match, right context, id."""
    yield (f"{found['total']} occurrences in {found['documents']} documents"
           + (f" (first {len(found['lines'])} shown)" if found["truncated"] else ""))
    columns = 2 * found["width"]        # a CJK character takes two columns
    for line in found["lines"]:
        left, match, right = (printable(line[side]) for side in ("left", "match", "right"))
        yield (f"{_pad_left(left, columns)} {style(match, fg='red', bold=True)} "
               f"{right}  [{place(line)}] {printable(line['id'])}")


def index_summary(counts, index_dir):
    """The one line ``baoku index`` ends with."""
    index_dir = printable(index_dir)
    if not counts["indexed"]:
        return f"no articles to index, nothing was written; {counts['documents']} documents in {index_dir}"
    return (f"{counts['indexed']} articles indexed ({counts['added']} new, "
            f"{counts['replaced']} replaced) in {counts['seconds']:.1f} s; "
            f"{counts['documents']} documents in {index_dir}")


def stats_lines(info, index_dir):
    """``baoku stats`` as aligned lines."""
    signature = info["signature"]
    yield f"index       {printable(index_dir)} ({info['generation']})"
    yield f"documents   {info['documents']}"
    yield f"terms       {info['terms']}"
    yield f"size        {info['size_bytes'] / 1e6:.1f} MB"
    yield (f"dictionary  jieba {signature.get('jieba')}, sha1 {signature.get('dictionary')}, "
           f"analysis v{signature.get('analysis')}")


def recover_lines(done):
    """What ``baoku recover`` skipped, and what is live now."""
    for name, why in done["skipped"]:
        yield f"skipped {printable(name)}: {printable(why)}"
    for label in done.get("files_repaired") or ():
        yield f"made {printable(label)} anew from its segment (it was damaged or missing)"
    was = ("unchanged" if done["previous"] == done["live"] else
           f"was {done['previous'] or 'none'}")
    yield f"{done['live']} is live ({was}), {done['documents']} documents"
    if done.get("pages_removed"):
        yield (f"removed {len(done['pages_removed'])} damaged page image(s): index their "
               f"files again to make them anew")


def check_lines(report):
    """One line a generation (newest first), then the verdict on the live one."""
    if report["pointer"] and report["generations"]:
        yield printable(f"{report['pointer']} in {report['index_dir']}")
    for entry in report["generations"]:
        name = entry["name"] + (" (live)" if entry["live"] else "")
        if entry["ok"]:
            yield (f"{name}: ok, {entry['documents']} documents in "
                   f"{entry['segments']} segment(s)")
        else:
            yield printable(f"{name}: damaged: {entry['problem']}")
    if not report["generations"]:
        yield f"no generations in {printable(report['index_dir'])}"
    pages = report.get("page_store")
    if pages and pages["pages"]:
        yield (f"page images: {pages['pages']} page(s), {pages['bytes']:,} bytes"
               + (f", {pages['stale']} left by a rebuild" if pages["stale"] else ""))
        for key, why in pages["problems"]:
            yield printable(f"page {key}: damaged: {why} (`baoku recover` removes it)")


def title_lines(held):
    """One line per title: name, type, dates covered, issues and items."""
    for t in held:
        dates = f"{t['first_date']} – {t['last_date']}" if t["first_date"] else "no dates"
        yield printable(f"{t['paper']}  [{t['source_type'] or '?'}]  {dates}  "
                        f"{t['issues']} issue(s), {t['items']} item(s)")
