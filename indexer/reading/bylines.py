"""Bylines: who wrote an article and who took its pictures.

The credit grammar of Chinese newspapers, as printed:

* a lead (dateline) opening the first paragraph: ``本报讯 (记者 孙艳 通讯员 石伟) 10月30日,…``,
  ``本报北京10月30日讯(实习记者 马超)``, ``新华社北京10月30日电(记者 张三)``, and the
  ``X讯`` / ``X电`` of any outlet (``中工网讯(记者 X)``, ``人民网北京3月1日电``); or a
  byline line ``本报记者 孙艳 通讯员 石伟``;
* a credit, on its own line or glued to the end of a paragraph: role words and
  names, then what each did:
    ``X 摄`` / ``X/摄`` / ``摄影`` / ``供图``             X took the pictures;
    ``X 摄影报道``, ``X 文/摄``, ``X 文/图``, ``图/文``      X wrote the text and took them;
    ``本报记者 X`` (closing an article), ``X 报道``         X wrote it;
  a name after ``记者`` (本报记者, 实习记者, 特约记者 ...) is a reporter's, after
  ``通讯员`` a correspondent's, and a bare name a reporter's;
* a source note ending a reprinted article: ``转自《中工网》``.

Names are 2-4 Han characters (a middle dot allowed for transliterated names),
written after a role word and separated by spaces, ``、`` or commas.
"""
import re

HAN = r"\u3400-\u4dbf\u4e00-\u9fff"
NAME_RE = re.compile(rf"[{HAN}](?:[{HAN}·]{{0,2}}[{HAN}])")

# Role words: an optional outlet, an optional grade, then 记者 or 通讯员.
_OUTLET_WORDS = ("本报", "本刊", "新华社", "中新社", "劳动午报", "工人日报", "中工网")
_GRADES = ("摄影", "特约", "见习", "实习", "首席", "驻站", "驻京", "融媒", "全媒体", "特派")
REPORTER_ROLES = tuple(o + g + "记者" for o in ("",) + _OUTLET_WORDS for g in ("",) + _GRADES) + (
    "实习生",)
CORRESPONDENT_ROLES = tuple(o + g + "通讯员" for o in ("",) + _OUTLET_WORDS
                            for g in ("", "特约", "见习"))
ROLES = tuple(sorted(REPORTER_ROLES + CORRESPONDENT_ROLES, key=len, reverse=True))

_PAREN = r"[（(][^（）()\n]{0,80}[）)]"
_MARKS = "\\s■□●◆▲★"
_DATE = r"(?:\d{1,2}月\d{1,2}日)?"
# 本报讯 / 本报北京10月30日讯 / 新华社北京10月30日电, with an optional (names) part;
# any other outlet's 讯/电 (中工网讯, 人民网北京3月1日电) when something not Han follows.
LEAD_RE = re.compile(
    rf"^[{_MARKS}]*(?:本报(?:[{HAN}]{{0,4}}{_DATE})?讯|新华社(?:[{HAN}]{{0,6}}{_DATE})?电"
    rf"|(?![据经从由向在对把])[{HAN}]{{1,8}}?(?:网|报|社|台|客户端)"
    rf"(?:[{HAN}]{{0,6}}{_DATE})?[讯电](?=\s|[（(:：,，]|$))"
    rf"(?:\s*{_PAREN})?")
BYLINE_LINE_RE = re.compile(
    rf"^[{_MARKS}]*(?:{'|'.join(ROLES)})[\s{HAN}·、,，]{{2,60}}$")
# Words that may follow the names in a byline and end them.
NOT_NAMES = frozenset({"摄影报道", "报道", "摄影", "摄", "供图", "整理", "编辑", "编译", "综合",
                       "文", "图", "文图", "图文", "文并摄"})
_SEPARATORS = re.compile(r"[\s、,，;；/／|]+")
# What the credited did, longest first: (suffix, wrote the text, took the pictures).
_DEEDS = (("摄影报道", True, True), ("文并摄", True, True), ("文/摄", True, True),
          ("文／摄", True, True), ("文/图", True, True), ("文／图", True, True),
          ("图/文", True, True), ("图／文", True, True), ("图文", True, True),
          ("文图", True, True), ("摄影", False, True), ("供图", False, True),
          ("报道", True, False), ("摄", False, True), ("/文", True, False), ("／文", True, False),
          ("/图", False, True), ("／图", False, True))
_DEED_PREFIX = re.compile(r"^(?:(文[/／]图|图[/／]文|文[/／]摄)(?:\s*[/／:：]\s*|\s+)"
                          r"|(文图|图文|摄影|文|图|摄)\s*[/／:：]\s*)")
# a role word right after a name (OCR drops the printed spaces: 记者陈曦通讯员黄巧维) starts a new name
_ROLE_INSIDE = re.compile(rf"(?<=[{HAN}])({'|'.join(ROLES)})")
_ROLE_THEN_SPACE = re.compile(rf"^(?:{'|'.join(ROLES)})[\s\u3000]+[{HAN}]")
# where one part of a several-part credit ends: before 文/ 图/ 摄影/, after /文 /摄 /图
_DEED_PARTS = re.compile(r"\s+(?=(?:文|图|摄影|摄)\s*[/／:：])|(?<=[/／](?:文|图|摄))\s+")
_BARE_NAMES = re.compile(
    rf"(?:\s*(?:{'|'.join(ROLES)})\s*[{HAN}·]{{2,4}}(?:[、,，]\s*[{HAN}·]{{2,4}})*)+(?=\s|$)")
_CREDIT_SUFFIXES = tuple(suffix for suffix, _wrote, took in _DEEDS if took)
_ROLE_NEAR_END = re.compile(r"(?:记者|通讯员|实习生)[^。！？!?]{0,16}$")
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
        end = match.end()
        if not match.group(0).rstrip().endswith((")", "）")):
            names = _BARE_NAMES.match(text, end)   # 本报讯 记者张三 通讯员李四 近日…
            end = names.end() if names else end
        dateline = re.sub(r"\s+(?=[（(])", "", text[:end].strip())
        return " ".join(dateline.split()), text[end:].strip()
    if BYLINE_LINE_RE.match(text) and not parse_photo_credit(text) and _only_roles_and_names(text):
        return " ".join(text.split()), ""
    return None


def _only_roles_and_names(text):
    """``本报记者 孙艳 通讯员 石伟``: role words and names and nothing else (not
    ``记者从活动现场了解到,这次``)."""
    tokens = [t for t in _SEPARATORS.split(text.strip().lstrip("■□●◆▲★")) if t]
    role = _strip_role(tokens[0])[0] if tokens else None
    if role is None or not (role.startswith(_OUTLET_WORDS) or _ROLE_THEN_SPACE.match(
            text.strip().lstrip("■□●◆▲★"))):
        return False    # 记者节快乐
    for token in tokens:
        _role, name = _strip_role(token)
        if name and (name in NOT_NAMES or not NAME_RE.fullmatch(name)):
            return False
    return True


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
    return names_after_roles(_roles_apart(inner.group(1) if inner else dateline))[0]


def _roles_apart(text):
    """A space before each role word that follows a name without one (OCR drops
    the printed spaces: 记者陈曦通讯员黄巧维), unless it ends a longer role (本报记者)."""
    def spaced(match):
        before = match.string[:match.end()]
        longer = any(len(role) > len(match.group(1)) and before.endswith(role) for role in ROLES)
        return match.group(1) if longer else " " + match.group(1)
    return _ROLE_INSIDE.sub(spaced, text)


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


def parse_credit(text):
    """The people a credit names, by role (see ``_parse_one``); a credit of several
    parts, each with its deed (``文/本报记者 张三 图/本报记者 李四``, ``张三/文 李四/摄``),
    is read part by part."""
    parts = [p for p in _DEED_PARTS.split(text.strip()) if p.strip()]
    if len(parts) < 2:
        return _parse_one(text)
    people = {"reporters": [], "correspondents": [], "photographers": []}
    for part in parts:
        found = _parse_one(part)
        if found is None:
            return _parse_one(text)
        for role, names in found.items():
            people[role] += [name for name in names if name not in people[role]]
    return people


def _parse_one(text):
    """The people a credit names, by role: ``本报记者 孙妍 摄影报道`` ->
    {'reporters': ['孙妍'], 'correspondents': [], 'photographers': ['孙妍']}.

    None when ``text`` is not a credit.  A credit ends with what was done (摄,
    摄影报道, 文/摄 ...) or, with no such word, is role words and names only
    (``本报记者 王卓``).  A name glued to the verb (``彭程摄``) or standing alone
    before a bare 摄 needs a role word or a space, to keep ordinary sentences
    ending in 摄 out.
    """
    text = text.strip().strip("（()）").strip().lstrip("■□●◆▲★ ")
    wrote, took, head = True, False, text
    prefix = _DEED_PREFIX.match(text)
    if prefix:  # 文/本报记者 X, 图/文 X, 摄影/X
        deed = prefix.group(1) or prefix.group(2)
        wrote, took = "文" in deed, "图" in deed or "摄" in deed
        text = head = text[prefix.end():] + " "
    for suffix, does_write, does_take in _DEEDS if not prefix else ():
        if text.endswith(suffix):
            wrote, took, head = does_write, does_take, text[:-len(suffix)]
            break
    if not prefix and head == text and not _ROLE_THEN_SPACE.match(text):
        return None  # no deed word: 本报记者 王卓, never 记者节快乐
    separated = head != head.rstrip(" \t\u3000/／") or head == text
    people = {"reporters": [], "correspondents": [], "photographers": []}
    field, saw_role = "reporters", False
    for token in _SEPARATORS.split(head.strip()):
        role, name = _strip_role(token)
        if role:
            saw_role = True
            field = "correspondents" if role in CORRESPONDENT_ROLES else "reporters"
        if not name:
            continue
        if name in NOT_NAMES or not NAME_RE.fullmatch(name):
            return None
        if took and name not in people["photographers"]:
            people["photographers"].append(name)
        if wrote and name not in people[field]:
                people[field].append(name)
    named = any(people.values())
    if not named or not (separated or saw_role) or (head == text and not saw_role and not prefix):
        return None
    return people


def parse_photo_credit(text):
    """Photographers named by a photo credit such as ``本报记者 盛丽 通讯员 朱宇轩 摄影报道``.

    Returns [] when ``text`` is not a photo credit.
    """
    people = parse_credit(text)
    return people["photographers"] if people else []


def find_closing(paragraph, *, photos_only=False):
    """A credit ending ``paragraph``: (start offset, people by role) or None.

    ``本报记者 王卓`` with no deed word counts only as a whole paragraph or
    after a sentence end; ``photos_only`` keeps credits naming a photographer.
    """
    text = paragraph.rstrip()
    if not text.endswith(_CREDIT_SUFFIXES + ("报道", "）", ")")) and (
            photos_only or not _ROLE_NEAR_END.search(text, max(0, len(text) - 24))):
        return None
    window = max(0, len(text) - 60)
    for match in _CREDIT_STARTS.finditer(text, window):
        start = match.start()
        people = parse_credit(text[start:])
        if people and (people["photographers"] or not photos_only):
            return len(text) - len(text[start:].lstrip()), people
    return None


def find_credit(paragraph):
    """A photo credit ending ``paragraph``: (start offset, photographers) or None."""
    found = find_closing(paragraph, photos_only=True)
    return (found[0], found[1]["photographers"]) if found else None


def is_source_note(line):
    """True for a short reprint note such as ``转自《中工网》``."""
    return bool(SOURCE_NOTE_RE.match(line.strip()))
