"""The OpenAPI description of a hit's ``explain`` (with ``explain=1``): the score in
pieces, and ``reading``, the same in a reader's terms (``indexer.searching.whymatched``)."""
from indexer.searching import SIGNALS

STRINGS = {"type": "array", "items": {"type": "string"}}


def explanation_schema():
    number = {"type": "number"}
    signal = {"type": "string", "enum": list(SIGNALS)}
    return {
        "type": "object", "required": ["score", "signals", "matches"],
        "description": "why the hit matched (with explain=1)",
        "properties": {
            "score": {"type": ["number", "null"], "description": "the sum of the signals"},
            "signals": {"type": "array", "items": {
                "type": "object", "required": ["signal", "score", "share"],
                "properties": {"signal": signal, "score": number,
                               "share": {"type": "number", "description": "of the score"}}}},
            "matches": {"type": "array", "items": {
                "type": "object", "required": ["text", "signal", "score", "fields"],
                "properties": {"text": {"type": "string"}, "signal": signal, "score": number,
                               "fields": STRINGS}}},
            "reading": {
                "type": "object", "description": "the same for a reader: where each typed "
                "string occurs whole, which words were found, each piece's share in percent",
                "properties": {
                    "strings": {"type": "array", "items": {"type": "object", "properties": {
                        "text": {"type": "string"}, "headline": {"type": "integer"},
                        "body": {"type": "integer"}}}},
                    "words": {"type": "array", "items": {"type": "object", "properties": {
                        "text": {"type": "string"}, "found": {"type": "boolean"}}}},
                    "weights": {"type": "array", "items": {"type": "object", "properties": {
                        "text": {"type": "string"}, "signal": signal,
                        "percent": {"type": "integer", "minimum": 0, "maximum": 100}}}}}},
        },
    }
