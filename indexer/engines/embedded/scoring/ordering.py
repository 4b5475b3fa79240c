"""Result order over arrays: sort keys per order, the first k, and where a cursor resumes.

A result's order is a list of keys (numpy arrays parallel to the matching
docnums, primary first, each ascending), ties broken by the lower docnum.
``first`` selects the first k with ``np.partition`` on the primary key (the
k-th value is the cut; only the ties at the cut go on to the next key) and
sorts only those k: a page of a million matches costs one pass, not a sort.
"""
import numpy as np

BLOCK = 256     # ``first``: keys taken in blocks of this many to bound the first k


def keys(columns, docs, scores, sort, position=None):
    """The keys of ``docs`` (ascending docnums, with their ``scores``) for ``sort``.

    ``relevance``: best score first; ``date``: newest first (Whoosh's order of the
    date column: undated last), then by score; ``date_asc``: oldest first, undated
    last, then by score.  ``position``: an explicit rank (Whoosh's order, for the
    query shapes it scores) in place of the score.
    """
    if position is not None:            # already in Whoosh's order for the sort
        return ([columns.undated[docs].view(np.int8), columns.date_rank[docs], position]
                if sort == "date_asc" else [position])
    tiebreak = [-scores]
    if sort == "date":
        return [-columns.date_rank[docs]] + tiebreak
    if sort == "date_asc":
        return [columns.undated[docs].view(np.int8), columns.date_rank[docs]] + tiebreak
    return tiebreak


def first(docs, keys, k=None):
    """The first ``k`` of ``docs`` (ascending docnums) in the order of ``keys``
    (all of them when ``k`` is None)."""
    if k is None or k >= len(docs):
        return docs[np.lexsort([docs] + keys[::-1])] if keys else docs
    if k <= 0:
        return docs[:0]
    if not keys:
        return docs[:k]
    primary = keys[0]
    if len(primary) >= k * BLOCK * 4:
        # the k-th least of blocks' least values bounds the k-th key: k blocks
        # each hold one at or below it, so only those at or below can be first
        # (a common word's 240k matches at 10x: a few thousand go on)
        blocks = len(primary) // BLOCK * BLOCK
        bound = np.partition(primary[:blocks].reshape(-1, BLOCK).min(axis=1), k - 1)[k - 1]
        near = np.flatnonzero(primary <= bound)
        if len(near) < len(primary):
            return first(docs[near], [key[near] for key in keys], k)
    cut = primary.min()
    if np.count_nonzero(primary == cut) < k:
        # (when k or more tie first -- exact matches, an empty query's scores --
        # the cut is their value: np.partition is slow on such runs of ties)
        cut = np.partition(primary, k - 1)[k - 1]
    before = primary < cut
    tied = np.flatnonzero(primary == cut)
    head = first(docs[before], [key[before] for key in keys], None)
    rest = first(docs[tied], [key[tied] for key in keys[1:]], k - len(head))
    return np.concatenate([head, rest])


def after(docs, keys, docnum):
    """(where the hits after ``docnum`` start: its place + 1, the mask of the
    ``docs`` after it); None when ``docnum`` is not among ``docs``."""
    j = int(np.searchsorted(docs, docnum))
    if j >= len(docs) or docs[j] != docnum:
        return None
    earlier, same = np.zeros(len(docs), bool), np.ones(len(docs), bool)
    for key in keys + [docs]:
        earlier |= same & (key < key[j])
        same &= key == key[j]
    later = ~earlier
    later[j] = False
    return int(earlier.sum()) + 1, later
