"""A document of the Whoosh index as its record, and as a hit (``indexer.searching.hits``)."""
from indexer.searching.fields import stored_record
from indexer.searching.hits import hit_dict


def record_of(searcher, docnum):
    """The article record a document stores."""
    return stored_record(searcher.stored_fields(docnum))


def hit_of(searcher, docnum, score, parsed):
    """One hit of the result (snippet '' when ``parsed`` is None)."""
    return hit_dict(record_of(searcher, docnum), score, parsed)
