"""Cursors: signed tokens that page through a result set, up to ``MAX_CURSOR_DEPTH`` hits.

A cursor holds where the last page ended (its offset and the id of its last
hit) and a fingerprint of the search it belongs to, signed with HMAC-SHA256
under the installation's secret (the embedded index's ``secret.key``, the
cluster's state row): only this installation can make one, so nobody can ask
for an offset it did not give out.  The order of a result is deterministic,
so while the index does not change the next page starts right after that
hit; if the index changed, it starts after the hit wherever it now is (or at
the offset when the hit is gone: ``ordering.after`` and ``results``).

Cursors stop at ``MAX_CURSOR_DEPTH`` hits: a cluster reserves memory for every
position up to the offset it is asked for (narrow the search, or export it).
"""
import base64
import binascii
import hashlib
import hmac
import json

MAX_CURSOR_DEPTH = 100000   # hits a cursor walk reaches (10x page's 10,000)
MAX_CURSOR_LENGTH = 1500    # characters: an id of MAX_ID_LENGTH, 4 UTF-8 bytes each, in
                            # base64, a dot and the signature's 43
_PURPOSE = b"baoku cursor 1\0"     # what the secret signs here (and nowhere else)


class CursorRefused(ValueError):
    """A cursor this installation did not give out (made up, altered, or signed by
    another installation), or one of another search; ``reason`` says which:
    ``forged``, ``other_search``, ``too_deep``, or ``unavailable`` (no secret here)."""

    def __init__(self, reason, message):
        super().__init__(message)
        self.reason = reason


def fingerprint(q, chosen, sort, date_from, date_to):
    """What makes two requests the same search (paging aside)."""
    key = json.dumps([q, sorted((k, list(v)) for k, v in chosen.items()), sort,
                      date_from, date_to], ensure_ascii=False)
    return hashlib.sha1(key.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def _b64(raw):
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def _unb64(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _signature(secret, payload):
    return hmac.new(secret, _PURPOSE + payload, hashlib.sha256).digest()


def encode(offset, last_id, search_key, secret):
    """The token for the page starting after hit ``offset - 1`` (id ``last_id``)."""
    if not 0 <= offset < MAX_CURSOR_DEPTH:
        raise ValueError(f"a cursor's offset is below {MAX_CURSOR_DEPTH}, not {offset}")
    payload = json.dumps([search_key, offset, last_id], ensure_ascii=False).encode("utf-8")
    return f"{_b64(payload)}.{_b64(_signature(secret, payload))}"


def next_cursor(end, total, last_id, search_key, secret):
    """The cursor after a page ending at ``end`` (None at the end of the result set,
    at ``MAX_CURSOR_DEPTH``, or without a secret to sign it)."""
    if secret is None or end >= min(total, MAX_CURSOR_DEPTH):
        return None
    return encode(end, last_id, search_key, secret)


def decode(token, search_key, secret):
    """``(offset, last_id)``; ``CursorRefused`` unless this installation signed the
    token for this search (``secret`` None: it cannot tell, so none is taken)."""
    if secret is None:
        raise CursorRefused("unavailable", "cursors are off: the installation's secret cannot "
                                           "be read (the log says why); use pages")
    forged = CursorRefused("forged", "cursor is not one this service gave out (altered, "
                                     "made up, or from another installation)")
    try:
        encoded, signature = token.split(".")
        payload, signature = _unb64(encoded), _unb64(signature)
    except (ValueError, binascii.Error, AttributeError):
        raise forged from None
    if not hmac.compare_digest(signature, _signature(secret, payload)):
        raise forged
    try:
        key, offset, last_id = json.loads(payload.decode("utf-8"))
    except (ValueError, TypeError, UnicodeDecodeError):
        raise forged from None
    if key != search_key:
        raise CursorRefused("other_search", "cursor belongs to another search (q, filters, "
                                            "sort or dates differ)")
    if type(offset) is not int or not isinstance(last_id, str) or offset < 0:
        raise forged
    if offset >= MAX_CURSOR_DEPTH:
        raise CursorRefused("too_deep", f"cursors reach the first {MAX_CURSOR_DEPTH} hits")
    return offset, last_id


def page_size(start, per_page):
    """How many of ``per_page`` hits a cursor's page starting at ``start`` shows:
    none past ``MAX_CURSOR_DEPTH``."""
    return max(0, min(per_page, MAX_CURSOR_DEPTH - start))
