"""Bylines: who wrote an article and who took its pictures.

Three printed forms carry names:

* a lead (dateline) opening the first paragraph: ``本报讯 (记者 孙艳 通讯员 石伟) 10月30日,…``,
  ``本报北京10月30日讯(记者 马超)``, ``新华社北京10月30日电(记者 张三)``, or a byline line
  ``本报记者 孙艳 通讯员 石伟``;
* a photo credit, on its own line or glued to the end of a caption:
  ``本报记者 孙妍 摄影报道``, ``…时代风采。彭程 摄``, ``通讯员 杨帆/摄``;
* a source note ending a reprinted article: ``转自《中工网》``.

Names are 2-4 Han characters (a middle dot allowed for transliterated names),
written after a role word and separated by spaces, ``、`` or commas.
"""
import re

HAN = r"\u3400-\u4dbf\u4e00-\u9fff"
NAME_RE = re.compile(rf"[{HAN}](?:[{HAN}·]{{0,2}}[{HAN}])")

# Role words, longest first so that '本报记者' wins over '记者'.
REPORTER_ROLES = ("本报摄影记者", "新华社记者", "本报特约记者", "本报见习记者", "本报实习记者",
                  "本报首席记者", "本报记者", "摄影记者", "首席记者", "特约记者", "见习记者",
                  "实习记者", "融媒记者", "记者", "实习生")
CORRESPONDENT_ROLES = ("本报特约通讯员", "本报通讯员", "特约通讯员", "通讯员")
ROLES = tuple(sorted(REPORTER_ROLES + CORRESPONDENT_ROLES, key=len, reverse=True))

_PAREN = r"[（(][^（）()\n]{0,80}[）)]"
# 本报讯 / 本报北京10月30日讯 / 新华社北京10月30日电, with an optional (names) part.
LEAD_RE = re.compile(
    rf"^[\s■□●◆▲★]*(?:本报(?:[{HAN}]{{0,4}}(?:\d{{1,2}}月\d{{1,2}}日)?)?讯"
    rf"|新华社(?:[{HAN}]{{0,6}}(?:\d{{1,2}}月\d{{1,2}}日)?)?电)"
    rf"(?:\s*{_PAREN})?")
BYLINE_LINE_RE = re.compile(
    rf"^[\s■□●◆▲★]*本报(?:记者|通讯员)[\s{HAN}·、,，]{{2,60}}$")
# Words that may follow the names in a byline and end them.
NOT_NAMES = frozenset({"摄影报道", "报道", "摄影", "摄", "供图", "整理", "编辑", "编译", "综合"})
_SEPARATORS = re.compile(r"[\s、,，;；/／|]+")
_CREDIT_SUFFIXES = ("摄影报道", "摄影", "摄", "供图")
_CREDIT_STARTS = re.compile(r"(?:^|(?<=[。！？!?…”’」』）)\s]))")
SOURCE_NOTE_RE = re.compile(
    r"^[（(]?\s*(?:(?:转自|转载自|摘自|原载|选自)\s*《[^》\n]{1,24}》\S{0,8}"
    r"|(?:稿件)?来源[:：]\s*\S{1,16})\s*[）)]?$")


def split_lead(paragraph):
    """Split ``本报讯(记者 X) text…`` into (dateline, rest); None when there is no lead.

    The dateline is returned with the space before its parenthesis removed
    (``本报讯 (记者 孙艳)`` -> ``本报讯(记者 孙艳)``); ``rest`` is the body text after it.
    """
    text = paragraph.strip()
    match = LEAD_RE.match(text)
    if match:
        dateline = re.sub(r"\s+(?=[（(])", "", match.group(0).strip())
        return " ".join(dateline.split()), text[match.end():].strip()
    if (BYLINE_LINE_RE.match(text) and not parse_photo_credit(text)
            and names_after_roles(text)[1]):
        return " ".join(text.split()), ""
    return None


def parse_dateline(line):
    """Reporters and correspondents named in a lead; None when ``line`` is not one.

    >>> parse_dateline('本报讯(记者 周美玉 通讯员 于佳慧 张子义)')
    {'reporters': ['周美玉'], 'correspondents': ['于佳慧', '张子义']}
    """
    lead = split_lead(line or "")
    if lead is None:
        return None
    dateline = lead[0]
    inner = re.search(r"[（(]([^（）()]*)[）)]", dateline)
    return names_after_roles(inner.group(1) if inner else dateline)[0]


def names_after_roles(text):
    """Names in ``text`` grouped by the role word before them.

    Returns ({'reporters': [...], 'correspondents': [...]}, found_any).  Names
    before any role word count as reporters; tokens that are not 2-4 Han
    characters end the list (so following words are never swallowed).
    """
    people = {"reporters": [], "correspondents": []}
    field = "reporters"
    for token in _SEPARATORS.split(text.strip()):
        role, token = _strip_role(token)
        if role:
            field = "correspondents" if role in CORRESPONDENT_ROLES else "reporters"
        elif LEAD_RE.match(token):
            continue
        if not token:
            continue
        if role is None and (token in NOT_NAMES or not NAME_RE.fullmatch(token)):
            break
        if NAME_RE.fullmatch(token) and token not in people[field]:
            people[field].append(token)
    return people, bool(people["reporters"] or people["correspondents"])


def _strip_role(token):
    for role in ROLES:
        if token.startswith(role):
            return role, token[len(role):]
    return None, token


def parse_photo_credit(text):
    """Photographers named by a photo credit such as ``本报记者 盛丽 通讯员 朱宇轩 摄影报道``.

    Returns [] when ``text`` is not a credit.  A name glued to the verb
    (``彭程摄``) is accepted only after a role word, to keep ordinary sentences
    ending in 摄 out.
    """
    text = text.strip().strip("（()）").strip()
    for suffix in _CREDIT_SUFFIXES:
        if text.endswith(suffix):
            head = text[:-len(suffix)]
            break
    else:
        return []
    separated = head != head.rstrip(" \t\u3000/／")
    tokens = [t for t in _SEPARATORS.split(head.strip()) if t]
    names, saw_role = [], False
    for token in tokens:
        role, name = _strip_role(token)
        saw_role = saw_role or role is not None
        if not name:
            continue
        if name in NOT_NAMES or not NAME_RE.fullmatch(name):
            return []
        if name not in names:
            names.append(name)
    if not names or not (separated or saw_role):
        return []
    return names


def find_credit(paragraph):
    """A photo credit ending ``paragraph``: (start offset, photographers) or None."""
    text = paragraph.rstrip()
    if not text.endswith(_CREDIT_SUFFIXES) and not text.endswith(("）", ")")):
        return None
    window = max(0, len(text) - 60)
    for match in _CREDIT_STARTS.finditer(text, window):
        start = match.start()
        names = parse_photo_credit(text[start:])
        if names:
            return len(text) - len(text[start:].lstrip()), names
    return None


def is_source_note(line):
    """True for a short reprint note such as ``转自《中工网》``."""
    return bool(SOURCE_NOTE_RE.match(line.strip()))
