"""What the command line prints, as lines: results, summaries, check and recover reports.

``style`` is the CLI's ``click.style`` (passed in: click stays in ``cli.py``).
"""
import html
import re


def result_lines(result, style):
    """A human-readable result: count, then one block a hit."""
    yield f"{result['total']} hits for {result['query']!r} ({result['took_ms']} ms)"
    first = (result["page"] - 1) * result["per_page"] + 1
    for n, hit in enumerate(result["hits"], first):
        title = hit["headline"] or "(no headline)"
        yield f"{n:>4}. {style(title, bold=True)}  [{hit['date'] or '-'}] {hit['id']}"
        if hit["snippet"]:
            yield "      " + terminal_snippet(hit["snippet"], style)


def terminal_snippet(snippet_html, style):
    """The snippet's <mark> as terminal highlighting, HTML entities unescaped."""
    parts = re.split(r"<mark>(.*?)</mark>", snippet_html)
    return "".join(style(html.unescape(p), fg="red", bold=True) if i % 2
                   else html.unescape(p) for i, p in enumerate(parts))


def index_summary(counts, index_dir):
    """The one line ``baoku index`` ends with."""
    if not counts["indexed"]:
        return f"no articles to index, nothing was written; {counts['documents']} documents in {index_dir}"
    return (f"{counts['indexed']} articles indexed ({counts['added']} new, "
            f"{counts['replaced']} replaced) in {counts['seconds']:.1f} s; "
            f"{counts['documents']} documents in {index_dir}")


def stats_lines(info, index_dir):
    """``baoku stats`` as aligned lines."""
    signature = info["signature"]
    yield f"index       {index_dir} ({info['generation']})"
    yield f"documents   {info['documents']}"
    yield f"terms       {info['terms']}"
    yield f"size        {info['size_bytes'] / 1e6:.1f} MB"
    yield (f"dictionary  jieba {signature.get('jieba')}, sha1 {signature.get('dictionary')}, "
           f"analysis v{signature.get('analysis')}")


def recover_lines(done):
    """What ``baoku recover`` skipped, and what is live now."""
    for name, why in done["skipped"]:
        yield f"skipped {name}: {why}"
    was = ("unchanged" if done["previous"] == done["live"] else
           f"was {done['previous'] or 'none'}")
    yield f"{done['live']} is live ({was}), {done['documents']} documents"


def check_lines(report):
    """One line a generation (newest first), then the verdict on the live one."""
    if report["pointer"] and report["generations"]:
        yield f"{report['pointer']} in {report['index_dir']}"
    for entry in report["generations"]:
        name = entry["name"] + (" (live)" if entry["live"] else "")
        if entry["ok"]:
            yield (f"{name}: ok, {entry['documents']} documents in "
                   f"{entry['segments']} segment(s)")
        else:
            yield f"{name}: damaged: {entry['problem']}"
    if not report["generations"]:
        yield f"no generations in {report['index_dir']}"
