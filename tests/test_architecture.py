"""The folder list is the architecture: an import walk over the source keeps it so.

Each module's imports are read with ``ast`` (not by importing), followed
transitively, with the packages a dotted import runs (``a.b.c`` runs ``a`` and
``a.b`` first).  A package that imports its names when first asked for
(``_HOMES``, as ``analyzers`` does) counts as importing the home of each name a
module takes from it (``from analyzers import x``, ``analyzers.x``).
``whoosh.analysis`` is the tokenizer framework ``analyzers`` builds on (text
analysis every engine indexes with, not the Whoosh index); any other ``whoosh``
import belongs to the embedded engine.
"""
import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("analyzers", "indexer", "search_app")
MAX_LINES = 300


def _modules():
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join(parts)] = path
    return found


MODULES = _modules()


def _lazy_homes():
    """{package: {name: module}} of the packages that import their names lazily."""
    found = {}
    for name, path in MODULES.items():
        if path.name == "__init__.py":
            for node in ast.parse(path.read_text(encoding="utf-8")).body:
                if (isinstance(node, ast.Assign) and len(node.targets) == 1
                        and getattr(node.targets[0], "id", None) == "_HOMES"):
                    found[name] = ast.literal_eval(node.value)
    return found


LAZY = _lazy_homes()


def _imports(name, path):
    """(modules of ours this one imports, the whoosh modules it imports)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    named = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                and node.attr in LAZY.get(node.value.id, {})):
            named.add(LAZY[node.value.id][node.attr])       # analyzers.word_analyzer
        if isinstance(node, ast.Import):
            named.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parts + ([base] if base else []))
            named.add(base)
            named.update(LAZY[base][alias.name] if alias.name in LAZY.get(base, {})
                         else f"{base}.{alias.name}" for alias in node.names)
    ours, whoosh = set(), set()
    for module in named:
        if module.split(".")[0] == "whoosh":
            whoosh.add(module)
            continue
        parts = module.split(".")
        for i in range(1, len(parts) + 1):       # a.b.c runs a, a.b, a.b.c
            prefix = ".".join(parts[:i])
            if prefix in MODULES and prefix != name:
                ours.add(prefix)
    return ours, whoosh


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _reach(start):
    seen, todo = set(), [start]
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(GRAPH[name][0])
    return seen


def _under(prefix):
    return sorted(n for n in MODULES if n == prefix or n.startswith(prefix + "."))


def _index_code(name):
    """The whoosh modules ``name`` imports other than the text analysis framework."""
    return {m for m in GRAPH[name][1] if not m.startswith("whoosh.analysis")}


def test_the_web_app_loads_no_whoosh_at_all():
    """(The CLI's ``baoku cluster`` reaches the Sphinx engine, which indexes with the
    analyzers: their ``whoosh.analysis``, as below.)"""
    for start in [n for n in _under("search_app") if not n.startswith("search_app.cli")]:
        whoosh = sorted(n for n in _reach(start) if GRAPH[n][1])
        assert not whoosh, f"{start} reaches modules importing whoosh: {whoosh[:3]}"


@pytest.mark.parametrize("prefix", ["search_app", "indexer.engines.sphinx", "indexer.searching",
                                    "indexer.engines.base", "indexer.reading"])
def test_what_is_not_the_embedded_engine_reaches_no_whoosh_index_code(prefix):
    for start in _under(prefix):
        reached = _reach(start)
        embedded = sorted(n for n in reached if n.startswith("indexer.engines.embedded"))
        assert not embedded, f"{start} reaches the embedded engine: {embedded[:3]}"
        whoosh = sorted(n for n in reached if _index_code(n))
        assert not whoosh, f"{start} reaches modules importing whoosh: {whoosh[:3]}"


def test_whoosh_analysis_is_reached_only_through_analyzers():
    for name in MODULES:
        if GRAPH[name][1] and not name.startswith(("analyzers", "indexer.engines.embedded")):
            pytest.fail(f"{name} imports {sorted(GRAPH[name][1])}")


def test_the_neutral_language_imports_no_engine():
    for name in _under("indexer.searching"):
        engines = sorted(n for n in _reach(name) if n.startswith("indexer.engines"))
        assert not engines, f"{name} reaches {engines[:3]}"


def test_the_walk_sees_whoosh_where_it_is():
    """The walk can fail: the embedded engine's search reaches Whoosh's index code,
    and the Sphinx engine, which indexes with the analyzers, their whoosh.analysis."""
    reached = _reach("indexer.engines.embedded.results.search")
    assert any(_index_code(n) for n in reached)
    assert "indexer.searching.request" in reached
    assert "analyzers.tokenizers" in _reach("indexer.engines.sphinx.rows")


def _cycle():
    """One import circle among our modules (parents' implicit runs left out), or None."""
    direct = {}
    for name, path in MODULES.items():
        ours, _ = GRAPH[name]
        # an edge to a package that is only run as the parent of the named module is
        # not a circle: Python runs the package first, then the module
        direct[name] = {m for m in ours if not name.startswith(m + ".")}
    state = {}

    def visit(node, stack):
        state[node] = "open"
        stack.append(node)
        for nxt in direct[node]:
            if state.get(nxt) == "open":
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt, stack)
                if found:
                    return found
        stack.pop()
        state[node] = "done"
        return None

    for name in sorted(direct):
        if name not in state:
            found = visit(name, [])
            if found:
                return found
    return None


def test_no_import_circle():
    assert _cycle() is None


def test_no_module_is_over_the_size_a_reader_takes_in_one_sitting():
    long = {name: n for name, path in MODULES.items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long


def test_every_package_says_what_goes_where():
    for name, path in MODULES.items():
        if path.name == "__init__.py":
            docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
            assert docstring and len(docstring) > 80, f"{name} has no docstring to speak of"


def test_the_engines_folder_names_the_engines():
    names = {p.name for p in (ROOT / "indexer" / "engines").iterdir() if p.is_dir()}
    assert {"embedded", "sphinx"} <= names
    assert not (ROOT / "indexer" / "storing").exists()


def test_the_command_line_loads_neither_flask_nor_the_page_readers_until_a_command_needs_them():
    """A journalist's ``baoku search`` in a new process does not wait for the web
    service or the readers of pages (they took 190 ms of its start)."""
    import subprocess
    import sys
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, search_app.cli; print(' '.join(sorted(sys.modules)))"],
        cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    assert "click" in loaded and "search_app.cli.searching" in loaded
    assert not [m for m in loaded if m.split(".")[0] in ("flask", "werkzeug")
                or m.startswith("indexer.reading.sources")]
