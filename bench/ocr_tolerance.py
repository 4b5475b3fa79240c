"""How much OCR-tolerant matching recovers on OCR'd scans: held-out names on the
8 scanned pages of ``../shared/corpora/ldwb-pdf-dev``, with and without the switch.

The same 8 pages exist as PDFs with a real text layer (``pages/``) and as
"scanned" JPEGs (``scans/``).  Both are read as ``baoku index`` reads them (the
text layer; OCR and zoning, the ``ocr`` extra) and indexed apart.  Held-out
names: the unions and districts (3+ characters) the reader finds in the 32
clean articles of ``../ldwb-dev`` the pages were made from; the confusables
table is the project's (four-corner codes), not derived from them.

A clean-text match is a (name, page) pair where the quoted name finds an
article of the PDF's text layer on that page; the OCR'd index finds it when
``"name"`` (without the switch) or ``"name"~`` (with it) finds an article of
the scan of that page.  Pages are the unit because OCR zoning cuts a page into
articles differently.  "Extra" counts (name, page) pairs found with the switch
whose clean page has no such match.  OCR takes ~8.5 s a page on 2 cores: its
records are kept in ``--cache`` (outside the repository) and reused.

    python bench/ocr_tolerance.py --cache /tmp/ocr-cache
"""
import argparse
import hashlib
import json
import os
import sys
import tempfile
from collections import defaultdict

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from indexer.engines import open_engine  # noqa: E402
from indexer.engines.embedded.lifecycle.writing import index_records  # noqa: E402
from indexer.reading.records import KINDS  # noqa: E402
from indexer.reading.sources import read_records  # noqa: E402

SHARED = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "corpora")
PAGES = os.path.join(SHARED, "ldwb-pdf-dev")
ARTICLES = os.path.join(SHARED, "ldwb-dev", "articles.jsonl")
EVERY_KIND = {"kind": list(KINDS)}


def scan_records(cache):
    """The scans' records (OCR), from ``cache`` when the same scans were read before."""
    folder = os.path.join(PAGES, "scans")
    digest = hashlib.sha256()
    for name in sorted(os.listdir(folder)):
        with open(os.path.join(folder, name), "rb") as f:
            digest.update(name.encode() + f.read())
    path = cache and os.path.join(cache, f"scans-{digest.hexdigest()[:16]}.jsonl")
    if path and os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            return [json.loads(line) for line in f]
    records = list(read_records([folder]))
    if path:
        os.makedirs(cache, exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    return records


def pages_found(engine, q, page_of):
    found = engine.search(q, filters=EVERY_KIND, per_page=0, snippets=False)
    return {page_of[hit["id"]] for hit in found["hits"]}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cache", help="folder keeping the scans' OCR'd records")
    parser.add_argument("--verbose", action="store_true", help="each name's pages")
    args = parser.parse_args()
    clean = list(read_records([os.path.join(PAGES, "pages")]))
    scans = scan_records(args.cache)
    names = sorted({n for r in read_records([ARTICLES])
                    for n in (r.get("unions") or []) + (r.get("districts") or []) if len(n) >= 3})
    folder = tempfile.mkdtemp(prefix="ocr-tolerance-")
    index_records(os.path.join(folder, "clean"), clean)
    index_records(os.path.join(folder, "ocr"), scans)
    clean_ix, ocr_ix = (open_engine(os.path.join(folder, n)) for n in ("clean", "ocr"))
    page = {r["id"]: os.path.splitext(r["source"])[0] for r in clean + scans}
    counts = defaultdict(int)
    for name in names:
        truth = pages_found(clean_ix, f'"{name}"', page)
        exact = pages_found(ocr_ix, f'"{name}"', page)
        tolerant = pages_found(ocr_ix, f'"{name}"~', page)
        counts["truth"] += len(truth)
        counts["exact"] += len(exact & truth)
        counts["tolerant"] += len(tolerant & truth)
        counts["extra"] += len(tolerant - truth)
        counts["extra_exact"] += len(exact - truth)
        if args.verbose and (truth or tolerant):
            print(f"  {name}: clean {sorted(truth)} exact {sorted(exact)} tolerant "
                  f"{sorted(tolerant)}")
    truth = counts["truth"]
    print(f"{len(names)} held-out names, {len(clean)} articles read from the 8 PDFs' text "
          f"layer, {len(scans)} from the OCR'd scans: {truth} (name, page) matches in the clean text")
    print(f"  found in the OCR'd text without the switch: {counts['exact']} "
          f"({counts['exact'] / truth:.1%})")
    print(f"  found with the switch (\"…\"~):             {counts['tolerant']} "
          f"({counts['tolerant'] / truth:.1%})")
    print(f"  extra (name, page) pairs: {counts['extra']} with the switch, "
          f"{counts['extra_exact']} without")


if __name__ == "__main__":
    main()
