"""Helpers for the crash and concurrency tests: JSON Lines batches and `baoku index` runs.

A batch is a JSON Lines archive whose items all carry one marker word, so a
quoted search for the marker counts exactly the batch's items that the index
holds.  Bodies are sentences of the seed pages, or (``from_archive``) items of
the 24k-item archive when ``../shared/corpora`` has it: the tests run either way.
"""
import gzip
import itertools
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
CORPUS = ROOT.parent / "shared" / "corpora" / "xwlb_2022_2026.jsonl.gz"

# Distinct words that occur in neither the seeds nor the archive.
MARKERS = ("琥珀标记", "翡翠标记", "玛瑙标记", "珊瑚标记", "水晶标记", "碧玉标记",
           "青铜标记", "云母标记", "石英标记", "孔雀石标记", "黑曜石标记", "月光石标记",
           "蓝宝石标记", "绿松石标记", "紫晶标记", "琉璃标记")

BAOKU = [sys.executable, "-c", "from search_app.cli import cli; cli()"]


def sample_texts(count, seed=0, from_archive=False):
    """``count`` (title, body) pairs: archive items when asked and present, else seed sentences."""
    rng = random.Random(seed)
    if from_archive and CORPUS.exists():
        with gzip.open(CORPUS, "rt", encoding="utf-8") as lines:
            items = [json.loads(line) for line in itertools.islice(lines, 3 * count)]
        items = [item for item in items if item.get("body")]
        return [(item["title"], item["body"]) for item in rng.sample(items, count)]
    sentences = [s + "。" for path in sorted(SEEDS.glob("*.txt"))
                 for s in path.read_text(encoding="utf-8").replace("\n", "").split("。")
                 if len(s) > 8]
    return [(rng.choice(sentences)[:30], "".join(rng.sample(sentences, 6)))
            for _ in range(count)]


def write_batch(path, ids, marker, seed=0, from_archive=False):
    """Write one JSON Lines item per id, each body containing ``marker``; return the path."""
    texts = sample_texts(len(ids), seed, from_archive)
    with open(path, "w", encoding="utf-8") as out:
        for n, (article_id, (title, body)) in enumerate(zip(ids, texts)):
            item = {"id": article_id, "date": f"2024-{n % 12 + 1:02d}-{n % 28 + 1:02d}",
                    "title": title, "body": f"{body}\n本条目含有{marker}字样。",
                    "url": None, "source": "crash-test"}
            out.write(json.dumps(item, ensure_ascii=False) + "\n")
    return path


def start_index(index_dir, *paths, rebuild=False, output=subprocess.DEVNULL):
    """Start `baoku index` in its own process group (so leftovers can be found)."""
    args = BAOKU + ["index", "--index", str(index_dir), *map(str, paths)]
    if rebuild:
        args.append("--rebuild")
    return subprocess.Popen(args, cwd=ROOT, stdout=output, stderr=output,
                            text=True, start_new_session=True)


def run_index(index_dir, *paths, rebuild=False, timeout=120):
    """Run `baoku index` to the end; return (returncode, stdout + stderr)."""
    proc = start_index(index_dir, *paths, rebuild=rebuild, output=subprocess.PIPE)
    try:
        out, err = proc.communicate(timeout=timeout)
    finally:
        kill_group(proc.pid)
    return proc.returncode, out + err


def live_group_members(pgid):
    """Pids of processes in group ``pgid`` that are still running (zombies excluded)."""
    members = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if fields[0] != "Z" and int(fields[2]) == pgid:
            members.append(int(entry))
    return members


def wait_group_gone(pgid, timeout):
    """Wait up to ``timeout`` s for group ``pgid`` to end; return the pids still alive."""
    deadline = time.monotonic() + timeout
    while (alive := live_group_members(pgid)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return alive


def kill_group(pgid):
    """SIGKILL whatever is left of a process group this test started."""
    try:
        os.killpg(pgid, signal.SIGKILL)
    except ProcessLookupError:
        pass
