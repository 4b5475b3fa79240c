"""Shared fixtures: a small index of the seed pages, the corpora location.

Each helper adds its own fixtures in its marked section.
"""
import collections
import itertools
import os
from pathlib import Path

import pytest

import programs

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
CORPORA = ROOT.parent / "shared" / "corpora"


# --- index (seed_index, corpus_path) -----------------------------------------

@pytest.fixture(scope="session")
def seed_records():
    """The records of the seed pages, as `baoku index seeds/` reads them."""
    from indexer.reading.sources import read_records
    return list(read_records([str(SEEDS)]))


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory, seed_records):
    """The path of an index of the seed pages, built once per session (read-only)."""
    return build_index(tmp_path_factory, "seed-index", seed_records)


def build_index(tmp_path_factory, name, records):
    """An index of ``records`` in a fresh temporary folder; its path."""
    from indexer.engines.embedded.lifecycle.writing import index_records
    path = tmp_path_factory.mktemp(name) / "index"
    index_records(str(path), records)
    return str(path)


@pytest.fixture(scope="session")
def corpus_path():
    """The 24k-item news archive; skips the test when the corpora are absent."""
    path = CORPORA / "xwlb_2022_2026.jsonl.gz"
    if not path.exists():
        pytest.skip(f"corpus not found: {path}")
    return path


def paragraph_records(folder, prefix):
    """A question set's paragraphs as records (id '<prefix>-<docid>'), skipped when absent."""
    import json

    from indexer.reading.records import new_record
    path = CORPORA / folder / "corpus.jsonl"
    if not path.exists():
        pytest.skip(f"corpus not found: {path}")
    with path.open(encoding="utf-8") as f:
        return [new_record(id=f"{prefix}-{item['id']}", headline=item["title"], body=item["text"],
                           kind="news", source=folder)
                for item in map(json.loads, f)]


@pytest.fixture(scope="session")
def cmrc_records():
    """cmrc2018-trial paragraphs as records (id 'cmrc-<docid>'), skipped when absent."""
    return paragraph_records("cmrc2018-trial", "cmrc")


@pytest.fixture(scope="session")
def drcd_records():
    """drcd-dev paragraphs (traditional Chinese) as records (id 'drcd-<docid>')."""
    return paragraph_records("drcd-dev", "drcd")


# Every STRIDE-th news item (about 6,000 of 24,102, spread over all years) keeps the
# slow tests to a few minutes on 2 cores; BAOKU_CORPUS_STRIDE=1 tests the whole
# archive.  bench/bench_index.py measures the whole archive.
CORPUS_STRIDE = int(os.environ.get("BAOKU_CORPUS_STRIDE", "4"))


@pytest.fixture(scope="session")
def corpus_records(corpus_path, cmrc_records, drcd_records):
    """News items from the archive with the cmrc and DRCD paragraphs mixed in (read once)."""
    from indexer.reading.sources import read_records
    news = itertools.islice(read_records([str(corpus_path)]), 0, None, CORPUS_STRIDE)
    return list(news) + cmrc_records + drcd_records


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory, corpus_records):
    """An index of ``corpus_records``, built once a session for the slow tests."""
    return build_index(tmp_path_factory, "corpus-index", corpus_records)


# --- web app (app, client, runner) -------------------------------------------

@pytest.fixture(scope="session")
def app(seed_index):
    """The web app over the seed index (read-only)."""
    from search_app import create_app
    return create_app({"TESTING": True, "BAOKU_INDEX": seed_index})


@pytest.fixture()
def client(app):
    """A Flask test client of ``app``."""
    return app.test_client()


@pytest.fixture()
def runner(monkeypatch):
    """A click test runner that sees no ``BAOKU_*`` setting of the developer's shell."""
    from click.testing import CliRunner
    for key in [k for k in os.environ if k.startswith("BAOKU_")]:
        monkeypatch.delenv(key)
    return CliRunner()


# --- browser (real headless Chromium) ---------------------------------------

@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright; skips where it is not on PATH."""
    from browsing import CHROMIUM_ARGS
    executable = programs.require("chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def service(seed_index, tmp_path_factory):
    """`baoku serve` (gunicorn) on the seed index, on a free loopback port; its base URL."""
    from browsing import serving
    with serving(seed_index, tmp_path_factory.mktemp("serve") / "stderr.log") as url:
        yield url


@pytest.fixture()
def page(browser):
    """A fresh page in its own browser context (downloads accepted), 10 s timeouts."""
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


# --- hostile input (hostile_index_dir, hostile_client) -----------------------

@pytest.fixture(scope="session")
def hostile_index_dir(tmp_path_factory, seed_records):
    """The seed pages plus articles carrying script payloads, built once (read-only)."""
    from hostile import hostile_records
    return build_index(tmp_path_factory, "hostile", [*seed_records, *hostile_records()])


@pytest.fixture(scope="session")
def hostile_client(hostile_index_dir):
    """A Flask test client of the app over ``hostile_index_dir``."""
    from search_app import create_app
    return create_app({"TESTING": True, "BAOKU_INDEX": str(hostile_index_dir)}).test_client()


# --- issues (issue_pages, issue_records, issue_index, issue_client) -----------

# The test's own manifest for the seed pages: two issues of one paper, pages out
# of file order, one page with no 版名.  (file, paper, date, page, page_name)
ISSUE_MANIFEST = (
    ("000_3ee80826426b5060.txt", "劳动午报", "2025-10-31", 1, "要闻"),
    ("001_972ce3a7d5199a07.txt", "劳动午报", "2025-10-31", 3, "工会新闻"),
    ("002_2053de2695d37692.txt", "劳动午报", "2025-10-31", 2, ""),
    ("003_9ce06a5135dae182.txt", "劳动午报", "2025-11-04", 2, "综合"),
    ("004_5bced994b5e5034b.txt", "劳动午报", "2025-11-04", 1, "要闻"),
)
# News items with dates and no pages (as the news archive has them).
ISSUE_NEWS = (
    ("n1", "2024-12-30", "年终职工慰问活动", "12月28日,各区工会走访慰问困难职工。"),
    ("n2", "2025-01-02", "新年职工运动会", "12月31日举行的运动会吸引职工参加。1月5日还将举办比赛。"),
    ("n3", "2025-01-02", "元旦假期职工服务", "节日期间职工服务站照常开放。"),
    ("n4", "2025-10-30", "职工创新成果展", "10月29日,职工创新成果展开幕。"),
    ("n5", "2026-03-01", "春季职工培训", "培训于2月27日结束。"),
)


@pytest.fixture(scope="session")
def issue_pages(tmp_path_factory):
    """A folder: the seed pages, the manifest above, and news.jsonl with dated items."""
    import csv
    import json
    import shutil
    folder = tmp_path_factory.mktemp("issue-pages")
    for name, *_ in ISSUE_MANIFEST:
        shutil.copy(SEEDS / name, folder / name)
    with (folder / "manifest.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["file", "paper", "date", "page", "page_name"])
        writer.writerows(ISSUE_MANIFEST)
    with (folder / "news.jsonl").open("w", encoding="utf-8") as f:
        for item_id, date, title, body in ISSUE_NEWS:
            f.write(json.dumps({"id": item_id, "date": date, "title": title, "body": body},
                               ensure_ascii=False) + "\n")
    return folder


@pytest.fixture(scope="session")
def issue_records(issue_pages):
    from indexer.reading.sources import read_records
    problems = []
    records = list(read_records([str(issue_pages)], on_problem=problems.append))
    assert not problems, problems
    return records


@pytest.fixture(scope="session")
def issue_index(tmp_path_factory, issue_records):
    return build_index(tmp_path_factory, "issue-index", issue_records)


@pytest.fixture()
def issue_client(issue_index):
    from search_app import create_app
    return create_app({"TESTING": True, "BAOKU_INDEX": issue_index}).test_client()


# --- engines (sphinx_clusters, engine_location) --------------------------------

ENGINES = ("embedded", "sphinx")


@pytest.fixture(scope="session")
def sphinx_clusters(tmp_path_factory):
    """``clusters(name, records)``: the URL of a 3-node Sphinx cluster on loopback holding
    ``records`` (started and indexed on first use, one per name); all stopped at the end.
    Skips when Sphinx's ``searchd`` is not on PATH."""
    programs.require("searchd")
    from indexer.engines import open_engine
    from indexer.engines.sphinx import processes
    made = {}

    def cluster(name, records):
        if name not in made:
            folder = tmp_path_factory.mktemp(f"cluster-{name}") / "cluster"
            url = processes.init(folder, 3)["url"]
            made[name] = (folder, url)
            open_engine(url).index_records(records)
        return made[name][1]

    cluster.folder = lambda name: made[name][0]
    yield cluster
    for folder, _ in made.values():
        processes.stop(folder)


def engine_location(request, name, records, index_dir):
    """Where the engine of ``request.param`` holds ``records``: the embedded index's
    folder ``index_dir``, or a Sphinx cluster's URL (named ``name``)."""
    if request.param == "embedded":
        return index_dir
    return request.getfixturevalue("sphinx_clusters")(name, records)


@pytest.fixture(scope="session", params=ENGINES)
def seed_engine(request, seed_index, seed_records):
    """The seed pages on each engine (read-only): an opened ``Engine``."""
    from indexer.engines import open_engine
    return open_engine(engine_location(request, "seeds", seed_records, seed_index))


# --- the run's last lines: what was skipped, and why ---------------------------

def skip_cause(reason):
    """What a skip was for: a missing program's name (see programs.py), else a kind."""
    reason = reason.removeprefix("Skipped: ")
    if reason.startswith(programs.MISSING):
        return reason[len(programs.MISSING):].split()[0]
    lowered = reason.lower()
    if "root" in lowered:
        return "root needed"
    if any(word in lowered for word in ("corpus", "corpora", "gazetteer")):
        return "corpora absent"
    return "other"


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_terminal_summary(terminalreporter):
    """After the short summary: skips counted by missing program, then by other cause,
    e.g. ``skipped for a missing program: chromium 61, searchd 86``."""
    yield
    causes = collections.Counter(
        skip_cause(report.longrepr[2]) for report in terminalreporter.stats.get("skipped", ())
        if isinstance(report.longrepr, tuple))
    programs_missing = {c: n for c, n in causes.items() if c in programs.PACKAGES}
    others = {c: n for c, n in causes.items() if c not in programs.PACKAGES}
    counted = ", ".join(f"{c} {n}" for c, n in sorted(programs_missing.items()))
    terminalreporter.write_line(f"skipped for a missing program: {counted or 'none'}")
    if others:
        counted = ", ".join(f"{c} {n}" for c, n in sorted(others.items()))
        terminalreporter.write_line(f"skipped for another reason: {counted}")


# --- titles (titled_pages, titled_records, titled_index, titled_client) -------

# News items of two more titles and a broadcast programme, beside the seed pages of
# ISSUE_MANIFEST (劳动午报): (file, items); the programme's items name their title only
# in ``source`` and get their type from the operator's default, as `baoku index
# --source-type broadcast` gives it.  The programme's file ends with a junk line.
TITLED_NEWS = {
    "bjqn.jsonl": [{"id": f"bq{n}", "paper": "北京青年报", "date": day, "page": page,
                    "title": f"北青职工新闻{n}", "body": "北京市总工会举办职工技能大赛。"}
                   for n, (day, page) in enumerate((("2025-10-30", 1), ("2025-10-31", 2),
                                                   ("2025-10-31", 5)))],
    "web.jsonl": [{"id": f"w{n}", "paper": "工人日报网", "date": day,
                   "url": f"https://example.org/news/{n}.html", "title": f"网络职工稿{n}",
                   "body": "职工之家建设。"} for n, day in enumerate(("2025-10-29", "2025-10-31"))],
}
TITLED_BROADCAST = [{"id": f"tv{n}", "date": day, "url": f"https://tv.example.org/{n}.shtml",
                     "source": "央视《新闻联播》", "title": f"联播职工新闻{n}",
                     "body": "央视网消息（新闻联播）：英国火车司机工会举行罢工。"}
                    for n, day in enumerate(("2025-10-28", "2025-10-31", "2025-11-02"))] + [
    {"id": "tv-junk", "date": "2025-11-02", "title": "TITLE_NOT_FOUND",
     "body": "CONTENT_NOT_FOUND\n---\n更新时间：2025-11-03"}]


@pytest.fixture(scope="session")
def titled_pages(tmp_path_factory):
    """Folders: ``print`` (the seed pages with ISSUE_MANIFEST, bjqn.jsonl, web.jsonl)
    and ``tv`` (the programme, to be read with a default source type)."""
    import csv
    import json
    import shutil
    root = tmp_path_factory.mktemp("titled")
    (root / "print").mkdir()
    (root / "tv").mkdir()
    for name, *_ in ISSUE_MANIFEST:
        shutil.copy(SEEDS / name, root / "print" / name)
    with (root / "print" / "manifest.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["file", "paper", "date", "page", "page_name"])
        writer.writerows(ISSUE_MANIFEST)
    for name, items in list(TITLED_NEWS.items()) + [("tv/xwlb.jsonl", TITLED_BROADCAST)]:
        path = root / (name if "/" in name else f"print/{name}")
        path.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items),
                        encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def titled_records(titled_pages):
    """``(records, problems)`` of titled_pages, the programme read as a broadcast."""
    from indexer.reading.sources import read_records
    from indexer.reading.titles import TitleDefaults
    problems = []
    records = list(read_records([str(titled_pages / "print")], on_problem=problems.append))
    records += list(read_records([str(titled_pages / "tv")], on_problem=problems.append,
                                 defaults=TitleDefaults(source_type="broadcast")))
    return records, problems


@pytest.fixture(scope="session")
def titled_index(tmp_path_factory, titled_records):
    return build_index(tmp_path_factory, "titled-index", titled_records[0])


@pytest.fixture()
def titled_client(titled_index):
    from search_app import create_app
    return create_app({"TESTING": True, "BAOKU_INDEX": titled_index}).test_client()
