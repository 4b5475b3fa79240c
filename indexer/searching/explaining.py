"""Why a hit matched: the pieces of its score, with the strings and fields behind them.

``scoring.explain`` gives each hit's score as (signal, string, score)
pieces; this module shapes them for the API and the page::

    {"score": 12.3,
     "signals": [{"signal": "bigrams", "score": 7.1, "share": 0.577}, ...],
     "matches": [{"text": "林默", "signal": "bigrams", "score": 2.2,
                  "fields": ["body"]}, ...]}

Signals: ``exact`` (the whole typed string; ``relevance.EXACT_SCORE`` ranks
short ones first), ``words`` (jieba words, BM25F over the word fields),
``bigrams`` (character bigrams), ``field`` (``reporter:``, ``district:``, ...),
``constant``, ``filter`` and ``all`` (constant weights of other query parts).
The signals' scores, and the matches' scores, add up to the hit's score.
With the query, ``reading`` says the same for a reader (``whymatched``).
"""
from analyzers import normalize_query_chars
from indexer.searching.fields import TEXT_FIELDS
from indexer.searching.whymatched import reading

SIGNALS = ("exact", "words", "bigrams", "field", "constant", "filter", "all")


def explanation(record, pieces, q=None, words=()):
    """The explanation of one hit from its ``pieces`` (None: Whoosh scored it);
    with ``q`` (and its compiled looser ``words``), the reader's ``reading`` too."""
    found = _explanation(record, pieces)
    if q is not None:
        found["reading"] = reading(record, q, found["matches"], words)
    return found


def _explanation(record, pieces):
    if pieces is None:
        return {"score": None, "signals": [], "matches": []}
    texts = _texts(record)
    total = sum(score for *_, score in pieces)
    signals, matches = {}, []
    for signal, field, text, score in pieces:
        signals[signal] = signals.get(signal, 0.0) + score
        wanted = normalize_query_chars(text)
        fields = [field] if field else [name for name, t in texts.items() if wanted and wanted in t]
        matches.append({"text": text, "signal": signal, "score": round(score, 4),
                        "fields": fields})
    return {
        "score": round(total, 4),
        "signals": [{"signal": name, "score": round(signals[name], 4),
                     "share": round(signals[name] / total, 4) if total else 0.0}
                    for name in SIGNALS if name in signals],
        "matches": sorted(matches, key=lambda m: -m["score"]),
    }


def _texts(record):
    body = "\n".join(p for p in (record.get("dateline"), record.get("body")) if p)
    return {name: normalize_query_chars((body if name == "body" else record.get(name)) or "")
            for name in TEXT_FIELDS}
