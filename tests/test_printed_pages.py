"""Printed pages (PDF, ALTO, hOCR) read into articles by their layout."""
import json
from pathlib import Path

import pytest

from indexer.reading.sources import read_records
from tests import printed_pages as pp

DEV = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora" / "ldwb-pdf-dev"


def _read(*paths):
    problems = []
    records = list(read_records([str(p) for p in paths], on_problem=problems.append))
    return records, problems


def _by_head(records, headline):
    return next(r for r in records if r["headline"] == headline)


def _iou(region, box):
    x0, top = region["x"] * pp.WIDTH, region["y"] * pp.HEIGHT
    x1, bottom = x0 + region["w"] * pp.WIDTH, top + region["h"] * pp.HEIGHT
    ix = max(0.0, min(x1, box[2]) - max(x0, box[0]))
    iy = max(0.0, min(bottom, box[3]) - max(top, box[1]))
    inter = ix * iy
    return inter / ((x1 - x0) * (bottom - top) + (box[2] - box[0]) * (box[3] - box[1]) - inter)


def _check_page(records):
    news = [r for r in records if r["kind"] in ("news", "photo")]
    assert [r["headline"] for r in news] == [pp.LEAD_HEAD, pp.SECOND_HEAD, ""]
    lead = _by_head(records, pp.LEAD_HEAD)
    assert lead["subtitle"] == pp.LEAD_SUB.lstrip("—")
    assert lead["kicker"] == ""
    assert lead["dateline"] == "本报讯（记者 王卓 通讯员 石伟）"
    assert lead["body"].replace("\n", "") == pp.LEAD_BODY.split("）", 1)[1]   # whole across columns
    assert lead["reporters"] == ["王卓"] and lead["correspondents"] == ["石伟"]
    assert lead["districts"] == ["朝阳区"]
    second = _by_head(records, pp.SECOND_HEAD)
    assert second["kicker"] == pp.SECOND_KICKER
    assert second["reporters"] == ["张江艳"] and second["districts"] == ["丰台区"]
    photo = news[2]
    assert photo["kind"] == "photo" and photo["photographers"] == ["孙宇"]
    return lead, second, photo


def test_pdf_page_becomes_articles_with_regions(tmp_path):
    records, problems = _read(pp.make_pdf(tmp_path / "p.pdf"))
    assert problems == []
    lead, second, photo = _check_page(records)
    assert (lead["paper"], lead["date"], lead["page"], lead["page_name"]) == (
        "劳动午报", "2025-10-31", 3, "工会新闻")
    assert _iou(lead["regions"][0], pp.block_box("lead")) >= 0.9
    assert _iou(second["regions"][0], pp.block_box("second")) >= 0.9
    assert _iou(photo["regions"][0], pp.block_box("photo")) >= 0.9     # the photo with its caption


def test_looser_leading_in_one_article_keeps_its_columns_whole(tmp_path):
    records, _ = _read(pp.make_pdf(tmp_path / "p.pdf", lines=pp.loose_page()))
    brief = next(r for r in records if r["dateline"].startswith("本报讯（记者 张江艳"))
    assert brief["body"] == pp.LOOSE_BRIEF.split("）", 1)[1]
    assert brief["reporters"] == ["张江艳"]


def test_a_caption_in_body_type_under_its_photo_is_its_own_item(tmp_path):
    lines = [line for line in pp.page_lines() if "张江艳" not in line[2] and line[3] != 8.0]
    lines += pp._columns(pp.CAPTION, 310.0, 560.0, 540.0, 1)        # in body type
    records, _ = _read(pp.make_pdf(tmp_path / "p.pdf", lines=lines))
    photo = next(r for r in records if r["body"].startswith("卢沟桥街道"))
    assert photo["kind"] == "photo" and photo["photographers"] == ["孙宇"]
    assert "卢沟桥" not in _by_head(records, pp.SECOND_HEAD)["body"]


def test_manifest_wins_over_header_and_pages_count_on(tmp_path):
    pp.make_pdf(tmp_path / "two.pdf", pages=2, header=False)
    (tmp_path / "manifest.csv").write_text(
        "file,paper,date,page,page_name\ntwo.pdf,劳动午报,2024-05-06,4,基层动态\n", encoding="utf-8")
    records, problems = _read(tmp_path)
    assert problems == []
    assert sorted({r["page"] for r in records}) == [4, 5]
    assert {r["date"] for r in records} == {"2024-05-06"}
    assert len({r["id"] for r in records}) == len(records)


@pytest.mark.parametrize("form", ["alto2", "alto4", "hocr"])
def test_alto_and_hocr_read_through_the_same_zoning(tmp_path, form):
    from indexer.reading.printed.pdfpages import read_pdf
    (_n, page), = read_pdf(pp.make_pdf(tmp_path / "p.pdf"))
    if form == "hocr":
        path, text = tmp_path / "p.hocr", pp.hocr(page)
    else:
        path, text = tmp_path / "p.xml", pp.alto(page, version=int(form[-1]))
    path.write_text(text, encoding="utf-8")
    records, problems = _read(path)
    assert problems == []
    _check_page(records)


def test_bad_files_are_reported_and_the_rest_is_read(tmp_path, monkeypatch):
    from indexer.reading.printed import scans
    monkeypatch.setattr(scans, "ocr_available", lambda: False)    # as without the ocr extra
    pp.make_pdf(tmp_path / "good.pdf")
    (tmp_path / "empty.pdf").write_bytes(b"")
    (tmp_path / "junk.pdf").write_bytes(b"%PDF-1.4\n this is not a pdf at all")
    pp.make_pdf(tmp_path / "locked.pdf", encrypt="secret")
    pp.make_pdf(tmp_path / "scan.pdf", text=False)
    (tmp_path / "broken.xml").write_text('<alto xmlns="x"><Layout><Page>', encoding="utf-8")
    records, problems = _read(tmp_path)
    said = {Path(p.path).name: p.message for p in problems}
    assert set(said) == {"empty.pdf", "junk.pdf", "locked.pdf", "scan.pdf", "broken.xml"}
    assert "encrypted" in said["locked.pdf"]
    assert "pip install 'baoku[ocr]'" in said["scan.pdf"]
    assert "malformed XML" in said["broken.xml"]
    assert {r["source"] for r in records} == {"good.pdf"}
    _check_page(records)


def test_text_records_carry_no_regions(tmp_path):
    (tmp_path / "p.txt").write_text(f"{pp.LEAD_HEAD}\n\n{pp.LEAD_BODY}\n", encoding="utf-8")
    records, _ = _read(tmp_path / "p.txt")
    assert records and all("regions" not in r for r in records)


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::ResourceWarning")        # the corpus's scorer leaves its files open
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.skipif(not DEV.is_dir(), reason="ldwb-pdf-dev corpus absent")
def test_ldwb_pdf_dev_scores(tmp_path, capsys):
    import importlib.util
    records, problems = _read(DEV / "pages")
    assert problems == []
    out = tmp_path / "pred.jsonl"
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    spec = importlib.util.spec_from_file_location("score_pages", DEV / "score_pages.py")
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    assert scorer.main(str(DEV / "pages_gold.pdf.json"), str(out)) >= 0.95


def test_an_image_beside_its_markup_is_not_read_twice(tmp_path, monkeypatch):
    from indexer.reading.printed import scans
    from indexer.reading.printed.pdfpages import read_pdf
    monkeypatch.setattr(scans, "ocr_available", lambda: False)
    (_n, page), = read_pdf(pp.make_pdf(tmp_path / "p.pdf"))
    (tmp_path / "p.pdf").unlink()
    (tmp_path / "p.hocr").write_text(pp.hocr(page), encoding="utf-8")
    (tmp_path / "p.png").write_bytes(b"\x89PNG not read")
    records, problems = _read(tmp_path)
    assert problems == []
    _check_page(records)


def test_an_image_without_the_ocr_extra_is_one_clear_problem(tmp_path, monkeypatch):
    import builtins
    from indexer.reading.printed import scans
    real_import = builtins.__import__

    def no_rapidocr(name, *args, **kwargs):
        if name.startswith("rapidocr"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)
    monkeypatch.setattr(builtins, "__import__", no_rapidocr)
    monkeypatch.setattr(scans, "_engine", None)
    from PIL import Image
    Image.new("RGB", (200, 300), "white").save(tmp_path / "scan.png")
    pp.make_pdf(tmp_path / "good.pdf")
    records, problems = _read(tmp_path)
    assert [(Path(p.path).name, p.message) for p in problems] == [
        ("scan.png", "reading scans needs OCR: pip install 'baoku[ocr]'")]
    _check_page(records)
