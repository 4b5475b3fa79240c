"""The Whoosh schema: one document per article record.

Fields and why they exist:

* ``headline``, ``kicker``, ``subtitle``, ``body`` — word fields (jieba via
  ``analyzers.word_analyzer``) for BM25F ranking; ``body`` also holds the
  dateline.  No positions: phrases are matched on ``chars2``, and positions
  would add a third to the postings Whoosh must write.  Field weights live in
  ``FIELD_BOOSTS`` and are applied at query time, so they can be tuned
  without reindexing.
* ``chars2`` — overlapping character bigrams, with positions, of all text
  fields joined by ``FIELD_SEPARATOR``: a string of n >= 2 characters is an
  exact substring of a document iff its n-1 bigrams occur at consecutive
  positions (a phrase query).  The separator is a private-use character that
  never occurs in text, so no match spans two fields.
* ``uchars`` — a column (not indexed) with each document's distinct
  normalised characters, for 1-character queries (``charquery.py``): a
  posting per character would cost 40% more indexing time.
* facets — ``district``, ``union``, ``union_level``, ``reporter`` (comma
  lists), ``year``, ``date``, ``kind``, ``source``; all keep a column
  (``sortable``) so counting and date sorting read one small array.
* issue fields — ``paper`` (the title, also a facet), ``source_type``, ``page``, ``page_name``, ``month`` (``YYYY-MM``),
  and the columns ``seq`` and ``lead`` (an article's first line), with ``id``
  and ``headline`` also kept as columns: an issue's table of contents and the
  calendar are read from columns, never from stored records.
* ``record`` — the whole record as JSON, for display.
"""
from whoosh import columns, fields

import analyzers
from indexer.errors import IndexMismatch
from indexer.searching.fields import (FIELD_BOOSTS, FIELD_SEPARATOR, TEXT_FIELDS,  # noqa: F401
                                     document, searchable_text, stored_record)
from indexer.engines.embedded.lifecycle import generations
from indexer.engines.embedded.whooshinternals import WHOOSH_VERSION

SCHEMA_VERSION = 4     # bump when fields change: old indexes then ask for a rebuild


def signature():
    """What an index must have been built with to be searched correctly."""
    return dict(analyzers.analysis_signature(), schema=SCHEMA_VERSION, whoosh=WHOOSH_VERSION)


def check_signature(generation):
    """Raise IndexMismatch unless ``generation`` was built as this code builds indexes."""
    found, expected = generations.read_signature(generation), signature()
    if found != expected:
        changed = sorted(k for k in set(found) | set(expected) if found.get(k) != expected.get(k))
        raise IndexMismatch(
            "the index was built with a different analysis (%s differ): searching it "
            "would miss documents; run `baoku index --rebuild PATHS...`"
            % ", ".join(changed or ["signature"]))


def build_schema():
    """A new Schema instance (analyzers are created here, once per schema)."""
    word = analyzers.word_analyzer()
    text = {name: fields.TEXT(analyzer=word, phrase=False) for name in TEXT_FIELDS}
    text["headline"] = fields.TEXT(analyzer=word, phrase=False,
                                   sortable=columns.VarBytesColumn())

    def facet():
        return fields.KEYWORD(commas=True, lowercase=False, scorable=False,
                              sortable=columns.VarBytesColumn())

    def single():
        return fields.ID(sortable=columns.VarBytesColumn())

    return fields.Schema(
        id=fields.ID(unique=True, stored=True, sortable=columns.VarBytesColumn()),
        chars2=fields.TEXT(analyzer=analyzers.char_analyzer(2), phrase=True),
        uchars=fields.COLUMN(columns.VarBytesColumn()),
        district=facet(), union=facet(), union_level=facet(), reporter=facet(),
        year=single(), date=single(), kind=single(), source=single(),
        month=single(), paper=single(), source_type=single(), page=single(),
        page_name=single(),
        seq=fields.COLUMN(columns.VarBytesColumn()), lead=fields.COLUMN(columns.VarBytesColumn()),
        record=fields.STORED(),
        **text,
    )
