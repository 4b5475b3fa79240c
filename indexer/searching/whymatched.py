"""Why a hit matched, in a reader's terms: no scores, no tier constants.

``explaining`` keeps the numbers (the API's ``explain``); this says what a
reader can check in the article itself::

    {"strings": [{"text": "职工创新工作室", "headline": 1, "body": 3}],
     "words": [{"text": "职工", "found": True}, {"text": "工作室", "found": False}],
     "weights": [{"text": "职工", "signal": "words", "percent": 62}, ...]}

``strings``: each string typed (unquoted terms and quoted phrases, not the
excluded ones) and how many times it occurs whole in the headline (with
kicker and subtitle) and in the body; ``words``: the words (and sub-words) of
the unquoted terms, found in the article or not; ``weights``: each matched word, name or
character pair's share, in whole percent, of the evidence that ranked the hit
among the others — the bonus for holding a whole short string is a rank tier,
said by ``strings``, not a weight.
"""
from analyzers import normalize_query_chars
from indexer.searching import querysyntax

WEIGHED = ("words", "bigrams", "field")       # the signals that are relevance evidence
HEADLINE_FIELDS = ("kicker", "headline", "subtitle")


def typed(q):
    """``(strings, unquoted terms)`` of ``q`` outside exclusions, in order, distinct."""
    tree = querysyntax.parse_tree(querysyntax.lex(querysyntax.clean_query(q)))
    strings, terms = {}, {}
    _walk(tree, False, strings, terms)
    return list(strings), list(terms)


def _walk(node, negated, strings, terms):
    if node is None:
        return
    kind = node[0]
    if kind in ("term", "phrase") and not negated and node[1].strip():
        strings[node[1]] = True
        if kind == "term":
            terms[node[1]] = True
    elif kind == "not":
        _walk(node[1], not negated, strings, terms)
    elif kind in ("and", "or"):
        for child in node[1]:
            _walk(child, negated, strings, terms)


def reading(record, q, matches, words=()):
    """The reader's explanation of ``record`` for ``q``, from the explanation's
    ``matches`` and the query's looser ``words`` (as the engine compiled them)."""
    strings, _ = typed(q)
    headline = normalize_query_chars("\n".join(str(record.get(f) or "") for f in HEADLINE_FIELDS))
    body = normalize_query_chars("\n".join(str(record.get(f) or "")
                                           for f in ("dateline", "body")))
    found = []
    for text in strings:
        wanted = normalize_query_chars(text)
        found.append({"text": text, "headline": headline.count(wanted) if wanted else 0,
                      "body": body.count(wanted) if wanted else 0})
    whole = headline + "\n" + body
    words = [{"text": w, "found": normalize_query_chars(w) in whole}
             for w in dict.fromkeys(words) if w.strip() and w not in strings]
    return {"strings": found, "words": words, "weights": _weights(matches)}


def _weights(matches):
    """Each weighed text's whole-percent share of the weighed evidence."""
    shares = {}
    for match in matches:
        if match["signal"] in WEIGHED and match["score"] > 0:
            key = (match["text"], match["signal"])
            shares[key] = shares.get(key, 0.0) + match["score"]
    total = sum(shares.values())
    if not total:
        return []
    weights = [{"text": text, "signal": signal, "percent": round(100 * score / total)}
               for (text, signal), score in shares.items()]
    return sorted(weights, key=lambda w: -w["percent"])
