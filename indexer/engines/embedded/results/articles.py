"""One article and its neighbours: the full text and related articles."""
from itertools import islice

from whoosh import classify
from whoosh import query as wq

from indexer.engines.embedded.scoring import scoring
from indexer.engines.embedded.results.hits import hit_of
from indexer.engines.embedded.opening.opening import checkout
from indexer.reading.records import MAX_ARTICLE_CHARS
from indexer.engines.embedded.compiling.query import parse
from indexer.engines.embedded.lifecycle import schema

from indexer.searching.browsing import RELATED_TERMS, shown_article


def _docnum(searcher, article_id):
    return searcher.document_number(id=str(article_id)) if article_id else None


def get_article(ix, article_id, *, q=""):
    """The stored record plus headline_html, paragraphs_html, body_html (or None)."""
    with checkout(ix) as searcher:
        docnum = _docnum(searcher, article_id)
        if docnum is None:
            return None
        record = schema.stored_record(searcher.stored_fields(docnum))
    return shown_article(record, parse(q))


def related(ix, article_id, *, limit=5):
    """Articles most like this one (key words of its body), as hits without snippet."""
    with checkout(ix) as searcher:
        docnum = _docnum(searcher, article_id)
        if docnum is None or limit < 1:
            return []
        record = schema.stored_record(searcher.stored_fields(docnum))
        text = "\n".join(p for p in (record.get("headline"), record.get("body")) if p)
        text = text[:MAX_ARTICLE_CHARS]
        if not text.strip():
            return []
        return [hit_of(searcher, d, score, None)
                for d, score in _most_like(searcher, docnum, text, limit)]


def _most_like(searcher, docnum, text, limit):
    """Whoosh's ``more_like`` (key terms of ``text``, Bo1), scored with numpy."""
    terms = searcher.key_terms_from_text("body", text, numterms=RELATED_TERMS,
                                         model=classify.Bo1Model, normalize=False)
    q = wq.Or([wq.Term("body", word, boost=weight) for word, weight in terms])
    found = scoring.score_all(searcher, q, limit=limit + 1)     # the article may be first
    if found is None:
        return [(hit.docnum, hit.score) for hit in
                searcher.search(q, limit=limit, mask={docnum})]
    ranked = ((d, s) for d, s in zip(found[0].tolist(), found[1].tolist()) if d != docnum)
    return list(islice(ranked, limit))
