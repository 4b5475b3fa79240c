"""Hostile `--index` paths: `baoku search` and `baoku index` reach no file outside the index.

Pointing the CLI at system files or at a folder that already holds other files
must neither read them out nor overwrite or delete them.
"""
import json

import pytest
from click.testing import CliRunner

from search_app.cli import cli


@pytest.mark.parametrize("where", ["/etc", "/etc/passwd", "../../etc", "/nonexistent/x"])
def test_cli_index_option_never_reads_other_files(where):
    result = CliRunner().invoke(cli, ["search", "--index", where, "职工"])
    assert result.exit_code != 0
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "root:x:0:0" not in result.output
    assert "Traceback" not in result.output


def test_indexing_into_a_folder_leaves_its_other_files_alone(tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "mine.txt").write_text("我的笔记", encoding="utf-8")
    (folder / "sub").mkdir()
    (folder / "sub" / "keep.txt").write_text("保留", encoding="utf-8")
    batch = tmp_path / "a.jsonl"
    batch.write_text(json.dumps({"id": "n1", "title": "标题", "body": "正文"},
                                ensure_ascii=False) + "\n", encoding="utf-8")
    for extra in ([], ["--rebuild"]):
        result = CliRunner().invoke(cli, ["index", "--index", str(folder), str(batch), *extra])
        assert result.exit_code == 0, result.output
    assert (folder / "mine.txt").read_text(encoding="utf-8") == "我的笔记"
    assert (folder / "sub" / "keep.txt").read_text(encoding="utf-8") == "保留"
