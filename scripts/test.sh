#!/usr/bin/env bash
# The test command (README's second one; .ci/run runs it): set up, lint, run the suite.
#   bash scripts/test.sh [pytest arguments]
# 1. the Python test and OCR extras, at the versions in constraints.txt;
# 2. Debian's chromium (browser tests), sphinxsearch (searchd: cluster tests) and zstd
#    (reads rjieba's built-in dictionary: tests/test_dictionary.py), with
#    apt-get, when their program is not on PATH and their package is not installed,
#    and only as root; otherwise their tests skip, and the run's last lines count them;
#    and fonts-wqy-zenhei when no CJK font is installed (tests/test_scans.py draws a
#    scanned page with it);
# 3. `ruff check` (pyproject.toml's rules); 4. pytest, in two processes.
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m pip install -q -c constraints.txt -e '.[test,ocr]'

# program:package.  A package that is installed but whose program is not on PATH was
# hidden on purpose (to see its tests skip): it is not installed again.
missing=()
for pair in chromium:chromium searchd:sphinxsearch zstd:zstd; do
  program=${pair%%:*} package=${pair#*:}
  command -v "$program" >/dev/null 2>&1 && continue
  if [ "$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null)" = "install ok installed" ]; then
    echo "test.sh: $package is installed but $program is not on PATH: its tests skip" >&2
  else
    missing+=("$package")
  fi
done
if ! find /usr/share/fonts -name wqy-zenhei.ttc -o -name NotoSansCJK-Regular.ttc 2>/dev/null \
    | grep -q . && [ "$(dpkg-query -W -f='${Status}' fonts-wqy-zenhei 2>/dev/null)" != \
    "install ok installed" ]; then
  missing+=(fonts-wqy-zenhei)
fi
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: ${missing[*]} missing (apt-get install ${missing[*]}, as root): their tests skip" >&2
  elif ! (export DEBIAN_FRONTEND=noninteractive
          apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null); then
    echo "test.sh: could not install ${missing[*]}: their tests skip" >&2
  fi
fi

python3 -m ruff check .

# Two processes (pytest-xdist), each test file in one of them (its module fixtures
# built once): on CI's 2 cores the suite takes ~8 minutes instead of ~13.
status=0
python3 -m pytest -n 2 --dist loadfile "$@" || status=$?
if [ "$status" = 5 ]; then
  echo "test.sh: pytest collected no tests (exit code 5)" >&2
fi
exit "$status"
