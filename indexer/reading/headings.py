"""Headline lines: telling them from text, and naming their parts.

A printed head has up to three decks: a kicker (引题) above the headline, the
headline (主题) and a subtitle (副题) below it.  Three lines are always
kicker / headline / subtitle.  Two lines are kicker + headline when the first
reads as a kicker, else headline + subtitle.  The first line reads as a kicker

* when it is a slogan of phrases set apart by spaces (``徒步红色路线 聆听英烈故事
  汲取奋进力量``) and the second is not, or
* when the second line opens with the actor (a place or organisation) and says
  what it did (``朝阳区总工会开办…``, ``月坛街道党工共建…``), and the first does
  not open with one (it opens with a verb or a topic: ``助力高技能人才由“匠”成“师”``).

A first line opening with the actor is the headline (``麦子店街道 第五届职工运动会开幕``
/ ``地区750余名白领乐享运动``), and so is one before a bare name
(``城市美容师们的篮球情怀`` / ``东城区环卫服务中心篮球队``).

Otherwise the first line is the headline and the second its subtitle
(``北京市职工宣讲比赛决赛举行`` / ``市总工会劳模工匠巡讲活动…``).
"""
import re

from indexer.reading import tagging

SENTENCE_END = "。！？!?…”’」』"
_CLAUSE_MARKS = re.compile(r"[。,，;；]")
OPEN_END = tuple("、,，;；:：(（《“‘-—")
MAX_HEAD_CHARS = 90

_ACTOR_SUFFIX = ("总工会|工会|工委|街道|地区|社区|公司|集团|企业|学院|大学|学校|医院|协会|中心"
                 "|分局|局|区|市|县|镇|乡|村")
_ACTOR_RE = re.compile(rf"^[\u4e00-\u9fff()（）]{{1,10}}?(?:{_ACTOR_SUFFIX})")
_PAIRS = (("“", "”"), ("‘", "’"), ("(", ")"), ("（", "）"), ("《", "》"), ("「", "」"))
_NO_OPENING = frozenset("的了着是和与及或并而等之地得,，、。；;:：”’)）》」")
_SHORT_SENTENCE = 5   # characters with its end mark
_REPORTS_EVENT = re.compile(r"(?:举行|召开|开幕|闭幕|启动|开赛|收官|落幕|揭晓|成立|开班|结业|举办)$")
_QUOTED_RE = re.compile(r"“[^”]*”")
_QUANTITY_RE = re.compile(r"\d|[一二三四五六七八九十百千万两]+[余多]?[名个家项场届批次位支人万]|首[届场批次]")
_VERB_TAGS = frozenset({"v", "vd", "d", "p", "ad", "c"})


def ends_sentence(text):
    """True when ``text`` ends with sentence-final punctuation."""
    return text.rstrip()[-1:] in tuple(SENTENCE_END)


def is_headlike(text):
    """A line that could be a headline: short, no clause punctuation, not left open."""
    text = text.strip()
    return (0 < len(text) <= MAX_HEAD_CHARS and not _CLAUSE_MARKS.search(text)
            and not text.endswith(OPEN_END))


def splits_word(left, right):
    """True when the end of ``left`` and the start of ``right`` form one dictionary word
    (``街道社`` + ``区工作者`` -> 社区): an OCR break, not a headline and its text."""
    if not left or not right:
        return False
    tail, head = left[-3:], right[:3]
    offset = 0
    for word in tagging.cut(tail + head):
        if offset < len(tail) < offset + len(word):
            return True
        offset += len(word)
    return False


def continues_into(line, text):
    """True when ``text`` goes on with the sentence ``line`` began, so ``line`` is no
    headline: a quote or bracket left open (``…以“勇担开路先锋 展示职工``), ``text``
    opening with a particle or a mark (``是北京市…``, ``的老人们…``), or with a
    sentence too short to stand alone (``主题。``, ``第二轮。``)."""
    if any(line.count(a) > line.count(b) for a, b in _PAIRS):
        return True
    text = text.lstrip()
    if text[:1] in _NO_OPENING:
        return True
    first = re.match(r"[^。！？!?；;]*[。！？!?；;]", text)
    return bool(first) and len(first.group()) <= _SHORT_SENTENCE


def arrange_head(lines):
    """{'kicker', 'headline', 'subtitle'} for up to three head lines, in print order."""
    lines = [line for line in lines if line]
    head = {"kicker": "", "headline": "", "subtitle": ""}
    if len(lines) >= 3:
        head.update(kicker=lines[0], headline=lines[1], subtitle=" ".join(lines[2:]))
    elif len(lines) == 2:
        first, second = lines
        if _reads_as_kicker(first, second):
            head.update(kicker=first, headline=second)
        else:
            head.update(headline=first, subtitle=second)
    elif lines:
        head["headline"] = lines[0]
    return head


def _reads_as_kicker(first, second):
    """Two head lines: is the first a kicker (else the second is a subtitle)?"""
    if _REPORTS_EVENT.search(first):
        return False   # …推进会召开 / …决赛举行: the news itself, so the headline
    if _is_slogan(first) and not _is_slogan(second):
        return True
    if not _has_verb(second):
        return False   # a bare name: a subtitle
    if _opens_with_actor(second):
        return not _opens_with_actor(first)
    if _QUANTITY_RE.search(second):
        return False   # a detail with figures: a subtitle
    # 市总工会开展…公益活动 / 劳动者带上“微笑照”回家过年: the organiser's action
    # above the story, whose subject opens the headline
    return _opens_with_actor(first) and _first_tag(second)[:1] in ("n", "r")


def _is_slogan(line):
    """Phrases set apart by spaces outside quotes, not a place then its news
    (``麦子店街道 第五届职工运动会开幕``)."""
    phrases = _QUOTED_RE.sub("“”", line).split()
    return len(phrases) > 1 and not (_opens_with_actor(phrases[0]) and not _has_verb(phrases[0]))


def _has_verb(line):
    """A headline says what happened (朝阳区总工会开办…); a bare name
    (东城区环卫服务中心篮球队) is a subtitle."""
    return any(tag.startswith("v") for _word, tag in tagging.pos_cut(line))


def _first_tag(line):
    for _word, tag in tagging.pos_cut(line[:8]):
        return tag
    return ""


def _opens_with_actor(line):
    """The line starts with a place or organisation name (not with a verb)."""
    return bool(_ACTOR_RE.match(line)) and not _first_word_is_verb(line)


def _first_word_is_verb(line):
    for word, tag in tagging.pos_cut(line[:8]):
        return tag in _VERB_TAGS
    return False

