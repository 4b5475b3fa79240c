"""The page kept and the page view: bytes stored per page and per article, time to
make a page's images, and time to first image opening a page view.

Usage:  python bench/bench_pageview.py [--archive FILE.jsonl.gz] [--corpora DIR] [--runs N]

Indexes the dev set's PDF pages (``ldwb-pdf-dev/pages``, with their manifest), plus
``--archive`` (e.g. the 24k-article ``xwlb_2022_2026.jsonl.gz``) when given, into a
fresh embedded index, then reports:

* page store: bytes per page (every size + info.json), the sizes' widths;
* per article: bytes of its ``glyphs`` (character boxes) and ``regions`` as stored in
  its record (JSON), and per character;
* time to make a page's images (PDF rendered at 150 dpi, sizes written), per page;
* time to first image: over HTTP from ``baoku serve`` (gunicorn, one worker), the page
  view's HTML (``/articles/<id>/page?q=``) then the image it shows, median of N
  articles; and in Chromium, navigation start to the shown image's last byte
  (``performance`` entries), with JavaScript (OpenSeadragon) on.
"""
import argparse
import json
import re
import statistics
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from indexer.engines import open_engine  # noqa: E402
from indexer.pagestore import images  # noqa: E402
from indexer.reading.sources import read_records  # noqa: E402

CORPORA = ROOT.parent / "shared" / "corpora"


def _get(url):
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpora", default=str(CORPORA))
    parser.add_argument("--archive", default=None)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    pages_dir = Path(args.corpora) / "ldwb-pdf-dev" / "pages"

    # images alone: render + sizes, per page
    made = []
    with tempfile.TemporaryDirectory() as scratch:
        for pdf in sorted(pages_dir.glob("*.pdf")):
            started = time.perf_counter()
            image = images.page_image(str(pdf), 1)
            images.write_sizes(image, str(Path(scratch) / pdf.stem), pdf.stem)
            made.append(time.perf_counter() - started)
    print(f"page images: {len(made)} PDF pages rendered at {images.DPI} dpi + sizes: "
          f"{statistics.mean(made):.2f} s a page (max {max(made):.2f})")

    with tempfile.TemporaryDirectory() as scratch:
        index = Path(scratch) / "index"
        engine = open_engine(str(index))
        sources = [str(pages_dir)] + ([args.archive] if args.archive else [])
        started = time.perf_counter()
        counts = engine.index_records(read_records(sources))
        print(f"indexed {counts['documents']:,} documents ({', '.join(sources)}) in "
              f"{time.perf_counter() - started:.1f} s")
        store = engine.page_store()
        report = store.check()
        print(f"page store: {report['pages']} pages, {report['bytes']:,} bytes, "
              f"{report['bytes'] / max(report['pages'], 1):,.0f} bytes a page; widths "
              f"{[s['width'] for s in store.info(store.pages()[0])['sizes']]}")

        records = list(read_records([str(pages_dir)]))
        boxes = [len(json.dumps(r["glyphs"])) for r in records]
        regions = [len(json.dumps(r["regions"])) for r in records]
        chars = [len(r["glyphs"]["text"]) for r in records]
        print(f"per article ({len(records)}): glyphs {statistics.mean(boxes):,.0f} bytes "
              f"(max {max(boxes):,}), regions {statistics.mean(regions):,.0f} bytes; "
              f"{sum(boxes) / max(sum(chars), 1):.1f} bytes a character")

        targets = [r for r in records if r["kind"] in ("news", "photo") and r["reporters"]]
        targets = targets[: args.runs]
        from browsing import serving
        with serving(index, Path(scratch) / "serve.log") as url:
            times = []
            for record in targets:
                name = record["reporters"][0]
                started = time.perf_counter()
                html = _get(f"{url}/articles/{urllib.parse.quote(record['id'])}/page?q="
                            f"{urllib.parse.quote(name)}").decode("utf-8")
                src = re.search(r'class="pageview-image" src="([^"]+)"', html).group(1)
                _get(url + src)
                times.append(time.perf_counter() - started)
            print(f"time to first image over HTTP (page view HTML + its image), "
                  f"{len(times)} articles: median {statistics.median(times) * 1000:.0f} ms, "
                  f"max {max(times) * 1000:.0f} ms")
            _chromium(url, targets)


def _chromium(url, targets):
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return
    from browsing import CHROMIUM_ARGS
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                             args=CHROMIUM_ARGS)
        found = []
        for record in targets:
            context = browser.new_context()
            page = context.new_page()
            page.goto(f"{url}/articles/{urllib.parse.quote(record['id'])}/page?q="
                      f"{urllib.parse.quote(record['reporters'][0])}")
            page.wait_for_function("document.querySelector('.pageview-image').complete")
            found.append(page.evaluate(
                "() => { const img = document.querySelector('.pageview-image');"
                " const e = performance.getEntriesByName(img.currentSrc)[0];"
                " return e ? e.responseEnd : null; }"))
            context.close()
        browser.close()
    found = [f for f in found if f is not None]
    if found:
        print(f"time to first image in Chromium (navigation start -> image's last byte), "
              f"{len(found)} articles: median {statistics.median(found):.0f} ms, "
              f"max {max(found):.0f} ms")


if __name__ == "__main__":
    main()
