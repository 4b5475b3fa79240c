"""The system programs some tests drive, looked up on PATH: Debian's Chromium (the browser
tests), Sphinx's ``searchd`` (the cluster tests) and ``zstd`` (reads rjieba's built-in
dictionary).  scripts/test.sh installs their packages when it can; where one is missing,
or hidden from PATH, each test that needs it skips with a reason starting ``missing
program: NAME``, which conftest.py counts at the end of the run."""
import shutil

import pytest

PACKAGES = {"chromium": "chromium", "searchd": "sphinxsearch", "zstd": "zstd"}  # program: package
MISSING = "missing program: "


def reason(program):
    """Why a test that needs ``program`` skips."""
    return f"{MISSING}{program} (not on PATH; apt-get install {PACKAGES[program]})"


def needs(program):
    """A mark: the test skips unless ``program`` is on PATH."""
    return pytest.mark.skipif(shutil.which(program) is None, reason=reason(program))


def require(program):
    """The path of ``program``; skips the calling test or fixture when it is missing."""
    path = shutil.which(program)
    if path is None:
        pytest.skip(reason(program))
    return path
