#!/usr/bin/env bash
# Re-record constraints.txt: today's newest packages (within setup.cfg's bounds),
# installed in a new virtual environment, kept only if the whole suite passes.
# Usage: bash scripts/update_constraints.sh
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m venv "$work/venv"
"$work/venv/bin/python" -m pip install -q --upgrade pip
"$work/venv/bin/python" -m pip install -q -e '.[test,bench]'
"$work/venv/bin/python" -m ruff check .
"$work/venv/bin/python" -m pytest -q
{
  echo "# The versions the suite last passed with (bash scripts/update_constraints.sh, $(date -u +%F))."
  echo "# The README's commands and .ci/run install with: pip install -c constraints.txt ..."
  "$work/venv/bin/python" -m pip freeze --exclude-editable | grep -v '^-e \|^#'
} > constraints.txt
echo "constraints.txt updated"
