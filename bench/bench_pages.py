"""Printed pages: how well and how fast ldwb-pdf-dev's PDF pages become articles.

Usage:  python bench/bench_pages.py [--corpora DIR] [--form pdf] [--verbose]

For each form of the dev set (``pdf``: ``pages/*.pdf``; ``clean``/``scans`` when an
OCR reader is installed), the pages are read the way ``baoku extract`` reads them
and scored three ways:

* ``score_pages.py`` (the set's own scorer): articles found, people, districts and
  unions F1 (its ``extract score`` is the lowest of them);
* region IoU: each gold news/photo unit is matched to the record whose dateline +
  body holds its printed start, and the box around that record's ``regions`` is
  compared with the unit's box in ``boxes.json`` (intersection over union);
  reported as the share of units at IoU >= 0.8, and the mean;
* OCR character accuracy (``clean``, ``scans``): the share of the printed text's
  characters (every unit's parts in ``boxes.json``, whitespace and punctuation
  width ignored) found on the OCR'd page, counted as multisets (order aside);
* time per page: wall time of reading and zoning (metadata included), per page.

``--form clean``/``--form scans`` need the ``ocr`` extra and take about a minute
a page on two shared cores; the default is ``pdf`` only.
"""
import argparse
import contextlib
import importlib.util
import io
import json
import re
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indexer.reading.sources import read_records  # noqa: E402

CORPORA = ROOT.parent / "shared" / "corpora"
# form: (folder, gold file, box key, page size key)
FORMS = {"pdf": ("pages", "pages_gold.pdf.json", "bbox", "page_size_pt"),
         "clean": ("clean", "pages_gold.clean.json", "bbox_px", "image_size_px"),
         "scans": ("scans", "pages_gold.scans.json", "bbox_px", "image_size_px")}
IOU_GOOD = 0.8


def _norm(text):
    return re.sub(r"[\s“”\"'《》<>]", "", unicodedata.normalize("NFKC", text or ""))


def load_scorer(folder):
    spec = importlib.util.spec_from_file_location("score_pages", folder / "score_pages.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def iou(a, b):
    x0, y0, x1, y1 = max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])
    inter = max(0.0, x1 - x0) * max(0.0, y1 - y0)
    area = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / area if area > 0 else 0.0


def region_ious(gold, boxes, records, box_key, size_key):
    """[(unit key, IoU)] for every gold news/photo unit (0 when no record matches)."""
    out = []
    for page, units in gold.items():
        size = boxes[page][size_key]
        unit_boxes = {u["n"]: u[box_key] for u in boxes[page]["units"]}
        mine = [r for r in records if r["source"] == page and r["kind"] in ("news", "photo")]
        for unit in units:
            if unit["kind"] not in ("news", "photo"):
                continue
            start = _norm(unit.get("body_start_after_dateline") or unit["body_start"])[:12]
            match = next((r for r in mine if start in _norm(r["dateline"] + r["body"])), None)
            if match is None or not match.get("regions"):
                out.append((f"{page}#{unit['n']}", 0.0))
                continue
            rs = match["regions"]
            box = (min(r["x"] for r in rs) * size[0], min(r["y"] for r in rs) * size[1],
                   max(r["x"] + r["w"] for r in rs) * size[0],
                   max(r["y"] + r["h"] for r in rs) * size[1])
            out.append((f"{page}#{unit['n']}", iou(box, unit_boxes[unit["n"]])))
    return out


def char_accuracy(boxes, records, pages):
    """Share of the printed characters found on the read pages (multisets)."""
    from collections import Counter
    found = total = 0
    for page in pages:
        layer = boxes[page.rsplit(".", 1)[0] + ".pdf"]     # the texts are kept with the PDF's boxes
        printed = Counter(_norm("".join(part.get("text") or "" for unit in layer["units"]
                                        for part in unit["parts"]) + "".join(
            unit.get("text") or "" for unit in layer["units"] if not unit["parts"])))
        read = Counter(_norm("".join(r[k] for r in records if r["source"] == page
                                     for k in ("kicker", "headline", "subtitle", "dateline", "body"))))
        found += sum((printed & read).values())
        total += sum(printed.values())
    return found / total if total else 0.0


def run_form(folder, form, verbose):
    sub, gold_name, box_key, size_key = FORMS[form]
    gold = json.loads((folder / gold_name).read_text(encoding="utf-8"))
    boxes = json.loads((folder / "boxes.json").read_text(encoding="utf-8"))
    problems = []
    started = time.perf_counter()
    records = list(read_records([folder / sub], on_problem=problems.append))
    elapsed = time.perf_counter() - started
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8", delete=False) as out:
        out.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        load_scorer(folder).main(str(gold_name and folder / gold_name), out.name)
    Path(out.name).unlink()
    lines = printed.getvalue().splitlines()
    ious = region_ious(gold, boxes, records, box_key, size_key)
    good = sum(1 for _k, v in ious if v >= IOU_GOOD)
    print(f"== {form}: {len(gold)} pages, {elapsed / len(gold):.2f} s a page, "
          f"{len(problems)} problems")
    print("\n".join(lines if verbose else lines[-1:]))
    print(f"region IoU >= {IOU_GOOD}: {good}/{len(ious)} = {good / len(ious):.3f}, "
          f"mean {sum(v for _k, v in ious) / len(ious):.3f}")
    if form != "pdf":
        print(f"OCR character accuracy: {char_accuracy(boxes, records, gold):.3f}")
    if verbose:
        for key, value in ious:
            if value < IOU_GOOD:
                print(f"  low IoU {value:.2f} {key}")
        for problem in problems:
            print(f"  problem: {problem}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpora", type=Path, default=CORPORA)
    parser.add_argument("--form", choices=sorted(FORMS), action="append")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    folder = args.corpora / "ldwb-pdf-dev"
    for form in args.form or ["pdf"]:
        run_form(folder, form, args.verbose)


if __name__ == "__main__":
    main()
