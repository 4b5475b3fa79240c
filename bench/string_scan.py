"""Exact-string scans of a first-asked pass: StringZilla against ``np.strings.find``.

An exact string (a quoted phrase, or an unquoted term's string) is decided by
reading the texts of the documents holding all its bigrams
(``segmentfiles.Strings.containing``).  This runs the 200 held-out queries of
``scale.py`` (the same seed) once through ``open_engine(index).search``,
records every scan they make (the segment's texts, the documents, the
needle), then replays each scan two ways in this process, each first for
every other scan: ``Strings._finds`` as it is (StringZilla's ``find`` per
document) and the baseline it replaced (numpy's ``np.strings.find`` over the
blob viewed as one byte string, between each document's offsets).  Each
scan's time is the least of ``--rounds``; printed per index: the scans' total,
the ten needles slowest with the baseline (their scans summed) with both times, and whether both ways
found the same documents.

    python bench/string_scan.py /work/scale2/index-1x /work/scale2/index-10x
"""
import argparse
import os
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ARCHIVE = os.path.join(HERE, "..", "..", "shared", "corpora", "xwlb_2022_2026.jsonl.gz")


def recorded_scans(index_dir, archive):
    """[(strings, docs, needle)] of every scan the held-out queries make, once each."""
    sys.path.insert(0, HERE)
    from scale import make_queries, read_items      # noqa: E402 - bench/ is not a package
    from indexer.engines import open_engine
    from indexer.engines.embedded.arrays import segmentfiles

    scans, finds = [], segmentfiles.Strings._finds

    def recording(self, docs, needle):
        scans.append((self, docs.copy(), needle))
        return finds(self, docs, needle)

    segmentfiles.Strings._finds = recording
    try:
        engine = open_engine(index_dir)
        for _, q in make_queries(read_items(archive), 200, 16):
            engine.search(q, per_page=10)
    finally:
        segmentfiles.Strings._finds = finds
    return scans


def numpy_finds(strings, docs, needle):
    """The baseline: the blob as one numpy byte string, searched between offsets."""
    blob = np.ascontiguousarray(strings._blob)
    whole = blob.view(f"S{len(blob)}")
    encoded = needle.encode("utf-8")
    if b"\0" in encoded:    # a numpy byte string drops trailing NULs: bytes.find
        return np.array([strings.raw(int(d)).find(encoded) >= 0 for d in docs])
    return np.strings.find(whole, encoded, strings.offsets[docs], strings.offsets[docs + 1]) >= 0


def replay(scans, rounds):
    """[(needle, documents, baseline ms, current ms, same answer)] of each scan."""
    rows = []
    for strings, docs, needle in scans:
        best = {"baseline": float("inf"), "current": float("inf")}
        answers = {}
        for turn in range(rounds):
            ways = [("baseline", numpy_finds), ("current", type(strings)._finds)]
            for name, way in ways if turn % 2 == 0 else ways[::-1]:
                started = time.perf_counter()
                answers[name] = way(strings, docs, needle)
                best[name] = min(best[name], time.perf_counter() - started)
        rows.append((needle, len(docs), best["baseline"] * 1000, best["current"] * 1000,
                     bool((answers["baseline"] == answers["current"]).all())))
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("indexes", nargs="+")
    parser.add_argument("--archive", default=ARCHIVE)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    for index_dir in args.indexes:
        rows = replay(recorded_scans(index_dir, args.archive), args.rounds)
        baseline = sum(r[2] for r in rows)
        current = sum(r[3] for r in rows)
        print(f"{index_dir}: {len(rows)} scans, {sum(r[1] for r in rows):,} texts; "
              f"np.strings.find {baseline:.1f} ms, StringZilla {current:.1f} ms "
              f"(×{current / baseline:.2f}); answers differing: {sum(not r[4] for r in rows)}")
        needles = {}       # a needle's scans (one a segment, and a query may ask it twice)
        for needle, docs, old, new, _ in rows:
            summed = needles.setdefault(needle, [0, 0.0, 0.0])
            summed[0] += docs
            summed[1] += old
            summed[2] += new
        for needle, (docs, old, new) in sorted(needles.items(), key=lambda n: -n[1][1])[:10]:
            print(f"  {needle!r:16} {docs:9,} texts  {old:7.2f} -> {new:7.2f} ms (×{new / old:.2f})")


if __name__ == "__main__":
    main()
