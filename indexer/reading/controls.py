"""Control characters: dropped from every record when it is read.

An OCR'd page or a CMS export never needs them, and each one does harm on the
way out: XML 1.0 allows only tab, line feed and carriage return of the C0
controls (one ``\\x01`` makes an Atom feed invalid), and a terminal acts on
ESC (cursor moves, OSC 52 clipboard writes) and on the C1 controls (U+009B is
a CSI).  Lone surrogates and U+FFFE/U+FFFF cannot be written as XML or UTF-8.
``drop_controls`` is applied to every text of a record as it is read, and again
on output (feeds, downloads) for an index built before.
"""
import re

CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def drop_controls(text):
    """``text`` without control characters other than tab, line feed and carriage return."""
    return CONTROLS.sub("", text)


def without_controls(record):
    """``record`` with control characters dropped from its texts, names and keys (in place)."""
    for name, value in record.items():
        record[name] = _clean(value)
    return record


def _clean(value):
    if isinstance(value, str):
        return drop_controls(value)
    if isinstance(value, list):
        return [_clean(item) for item in value]
    if isinstance(value, dict):
        return {_clean(key): _clean(item) for key, item in value.items()}
    return value
