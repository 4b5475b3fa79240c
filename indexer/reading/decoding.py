"""A page file's bytes as text: the encoding given, else UTF-8, else detected.

UTF-8 with or without BOM and UTF-16 with a BOM are read as they are; other
bytes are detected with charset-normalizer, GB18030 winning ties (Chinese OCR
output is often saved in GBK).  Binary data is refused with a hint.
"""
import codecs
import re

import charset_normalizer

GB_FAMILY = {"gb2312", "gbk", "gb18030"}
CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def decode_page(data: bytes, encoding=None) -> str:
    """The text of a page file, BOM stripped and line ends made ``\\n``.

    Raises ValueError (with a hint) for binary data or an undecodable file.
    """
    if encoding:
        text = _decode(data, encoding)
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _decode(data, "utf-16")
    elif b"\0" in data:
        raise ValueError("binary file (contains NUL bytes), not text")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = _decode(data, _detect_encoding(data))
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if len(CONTROLS.findall(text)) > len(text) // 100:
        raise ValueError("binary file (control characters), not text")
    return text


def _decode(data, encoding):
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise ValueError(f"cannot decode as {encoding} (byte {error.start}); "
                         "give the right one with --encoding") from None


def _detect_encoding(data):
    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    if best is None:
        raise ValueError("not UTF-8 and the encoding cannot be detected (binary file?); "
                         "give it with --encoding")
    # Short GBK texts also read as Korean or Japanese: a Chinese archive takes the tie.
    if any(m.encoding == "gb18030" and m.chaos <= best.chaos for m in matches):
        return "gb18030"
    return "gb18030" if best.encoding in GB_FAMILY else best.encoding
