"""The command line's progress bar, fed by the library's ``progress(done, total)``."""
import sys

from tqdm import tqdm


class ProgressBar:
    """A tqdm bar on stderr for the library's ``progress(done, total)`` callback;
    messages written through it keep the bar below them."""

    def __init__(self, desc, total=None, leave=True):
        self._stderr = sys.stderr
        self.bar = tqdm(desc=desc, unit="doc", total=total, leave=leave, file=sys.stderr)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.bar.close()

    def __call__(self, done, total):
        self.bar.total = total
        self.bar.update(done - self.bar.n)
        if done == total:   # every document analysed; the segments are being written
            self.bar.set_description("writing")

    def step(self):
        self.bar.update()

    def message(self, text):
        self.bar.write(f"baoku: {text}", file=self._stderr)
