"""The archive by issue on the Whoosh index: an ``IssueTable`` read from columns.

The table (``indexer.searching.issues``) is built once per index version from
the columns (date, paper, page, page_name, seq, kind, headline, lead, id,
source), like ``facetcounts.FacetTable``; ``calendar``, ``issue``,
``neighbours`` and ``summary`` answer from it.
"""
from indexer.engines.embedded.opening.generation import generation_of
from indexer.engines.embedded.opening.opening import checkout
from indexer.searching import issues
from indexer.searching.issues import Item

_COLUMNS = ("id", "date", "paper", "page", "page_name", "seq", "kind", "headline", "lead",
            "source", "source_type")


def _text(value):
    return bytes(value).decode("utf-8", "replace") if isinstance(value, (bytes, memoryview)) \
        else (value or "")


def _items(reader):
    """An Item per live document, read from the columns."""
    for leaf, offset in reader.leaf_readers():
        cols = {name: list(leaf.column_reader(name, translate=True))
                if leaf.has_column(name) else [""] * leaf.doc_count_all() for name in _COLUMNS}
        deleted = leaf.has_deletions()
        for n in range(leaf.doc_count_all()):
            if deleted and leaf.is_deleted(n):
                continue
            v = {name: _text(cols[name][n]) for name in _COLUMNS}
            yield Item(v["id"], v["date"], v["paper"], int(v["page"]) if v["page"].isdigit()
                       else None, v["page_name"], int(v["seq"]) if v["seq"].isdigit() else 0,
                       v["kind"], v["headline"], v["lead"], v["source"], v["source_type"])


def _issue_table(reader):
    return issues.IssueTable(_items(reader))


def issue_table(searcher):
    """The table for this searcher's index version (built once, kept by the generation)."""
    return generation_of(searcher.reader()).cache("issue_tables", _issue_table).get(searcher)


def _table(ix):
    with checkout(ix) as searcher:
        return issue_table(searcher)


def calendar(ix, year=None, month=None, paper=None):
    return issues.calendar(_table(ix), year, month, paper)


def issue(ix, date, paper=None):
    return issues.issue(_table(ix), date, paper)


def neighbours(ix, article_id):
    return issues.neighbours(_table(ix), article_id)


def summary(ix):
    return issues.summary(_table(ix))
