"""Downloads a reader can open safely (issue 23, deliverable 5): CSV without formulas or
extra rows, Atom that is XML, one BibTeX entry and one RIS record per article, and a
command line that never passes a control sequence from the archive to the terminal.

The hostile articles are indexed as they are (not through the readers, which drop
control characters), as an index built before that would hold them.
"""
import csv
import io
import json
import re
import xml.etree.ElementTree as ET

import feedparser
import pytest

from conftest import build_index
from indexer.reading.records import new_record
from indexer.reading.sources import read_records
from search_app import create_app
from search_app.cli import cli

FORMULA = '=HYPERLINK("http://evil.example/","点我")'
OSC52 = "\x1b]52;c;ZXZpbA==\x07"
BIB_INJECTIONS = ('x} @article(pwn2026, title = "…", url = "http://evil.example/")',
                  "x}} @misc{pwn2027, title = {evil}, url = {http://evil.example/}}",
                  "x}}} @article{pwn2028,\n title={evil}}\n@comment{",
                  "{x}} @book(pwn2029, title = {a}) {")
HOSTILE = [
    new_record(id="abuse-formula", kind="news", headline=FORMULA + " 职工之家",
               reporters=["+cmd|' /C calc'!A0"], unions=["@SUM(1+1)*cmd|' /C calc'!A0"],
               districts=["-2+3"], paper="=1+1", body="-2+3+cmd|' /C calc'!A0 职工之家开放"),
    new_record(id="abuse-tab", kind="news", headline="\t=1+1 职工之家",
               body="\r=1+1 职工之家 \n=2+2"),
    new_record(id="abuse-controls", kind="news", headline="职工\x01之家\x0b",
               reporters=["马\x1b[31m超"],
               body=f"职工之家 {OSC52} \x1b[2J\nbaoku: forged line \x9b31m \x0c end"),
    *(new_record(id=f"abuse-bib-{n}", kind="news", headline=headline + " 职工之家",
                 reporters=["记者}{"], body="职工之家 } { @article{x,}")
      for n, headline in enumerate(BIB_INJECTIONS)),
    new_record(id="abuse-ris", kind="news", headline="职工之家\r\nER  - \r\nTY  - NEWS\r\nTI  - 伪造",
               reporters=["甲\nER  - ", "乙\u2028TY  - JOUR"], body="职工之家\n\nER  - \n"),
]
RISKY = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@pytest.fixture(scope="module")
def abuse_index(tmp_path_factory, seed_records):
    return build_index(tmp_path_factory, "abuse", [*seed_records[:5], *HOSTILE])


@pytest.fixture(scope="module")
def abuse_client(abuse_index):
    return create_app({"TESTING": True, "BAOKU_INDEX": abuse_index}).test_client()


def csv_rows(text):
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:], newline="")))


def assert_inert(rows):
    """No cell a spreadsheet would run as a formula, no control character."""
    for row in rows:
        for cell in row:
            assert not cell.startswith(("\t", "\r")), row
            assert not cell.lstrip(" \t\r\n").startswith(("=", "+", "-", "@")), row
            assert not RISKY.search(cell), row


# --- CSV ---------------------------------------------------------------------------------

def test_export_csv_cells_are_neutralised_and_kept(abuse_client):
    text = abuse_client.get("/api/export", query_string={"q": "职工之家", "format": "csv"}
                            ).get_data(as_text=True)
    rows = csv_rows(text)
    assert_inert(rows)
    header = rows[0]                # the header first (the export's description: headers)
    by_id = {row[0]: dict(zip(header, row)) for row in rows[1:]}
    formula = by_id["abuse-formula"]
    assert formula["headline"] == "'" + FORMULA + " 职工之家"       # shown as text, not lost
    assert formula["reporters"] == "'+cmd|' /C calc'!A0" and formula["paper"] == "'=1+1"
    assert by_id["abuse-tab"]["headline"] == "'\t=1+1 职工之家"


QUERIES = ['职工之家,=HYPERLINK("//ev.il"),x', "职工之家\r\n=1+1,@SUM(A1)",
           '"职工之家"\n-2+3', "职工之家\r=cmd"]


@pytest.mark.parametrize("q", QUERIES, ids=["commas", "crlf", "lf", "cr"])
def test_query_text_never_adds_cells_or_rows(abuse_client, q):
    found = abuse_client.get("/api/search", query_string={"q": q, "per_page": 100}).json
    export = csv_rows(abuse_client.get("/api/export", query_string={"q": q, "format": "csv"}
                                       ).get_data(as_text=True))
    assert export[0][0] == "id" and len(export) == 1 + found["total"]
    assert_inert(export)
    lines = abuse_client.get("/api/kwic", query_string={"q": q}).json["lines"]
    kwic = csv_rows(abuse_client.get("/api/kwic", query_string={"q": q, "format": "csv"}
                                     ).get_data(as_text=True))
    assert kwic[0][0] == "id" and len(kwic) == 1 + len(lines)
    assert_inert(kwic)


def test_cli_export_csv_is_neutralised(runner, abuse_index):
    result = runner.invoke(cli, ["search", "--index", abuse_index,
                                 '职工之家 OR "\r\n=1+1,@SUM(A1)"', "--export", "csv"])
    assert result.exit_code == 0, result.output
    rows = csv_rows(result.stdout)
    assert rows[0][0] == "id" and len(rows) > 2
    assert_inert(rows)


def test_jsonl_export_holds_no_raw_control_character(abuse_client):
    text = abuse_client.get("/api/export", query_string={"q": "职工之家", "format": "jsonl"}
                            ).get_data(as_text=True)
    assert not RISKY.search(text)
    assert any(json.loads(line).get("reporters") == ["马\x1b[31m超"]   # escaped, not lost
               for line in text.splitlines()[1:])


# --- Atom --------------------------------------------------------------------------------

@pytest.mark.parametrize("q", ["职工之家", "职工之家\x01\x0b", ""])
def test_atom_feed_is_always_well_formed(abuse_client, q):
    data = abuse_client.get("/feeds/search.atom", query_string={"q": q}).data
    root = ET.fromstring(data)                          # expat refuses any control character
    assert len(root.findall("{http://www.w3.org/2005/Atom}entry")) > 0
    parsed = feedparser.parse(data)
    assert not parsed.bozo, parsed.bozo_exception


def test_control_characters_are_dropped_when_read(tmp_path):
    item = {"id": "c1", "title": "职工\x01之家\x0b", "body": f"正文\x1b[2J{OSC52}\x9b1m 完\x00",
            "reporters": ["马\x1b超"], "url": "https://example.org/\x7f"}
    (tmp_path / "a.jsonl").write_text(json.dumps(item, ensure_ascii=False) + "\n",
                                      encoding="utf-8")
    (tmp_path / "p.txt").write_text("职工之家开放\x01\n\n本报讯（记者 马超）职工之家\x1b[31m今天开放。"
                                    + "内容" * 200 + "\n", encoding="utf-8")
    records = list(read_records([str(tmp_path)]))
    assert {r["source"] for r in records} == {"a.jsonl", "p.txt"}
    for record in records:
        assert not RISKY.search(json.dumps(record, ensure_ascii=False)
                                .replace("\\n", "").replace("\\u", "u")), record
        assert not any(RISKY.search(v) for v in record.values() if isinstance(v, str)), record
    assert next(r for r in records if r["id"] == "c1")["headline"] == "职工之家"


# --- citations ---------------------------------------------------------------------------

def bibtex_entries(text):
    """The entries BibTeX itself would read: '@' at the top level starts one, which
    runs to its matching '}' or ')' (braces counted whatever precedes them)."""
    entries, i = [], 0
    while (at := text.find("@", i)) >= 0:
        opener = re.compile(r"@\s*(\w+)\s*([{(])").match(text, at)
        if not opener:
            i = at + 1
            continue
        closer = "}" if opener.group(2) == "{" else ")"
        depth, j = 0, opener.end()
        while j < len(text):
            c = text[j]
            if c == "{":
                depth += 1
            elif c == "}" and depth:
                depth -= 1
            elif c == closer and depth == 0:
                break
            j += 1
        entries.append(text[at:j + 1])
        i = j + 1
    return entries


@pytest.mark.parametrize("n", range(len(BIB_INJECTIONS)))
def test_one_bibtex_entry_per_article_whatever_its_headline(abuse_client, n):
    text = abuse_client.get(f"/articles/abuse-bib-{n}/cite.bib").get_data(as_text=True)
    entries = bibtex_entries(text)
    assert len(entries) == 1, text
    assert "evil.example" not in entries[0].split("url =")[-1]      # the url is ours
    assert re.search(r"url = \{http://[^}]*/articles/abuse-bib-%d\}" % n, entries[0])


def test_bibtex_keeps_matched_braces_paired():
    from indexer.searching import bibtex
    entry = bibtex(new_record(id="b", headline="{甲} x} {乙", body="."), "http://h/a")
    assert len(bibtex_entries(entry)) == 1
    assert r"title = {\{甲\} x 乙}" in entry


@pytest.mark.parametrize("article_id", ["abuse-ris", "abuse-controls"])
def test_one_ris_record_per_article(abuse_client, article_id):
    text = abuse_client.get(f"/articles/{article_id}/cite.ris").get_data(as_text=True)
    lines = re.split(r"\r\n|\r|\n|\u2028|\u2029|\x85|\x0b|\x0c", text)
    assert lines[-1] == "" and all(re.fullmatch(r"[A-Z][A-Z0-9]  - .*", ln) for ln in lines[:-1])
    assert [ln[:2] for ln in lines].count("TY") == 1 and [ln[:2] for ln in lines].count("ER") == 1
    assert lines[0].startswith("TY  - ") and lines[-2] == "ER  - "


# --- the terminal ------------------------------------------------------------------------

def assert_terminal_safe(output):
    assert "\x1b" not in output and not RISKY.search(output.replace("\t", ""))
    assert not re.search(r"^\s*baoku: forged", output, re.MULTILINE)


@pytest.mark.parametrize("options", [[], ["--kwic"], ["--json"], ["--limit", "0"]],
                         ids=["hits", "kwic", "json", "ids"])
def test_search_output_carries_no_control_sequence(runner, abuse_index, options):
    result = runner.invoke(cli, ["search", "--index", abuse_index, "职工之家", *options],
                           color=True)
    assert result.exit_code == 0, result.output
    assert "abuse-controls" in result.output
    # highlighting is ours (SGR); anything else from the archive is escaped
    assert_terminal_safe(re.sub(r"\x1b\[[0-9;]*m", "", result.output))
    assert "\\x1b]52" in result.output or "\\u001b]52" in result.output or options


def test_file_names_reach_the_terminal_escaped(runner, tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "bad\x1b]52;c;ZXZpbA==\x07\nbaoku: forged.txt").write_bytes(b"")
    (folder / "ok.jsonl").write_text('{"id": "x", "title": "t\\u001b[2J", "body": "b"}\n'
                                     '{"id": "y\\u001b", "body": "b"}\n', encoding="utf-8")
    for command in (["extract", str(folder)], ["extract", str(folder), "--format", "table"],
                    ["index", "--index", str(tmp_path / "ix"), str(folder)]):
        result = runner.invoke(cli, command)
        assert result.exit_code == 1, result.output
        assert "bad\\x1b]52" in result.output and "ok.jsonl:2" in result.output
        assert_terminal_safe(result.output)


def test_serve_reports_a_seed_file_name_escaped(runner, tmp_path, monkeypatch):
    """`baoku serve` building its first index reports skipped seed files through the
    same escaping (the server itself is not started here)."""
    from search_app import server
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "ok.jsonl").write_text('{"id": "a", "title": "t", "body": "b"}\n', encoding="utf-8")
    (seeds / "x\x1b]52;c;ZXZpbA==\x07.txt").write_bytes(b"")
    monkeypatch.setattr(server, "run", lambda *args, **kwargs: None)
    result = runner.invoke(cli, ["serve", "--index", str(tmp_path / "ix"), "--seeds", str(seeds)])
    assert result.exit_code == 0, result.output
    assert "x\\x1b]52" in result.output
    assert_terminal_safe(result.output)
