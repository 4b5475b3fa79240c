"""How bench/scale.py measures a run of the indexer: wall time, the memory of the
whole process tree, the index's size on disk and its segments."""
import os
import resource
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from indexer.engines.embedded.lifecycle import checking, generations  # noqa: E402

BAOKU = os.path.join(os.path.dirname(sys.executable), "baoku")


def tree_memory(root):
    """Summed (RSS, PSS) bytes of ``root`` and its descendants.  The forked builders
    share copy-on-write pages: summed RSS counts them in each, summed PSS once."""
    children = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(name))
    rss = pss = 0
    todo = [root]
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, []))
        try:
            with open(f"/proc/{pid}/smaps_rollup") as f:
                fields = dict(line.split()[:2] for line in f if line.endswith("kB\n"))
        except OSError:
            continue
        rss += int(fields.get("Rss:", 0)) * 1024
        pss += int(fields.get("Pss:", 0)) * 1024
    return rss, pss


def build(archive, index_dir, *, rebuild=True):
    """Run ``baoku index [--rebuild]``: wall s, peak tree (RSS, PSS), largest child's maxrss."""
    peak = [0, 0]
    started = time.perf_counter()
    args = [BAOKU, "index", "--index", index_dir, archive] + (["--rebuild"] if rebuild else [])
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    done = threading.Event()

    def sample():
        while not done.is_set():
            peak[:] = map(max, peak, tree_memory(proc.pid))
            done.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    code = proc.wait()
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    if code:
        sys.exit(f"baoku index exited {code} on {archive}")
    maxrss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024  # KiB on Linux
    return wall, peak, maxrss


def segment_count(index_dir):
    ix = checking.open_generation(index_dir, generations.live_generation(index_dir))
    with ix.reader() as reader:
        return len(reader.leaf_readers())


def disk_size(path):
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, files in os.walk(path)
               for f in files if not os.path.islink(os.path.join(d, f)))
