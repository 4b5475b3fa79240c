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


class PageBar:
    """A tqdm bar on stderr for ``read_records``' ``on_ocr_page(done, total)``:
    pages read by OCR, with the time left; made at the first page, so a run
    without scans shows none."""

    def __init__(self, position=0):
        self.bar, self.position = None, position

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.close()

    def __call__(self, done, total):
        if self.bar is None:
            self.bar = tqdm(desc="OCR", unit="page", total=total, position=self.position,
                            file=sys.stderr)
        self.bar.total = total
        self.bar.update(done - self.bar.n)
