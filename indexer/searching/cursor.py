"""Cursors: opaque tokens that page through a whole result set, with no depth cap.

A cursor holds where the last page ended (its offset and the id of its last
hit) and a fingerprint of the search it belongs to.  The order of a result is
deterministic, so while the index does not change the next page starts right
after that hit; if the index changed, it starts after the hit wherever it now
is (or at the offset when the hit is gone: ``ordering.after`` and ``results``).
"""
import base64
import binascii
import hashlib
import json

MAX_CURSOR_LENGTH = 1500    # characters: an id of MAX_ID_LENGTH, 4 UTF-8 bytes each, in base64


def fingerprint(q, chosen, sort, date_from, date_to):
    """What makes two requests the same search (paging aside)."""
    key = json.dumps([q, sorted((k, list(v)) for k, v in chosen.items()), sort,
                      date_from, date_to], ensure_ascii=False)
    return hashlib.sha1(key.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def encode(offset, last_id, search_key):
    """The token for the page starting after hit ``offset - 1`` (id ``last_id``)."""
    raw = json.dumps([search_key, offset, last_id], ensure_ascii=False).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode(token, search_key):
    """``(offset, last_id)``; ValueError for a token of another search or no token at all."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        key, offset, last_id = json.loads(raw.decode("utf-8"))
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        raise ValueError("cursor is not one this service gave out") from None
    if key != search_key:
        raise ValueError("cursor belongs to another search (q, filters, sort or dates differ)")
    if not isinstance(offset, int) or offset < 0 or not isinstance(last_id, str):
        raise ValueError("cursor is not one this service gave out")
    return offset, last_id
