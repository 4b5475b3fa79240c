"""Which of a term's words and bigrams are evidence of relevance, for every engine.

An unquoted term ranks by its words, its character bigrams and its exact
string (``engines/embedded/compiling/relevance`` has the whole rule; the
Sphinx engine's ``matching`` and ranker follow it): a short term
(``SHORT_CHARS``) found verbatim ranks first (``EXACT_SCORE`` above any other
evidence); interrogatives and words in more than ``COMMON_SHARE`` of the
documents are no evidence when the term has other words.
"""
import re

from indexer.searching.fields import TEXT_FIELDS

EXACT_SCORE = 1e6
SHORT_CHARS = 12           # terms up to this many characters: exact matches first
COMMON_SHARE = 0.2         # words and bigrams in more of the documents are no evidence
COMMON_DOCS = 5            # (a handful of documents is never too many)
# Question words: what a question asks, never what the answer is about.
INTERROGATIVES = frozenset(
    "什么 啥 哪 哪些 哪个 哪一 哪里 哪儿 哪位 哪年 哪种 怎么 怎样 怎么样 如何 为什么 为何 "
    "多少 几 谁 何 何时 何地 何人 是否 吗 呢 多久 多大 多长 多高 多远".split())
# Bigrams holding one of these are question words too (何 and 几 are not: 何炅, 几内亚).
_ASKING_CHARS = frozenset("哪啥谁吗呢")
_BIGRAM = re.compile(r"^\w\w$")

def evidence_terms(words, bigrams, reader):
    """The words and bigrams worth scoring: no interrogatives, nothing too common.

    ``reader``: what answers ``doc_count_all()`` and ``doc_frequency(field, text)``
    (``postingarrays.CachedFrequencies`` of an index, or another engine's counts).

    A term made only of such words keeps them: they are then what was asked.
    """
    words = [w for w in words if w not in INTERROGATIVES] or words
    bigrams = [g for g in bigrams if _BIGRAM.match(g)]
    bigrams = [g for g in bigrams if g not in INTERROGATIVES
               and not _ASKING_CHARS.intersection(g)] or bigrams
    if reader is not None:
        limit = max(COMMON_DOCS, COMMON_SHARE * reader.doc_count_all())
        words = _rare(words, limit, lambda w: max(reader.doc_frequency(f, w)
                                                   for f in TEXT_FIELDS))
        bigrams = _rare(bigrams, limit, lambda g: reader.doc_frequency("chars2", g))
    return words, bigrams


def _rare(terms, limit, frequency):
    """``terms`` found in at most ``limit`` documents, unless none of those is found."""
    counts = {t: frequency(t) for t in terms}
    rare = [t for t in terms if counts[t] <= limit]
    return rare if any(counts[t] for t in rare) else terms
