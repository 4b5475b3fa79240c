"""How much OCR-tolerant matching recovers: held-out names in OCR-like text.

No OCR'd text of ``ldwb-pdf-dev``'s scans is in this tree (OCR comes on another
branch), so the misreadings are synthetic: in the 32 real 劳动午报 articles of
``ldwb-dev``, each occurrence of a held-out name (the unions and districts the
reader found in them) is misread with probability ``--rate``: one character
replaced by a confusable one from the shipped table where the name has one,
else (4+ characters) one dropped or one extra inside it.  Both the clean and
the misread articles are indexed; for every name, the clean index's matches
(quoted, exact) are the truth, and the misread index is asked the same quoted
name with and without the switch (``"…"~``).  The table is the project's, not
derived from these articles.

    python bench/ocr_tolerance.py [--rate 0.3] [--seed 27]
"""
import argparse
import os
import random
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from indexer.engines import open_engine  # noqa: E402
from indexer.engines.embedded.lifecycle.writing import index_records  # noqa: E402
from indexer.reading.records import KINDS  # noqa: E402
from indexer.reading.sources import read_records  # noqa: E402
from indexer.searching import fuzzy  # noqa: E402

ARTICLES = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "corpora", "ldwb-dev",
                        "articles.jsonl")
EVERY_KIND = {"kind": list(KINDS)}


def misread(name, rng):
    table = fuzzy.confusables()
    swaps = [i for i, c in enumerate(name) if c in table]
    if swaps and (len(name) < 4 or rng.random() < 0.7):
        i = rng.choice(swaps)
        return name[:i] + rng.choice(table[name[i]]) + name[i + 1:]
    if len(name) < 4:
        return name
    i = rng.randrange(1, len(name) - 1)
    return name[:i] + name[i + 1:] if rng.random() < 0.5 else name[:i] + "丨" + name[i:]


def ocr_copy(record, names, rate, rng):
    body = record.get("body") or ""
    for name in sorted(names, key=len, reverse=True):
        parts = body.split(name)
        body = parts[0] + "".join((misread(name, rng) if rng.random() < rate else name) + p
                                  for p in parts[1:])
    return dict(record, body=body)


def ids(result):
    return {hit["id"] for hit in result["hits"]}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rate", type=float, default=0.3)
    parser.add_argument("--seed", type=int, default=27)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    clean = list(read_records([ARTICLES]))
    names = sorted({n for r in clean for n in (r.get("unions") or []) + (r.get("districts") or [])
                    if len(n) >= 3})
    ocr = [ocr_copy(r, names, args.rate, rng) for r in clean]
    folder = tempfile.mkdtemp(prefix="ocr-tolerance-")
    index_records(os.path.join(folder, "clean"), clean)
    index_records(os.path.join(folder, "ocr"), ocr)
    clean_ix, ocr_ix = (open_engine(os.path.join(folder, n)) for n in ("clean", "ocr"))
    truth = exact = tolerant = extra = 0
    for name in names:
        wanted = ids(clean_ix.search(f'"{name}"', filters=EVERY_KIND, per_page=0, snippets=False))
        got = ids(ocr_ix.search(f'"{name}"', filters=EVERY_KIND, per_page=0, snippets=False))
        got_t = ids(ocr_ix.search(f'"{name}"~', filters=EVERY_KIND, per_page=0, snippets=False))
        truth, exact, tolerant = truth + len(wanted), exact + len(got & wanted), \
            tolerant + len(got_t & wanted)
        extra += len(got_t - wanted)
    print(f"{len(names)} held-out names, {len(clean)} articles, misread rate {args.rate}: "
          f"{truth} (name, article) matches in the clean text")
    print(f"  found in the misread text without the switch: {exact} ({exact / truth:.1%})")
    print(f"  found with the switch (\"…\"~):               {tolerant} ({tolerant / truth:.1%})")
    print(f"  extra (name, article) pairs with the switch:  {extra}")


if __name__ == "__main__":
    main()
