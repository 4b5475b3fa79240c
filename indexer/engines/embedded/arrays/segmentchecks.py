"""Checking and mending a segment's memory-mapped files (``segmentfiles``, its
``postingfiles``): ``baoku check`` (``verify``) and ``baoku recover`` (``repair``)."""
import os

from indexer.engines.embedded.arrays import postingfiles, segmentcolumns, segmentfiles
from indexer.engines.embedded.arrays.segmentfiles import file_name
from indexer.engines.embedded.whooshinternals import segment_folder

POSTING = f"{segmentfiles.PREFIX}post."


def verify(leaf, full=True):
    """Raise ``segmentfiles.DamagedFile`` when one of the segment's files is
    damaged (shapes; with ``full``, every offset and string too, and a file
    missing beside the others: a commit writes them all).  A segment with none
    of them (written before them) is not damaged: a query builds them."""
    folder, segment = segment_folder(leaf), leaf.segment().segment_id()
    checked, missing = 0, []
    for item in segmentcolumns.items_of(leaf):
        found = segmentcolumns.opened(folder, segment, item, leaf.doc_count_all())
        if found is None:
            missing.append(segmentfiles.label(segment, item))
            continue
        if full:
            _check_contents(item, found, leaf.doc_count_all(), segmentfiles.label(segment, item))
        checked += 1
    posting = [label for label in missing if POSTING in label]
    if len(posting) == len(postingfiles.fields_of(leaf)):
        missing = [label for label in missing if POSTING not in label]   # written before them
    if full and checked and missing:
        raise segmentfiles.DamagedFile(f"{missing[0]}: missing")
    return checked


def _check_contents(item, found, size, label):
    if item.startswith("post."):
        postingfiles.check(found, size, label, True, segmentfiles.DamagedFile)
        segmentfiles.check_contents("terms", {"blob": found["terms.blob"],
                                              "off": found["terms.off"]}, label)
    else:
        segmentfiles.check_contents(item, found, label)


def repair(leaf):
    """Make the segment's files anew where one is damaged or missing beside the
    others (they are derived from the segment); returns the items' labels."""
    folder, segment = segment_folder(leaf), leaf.segment().segment_id()
    damaged, present = [], 0
    for item in segmentcolumns.items_of(leaf):
        try:
            found = segmentcolumns.opened(folder, segment, item, leaf.doc_count_all())
            if found is not None:
                _check_contents(item, found, leaf.doc_count_all(),
                                segmentfiles.label(segment, item))
                present += 1
        except (segmentfiles.DamagedFile, ValueError, EOFError, OSError):   # np.load's too
            damaged.append(item)
            for part in segmentcolumns.parts_of(item):
                try:
                    os.remove(os.path.join(folder, file_name(segment, item, part)))
                except FileNotFoundError:
                    pass
    if not damaged and present in (0, len(segmentcolumns.items_of(leaf))):
        return []           # sound, or written before the files (a query makes them)
    missing = [item for item in segmentcolumns.items_of(leaf) if segmentcolumns.opened(folder, segment, item) is None]
    segmentcolumns.write_missing(leaf, postings=True)
    return [segmentfiles.label(segment, item) for item in missing]
