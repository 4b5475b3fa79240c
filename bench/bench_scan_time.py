"""Time per scanned page: OCR (detection and recognition) and zoning, apart.

Usage:  python bench/bench_scan_time.py [IMAGE ...]   (default: the first two of
        ldwb-pdf-dev/scans)

Each image is read as ``baoku extract`` reads it (``read_records``), in one
process; the OCR model is loaded before the clock starts (once a process, about
a second).  Printed per page: seconds in OCR (``scans.image_page`` less its own
pictures and tilt), seconds for everything else (lines, zones, metadata), and
the machine's load average, since absolute times on a shared machine are noisy.
The issue's target: a scan indexed in under a minute on 2 cores.
"""
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indexer.reading.printed import scans  # noqa: E402
from indexer.reading.sources import read_records  # noqa: E402

SCANS = ROOT.parent / "shared" / "corpora" / "ldwb-pdf-dev" / "scans"


def main(argv):
    images = [Path(a) for a in argv] or sorted(SCANS.glob("*.jpg"))[:2]
    scans._ocr()                                  # the model is loaded once a process
    engine = scans._engine
    spent = {"det": 0.0, "rec": 0.0}

    class Timed:
        def __call__(self, *args, **kwargs):
            started = time.perf_counter()
            try:
                return engine(*args, **kwargs)
            finally:
                spent["det"] += time.perf_counter() - started

        def text_rec(self, *args, **kwargs):
            started = time.perf_counter()
            try:
                return engine.text_rec(*args, **kwargs)
            finally:
                spent["rec"] += time.perf_counter() - started

    scans._engine = Timed()
    list(read_records([str(ROOT / "seeds")]))      # jieba and the gazetteer loaded once too
    for image in images:
        spent.update(det=0.0, rec=0.0)
        started = time.perf_counter()
        records = list(read_records([str(image)]))
        total = time.perf_counter() - started
        ocr = spent["det"] + spent["rec"]
        print(f"{image.name}: {total:.1f} s = OCR {ocr:.1f} s (detection {spent['det']:.1f}, "
              f"recognition {spent['rec']:.1f}) + zoning and metadata {total - ocr:.1f} s; "
              f"{len(records)} records; load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main(sys.argv[1:])
