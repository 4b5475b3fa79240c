"""Extraction quality: the ldwb-dev scorer's figures for the seeds, ldwb-dev articles and pages.

Usage:  python bench/extract.py [--corpora DIR] [--verbose]

Three sets, one run, each scored by ``ldwb-dev/score_meta.py`` (people, districts
and unions; micro-averaged P/R/F1):

* seeds:    the five seed pages against ``tests/data/seeds_gold.json``;
* articles: ``ldwb-dev/articles.jsonl`` against ``ldwb-dev/gold.jsonl``;
* pages:    the four ``ldwb-dev/pages/`` against ``ldwb-dev/pages_gold.json``.

Page sets are read the way ``baoku extract`` reads them.  A gold unit is
*matched* by the news or photo record whose dateline + body starts with the
unit's printed start (``body_start``, whitespace and quotes ignored), and
*found* when that record also has the unit's kicker, headline and subtitle and
holds no other gold unit's start (two articles glued into one).  A matched
record's metadata is scored against the unit; an unmatched unit scores as
all misses.  News and photo records matching no unit are counted as spurious.
"""
import argparse
import contextlib
import importlib.util
import io
import json
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indexer.reading.sources import read_records  # noqa: E402

CORPORA = ROOT.parent / "shared" / "corpora"
SEEDS_GOLD = ROOT / "tests" / "data" / "seeds_gold.json"
NEUTRAL_HEADLINES = ("职工风采", "一线传真", "基层动态", "工会在行动")
FIELDS = ("reporters", "correspondents", "photographers", "districts", "unions")
HEADS = ("kicker", "headline", "subtitle")


def load_scorer(corpora):
    spec = importlib.util.spec_from_file_location("score_meta", corpora / "ldwb-dev" / "score_meta.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def score(scorer, gold, pred, verbose):
    """Run score_meta on two lists of records; return its output lines (the summary
    only, unless ``verbose``)."""
    with tempfile.TemporaryDirectory() as folder:
        paths = [Path(folder) / "gold.jsonl", Path(folder) / "pred.jsonl"]
        for path, rows in zip(paths, (gold, pred)):
            path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows),
                            encoding="utf-8")
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            scorer.main(*map(str, paths))
    lines = out.getvalue().splitlines()
    if verbose:
        return lines
    start = next(i for i, line in enumerate(lines) if line.startswith("people "))
    return lines[start:]


def score_pages(scorer, gold_units, folder, verbose):
    """(summary lines, found, total, spurious) for a folder of pages and its gold."""
    records = list(read_records([folder]))
    by_page = {}
    for record in records:
        by_page.setdefault(record["source"], []).append(record)
    gold_rows, pred_rows, found, total, spurious, notes = [], [], 0, 0, 0, []
    for page, units in sorted(gold_units.items()):
        predicted = [r for r in by_page.get(page, []) if r["kind"] in ("news", "photo")]
        starts = [scorer.norm(u["body_start"]) for u in units]
        used = set()
        for n, unit in enumerate(units):
            key = f"{page}#{unit['n']}"
            total += 1
            gold_rows.append({"id": key, **{f: unit.get(f) for f in FIELDS},
                              "unions_raw": unit.get("unions_raw"),
                              "unions_forms": unit.get("unions_forms")})
            match = next((r for r in predicted if _text(scorer, r).startswith(starts[n])), None)
            if match is None:
                notes.append(f"  {key}: not matched ({unit['headline']})")
                pred_rows.append({"id": key})
                continue
            used.add(id(match))
            pred_rows.append({"id": key, **{f: match[f] for f in FIELDS}})
            heads_ok = all(scorer.norm(match[h]) == scorer.norm(unit.get(h) or "") for h in HEADS)
            glued = [s for i, s in enumerate(starts) if i != n and s in _text(scorer, match)[1:]]
            if heads_ok and not glued:
                found += 1
            else:
                notes.append(f"  {key}: heads {[match[h] for h in HEADS]} vs "
                             f"{[unit.get(h) for h in HEADS]}" + (" glued" if glued else ""))
        extra = [r for r in predicted if id(r) not in used]
        spurious += len(extra)
        notes += [f"  {page}: spurious {r['kind']} unit {r['headline'][:20]!r} "
                  f"{r['body'][:20]!r}" for r in extra]
    lines = score(scorer, gold_rows, pred_rows, verbose)
    if verbose:
        lines = notes + lines
    return lines, found, total, spurious


def assembled_pages(articles, count, seed):
    """``count`` pages of four ldwb-dev articles each, laid out as the seed pages are:
    head lines, then paragraphs set apart by blank lines, one paragraph in three
    broken mid-sentence by the OCR; articles printed without a title get a neutral
    one.  Returns ({page name: text}, {page name: [gold units]})."""
    rng = random.Random(seed)
    texts, gold = {}, {}
    for number in range(count):
        name, blocks, units = f"assembled_{number:02d}.txt", [], []
        for article in rng.sample(articles, 4):
            headline = article.get("title") or rng.choice(NEUTRAL_HEADLINES)
            paragraphs = []
            for paragraph in article["body"].split("\n"):
                # a break anywhere but in a closing credit (the last 12 characters)
                cut = rng.randrange(len(paragraph) - 12) if len(paragraph) > 40 else 0
                if cut > 10 and rng.random() < 0.33 and paragraph[cut - 1] not in "。！？”":
                    paragraphs += [paragraph[:cut], paragraph[cut:]]
                else:
                    paragraphs.append(paragraph)
            gap = "\n\n\n\n" if rng.random() < 0.3 else "\n\n"
            blocks.append(gap + headline + "\n\n" + "\n\n".join(paragraphs))
            units.append({"n": len(units) + 1, "headline": headline, "body_start": article["body"][:20],
                          **{f: article["gold"].get(f) for f in FIELDS + ("unions_raw", "unions_forms")}})
        texts[name], gold[name] = "\n".join(blocks) + "\n", units
    return texts, gold


def _text(scorer, record):
    return scorer.norm(record["dateline"] + record["body"])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpora", type=Path, default=CORPORA)
    parser.add_argument("--verbose", action="store_true", help="list every difference")
    parser.add_argument("--assembled", type=int, default=0, metavar="N",
                        help="also score N pages assembled from the ldwb-dev articles")
    parser.add_argument("--seed", type=int, default=11, help="seed for --assembled")
    args = parser.parse_args(argv)
    dev = args.corpora / "ldwb-dev"
    scorer = load_scorer(args.corpora)

    seeds = json.loads(SEEDS_GOLD.read_text(encoding="utf-8"))
    lines, found, total, spurious = score_pages(scorer, seeds, ROOT / "seeds", args.verbose)
    print(f"== seeds (5 pages): articles found {found}/{total} = {found / total:.3f}, "
          f"spurious {spurious}")
    print("\n".join(lines))

    articles = [{"id": r["id"], **{f: r[f] for f in FIELDS}}
                for r in read_records([dev / "articles.jsonl"])]
    gold = [json.loads(line) for line in open(dev / "gold.jsonl", encoding="utf-8") if line.strip()]
    print(f"== ldwb-dev articles ({len(gold)})")
    print("\n".join(score(scorer, gold, articles, args.verbose)))

    pages_gold = json.loads((dev / "pages_gold.json").read_text(encoding="utf-8"))
    lines, found, total, spurious = score_pages(scorer, pages_gold, dev / "pages", args.verbose)
    print(f"== ldwb-dev pages ({len(pages_gold)}): articles found {found}/{total} = "
          f"{found / total:.3f}, spurious {spurious}")
    print("\n".join(lines))

    if args.assembled:
        by_id = {g["id"]: g for g in gold}
        items = [dict(json.loads(line), gold=by_id[json.loads(line)["id"]])
                 for line in open(dev / "articles.jsonl", encoding="utf-8") if line.strip()]
        texts, assembled_gold = assembled_pages(items, args.assembled, args.seed)
        with tempfile.TemporaryDirectory() as folder:
            for name, text in texts.items():
                (Path(folder) / name).write_text(text, encoding="utf-8")
            lines, found, total, spurious = score_pages(scorer, assembled_gold, Path(folder),
                                                        args.verbose)
        print(f"== {args.assembled} pages assembled from ldwb-dev articles (seed {args.seed}): "
              f"articles found {found}/{total} = {found / total:.3f}, spurious {spurious}")
        print("\n".join(lines))


if __name__ == "__main__":
    main()
