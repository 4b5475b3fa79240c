"""Reading around a search: related articles and completions, for every engine.

``RELATED_TERMS``: how many of an article's key words find articles like it;
``SUGGESTION_KINDS``: what a typed prefix completes to, listed in this order
(a suggestion is ``{text, kind}``, with ``facet`` for a name a facet holds and
``id`` for a headline).
"""
RELATED_TERMS = 12
SUGGESTION_KINDS = ("district", "reporter", "union", "street", "headline")   # listed in this order
