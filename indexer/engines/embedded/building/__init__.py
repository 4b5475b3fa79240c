"""Records into segments, fast: what ``lifecycle.writing`` calls to write.

``building`` forks a ``segments.SegmentBuilder`` per chunk of documents
(``forking``), which gathers postings in ``postings`` (beyond its memory, in
sorted ``runs`` on disk) and writes a segment a posting list at a time;
``merging`` holds the tiered merge policy each commit applies and the merge of
``optimize``.
"""
