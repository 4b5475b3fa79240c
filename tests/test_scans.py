"""Page images read by OCR: the page's columns, pictures and vertical heads are
found in the image itself, so a scan is zoned into its articles like a PDF page."""
import glob
import re
from pathlib import Path

import numpy
import pytest

from indexer.reading.printed import imagelines, pictures, verticaltype
from indexer.reading.sources import read_records
from tests import printed_pages as pp

SCALE = 2.0     # pixels a point: the test page at 144 dpi
FONTS = glob.glob("/usr/share/fonts/**/wqy-zenhei.ttc", recursive=True) + glob.glob(
    "/usr/share/fonts/**/NotoSansCJK-Regular.ttc", recursive=True)


def _paper(width, height):
    return numpy.full((height, width), 235, numpy.uint8)


def _chars(gray, x, top, count, size, pitch=None, skip=()):
    """Dark squares standing for characters (``skip``: positions left white, as a
    comma's cell is)."""
    pitch = pitch or size
    stroke = max(int(size / 8), 2)
    for i in range(count):
        if i not in skip:       # strokes: a frame with a bar across and one down (田)
            left, right = int(x + i * pitch + 0.1 * size), int(x + i * pitch + 0.9 * size)
            up, down = int(top), int(top + 0.9 * size)
            gray[up:down, left:right] = 30
            middle_x, middle_y = (left + right) // 2, (up + down) // 2
            gray[up + stroke:middle_y - stroke // 2, left + stroke:middle_x - stroke // 2] = 235
            gray[up + stroke:middle_y - stroke // 2, middle_x + stroke // 2 + 1:right - stroke] = 235
            gray[middle_y + stroke // 2 + 1:down - stroke, left + stroke:middle_x - stroke // 2] = 235
            gray[middle_y + stroke // 2 + 1:down - stroke, middle_x + stroke // 2 + 1:right - stroke] = 235
    return (x, top - 0.2 * size, x + count * pitch, top + 1.1 * size)


def _quad(box):
    x0, top, x1, bottom = box
    return [[x0, top], [x1, top], [x1, bottom], [x0, bottom]]


def test_a_strip_across_an_unruled_gutter_is_cut_into_its_columns():
    gray = _paper(900, 600)
    size, lead, gutter = 20, 32, 24        # a gutter narrower than two characters, no rule in it
    rows = []
    for row in range(12):
        top = 40 + row * lead
        left = _chars(gray, 40, top, 18, size, skip={6} if row == 5 else ())   # a comma's white
        right = _chars(gray, 40 + 18 * size + gutter, top, 18, size)
        rows.append((left[0], left[1], right[2], right[3]))          # the detector joined them
    ink = imagelines.ink_mask(gray)
    found = verticaltype.strips([_quad(box) for box in rows], ink)
    assert len(found) == 24                # every line cut once, at the gutter, never at the comma
    for strip in found:
        x0, _top, x1, _bottom = strip.box()
        assert x1 <= 40 + 18 * size + gutter / 2 + 1 or x0 >= 40 + 18 * size + gutter / 2 - 1
    assert sum(strip.after_gutter for strip in found) == 12


def test_a_line_with_a_wide_space_but_text_under_it_is_not_cut():
    gray = _paper(900, 300)
    size = 20
    first = _chars(gray, 40, 40, 30, size, skip={8, 9})          # a wide space in one line
    second = _chars(gray, 40, 72, 30, size)
    third = _chars(gray, 40, 104, 30, size)
    ink = imagelines.ink_mask(gray)
    assert len(verticaltype.strips([_quad(first), _quad(second), _quad(third)], ink)) == 3


def test_a_column_of_large_type_is_a_vertical_line_and_body_lines_are_not():
    gray = _paper(1400, 900)
    size = 20
    for row in range(20):                                   # body text, three characters wide pieces
        _chars(gray, 40, 40 + row * 30, 12, size)
    for k in range(8):                                      # a vertical head of 2.5x type beside it
        _chars(gray, 400, 60 + k * 55, 1, 50)
    ink = imagelines.ink_mask(gray)
    columns = verticaltype.vertical_columns(ink, line=size * 1.2)
    assert len(columns) == 1
    x0, top, x1, bottom = columns[0].box()
    assert 395 <= x0 and x1 <= 460 and top <= 65 and bottom >= 60 + 7 * 55 + 40


def test_a_grey_picture_is_found_and_a_tinted_box_is_not():
    gray = _paper(800, 1000)
    gray[100:400, 100:500] = 165                            # a photo (placeholder grey)
    gray[500:800, 100:700] = 222                            # a lightly tinted box
    _chars(gray, 120, 520, 20, 20)                          # with text in it
    ink = imagelines.ink_mask(gray)
    boxes = pictures.find(gray, ink, [(120, 516, 520, 542)])
    assert len(boxes) == 1
    x0, top, x1, bottom = boxes[0]
    assert abs(x0 - 100) <= 8 and abs(top - 100) <= 8 and abs(x1 - 500) <= 8 and abs(bottom - 400) <= 8


def _render(path, angle=0.4):
    """The test page (``printed_pages``) drawn as a scan: CJK type from a system
    font, columns with no rule between them, a grey photo, tilted, grain."""
    from PIL import Image, ImageDraw, ImageFont
    width, height = int(pp.WIDTH * SCALE), int(pp.HEIGHT * SCALE)
    image = Image.new("L", (width, height), 240)
    draw = ImageDraw.Draw(image)
    x0, top, x1, bottom = pp.PHOTO
    draw.rectangle([x0 * SCALE, top * SCALE, x1 * SCALE, bottom * SCALE], fill=160)
    fonts = {}
    for x, top, text, size in pp.page_lines():
        font = fonts.setdefault(size, ImageFont.truetype(FONTS[0], int(size * SCALE)))
        draw.text((x * SCALE, top * SCALE), text.replace(" ", "\u3000"), font=font, fill=25)  # 孙宇　摄
    image = image.rotate(angle, resample=Image.BICUBIC, fillcolor=240)
    noise = numpy.random.default_rng(7).normal(0, 6, (height, width))
    pixels = numpy.clip(numpy.asarray(image, numpy.float32) + noise, 0, 255).astype(numpy.uint8)
    Image.fromarray(pixels).convert("RGB").save(path, quality=85)
    return path


@pytest.mark.skipif(not FONTS, reason="no CJK font to draw a test page with")
def test_a_scanned_page_with_unruled_columns_is_zoned_into_its_articles(tmp_path):
    pytest.importorskip("rapidocr_onnxruntime", reason="the ocr extra is not installed")
    problems = []
    records = list(read_records([str(_render(tmp_path / "page.jpg"))], on_problem=problems.append))
    assert problems == []
    news = [r for r in records if r["kind"] in ("news", "photo")]
    heads = [r["headline"] for r in news]
    assert pp.LEAD_HEAD in heads and pp.SECOND_HEAD in heads and len(news) == 3
    lead = next(r for r in news if r["headline"] == pp.LEAD_HEAD)
    assert lead["reporters"] == ["王卓"] and lead["correspondents"] == ["石伟"]
    # the body reads down each column in turn: its columns' text is never interleaved
    body = lead["body"].replace("\n", "")
    printed = pp.LEAD_BODY.split("）", 1)[1]
    for start in range(0, len(printed) - 12, 12):
        assert printed[start:start + 6] in body or printed[start + 6:start + 12] in body
    photo = next(r for r in news if r["kind"] == "photo")
    assert photo["photographers"] == ["孙宇"]
    box = photo["regions"]
    assert min(r["y"] for r in box) * pp.HEIGHT <= pp.PHOTO[1] + 5      # the photo is its region's top


def test_pages_read_by_ocr_show_a_bar_of_pages_done_and_time_left(tmp_path, monkeypatch):
    from PIL import Image
    from click.testing import CliRunner

    from indexer.reading.printed import scans
    from indexer.reading.printed.pdfpages import read_pdf
    from search_app.cli import cli
    (_n, model), = read_pdf(pp.make_pdf(tmp_path / "p.pdf"))
    (tmp_path / "p.pdf").unlink()
    model.ocr = True                                    # as OCR would read the page, at no cost
    monkeypatch.setattr(scans, "image_page", lambda image, number=1: model)
    for name in ("a.png", "b.jpg"):
        Image.new("RGB", (60, 80), "white").save(tmp_path / name)
    seen = []
    records = list(read_records([str(tmp_path)], on_ocr_page=lambda done, total: seen.append((done, total))))
    assert seen == [(1, 2), (2, 2)] and {r["source"] for r in records} == {"a.png", "b.jpg"}
    result = CliRunner().invoke(cli, ["extract", str(tmp_path)])
    assert result.exit_code == 0
    assert re.search(r"OCR: 100%\S* 2/2 \[[0-9:]+<[0-9:]+", result.stderr)    # done / total [spent<left
    text_only = CliRunner().invoke(cli, ["extract", str(Path(__file__).parent.parent / "seeds")])
    assert "OCR" not in text_only.stderr
