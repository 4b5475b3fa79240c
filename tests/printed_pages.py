"""Small newspaper pages for tests: a PDF made with reportlab, and ALTO / hOCR
written from a page model (what an OCR vendor or Tesseract would deliver)."""
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

FONT = "STSong-Light"      # an Adobe CJK font reportlab names without embedding
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

WIDTH, HEIGHT = 600.0, 820.0
BODY = 10.0
LEAD = 15.0                # line pitch of body type

HEADER = "劳动午报 2025年10月31日 星期五 第3版 工会新闻"
LEAD_HEAD = "朝阳区总工会开办职工夜校"
LEAD_SUB = "——首期百名快递小哥结业"
LEAD_BODY = ("本报讯（记者 王卓 通讯员 石伟）近日，朝阳区总工会在望京街道开办的职工夜校迎来首期学员结业。"
             "夜校开设了电脑、法律和急救等课程，每周三晚上课，学员多是附近的快递员和外卖骑手。"
             "学员李师傅说，夜校的课程实用，下班后来学一点东西，心里踏实。"
             "据了解，朝阳区总工会今年还将在三个街道开办夜校，让更多职工就近学习。")
SECOND_KICKER = "助力高技能人才成长"
SECOND_HEAD = "丰台区技能大赛闭幕"
SECOND_BODY = ("丰台区第五届职工技能大赛日前闭幕，来自全区企业的三百余名职工参加了八个工种的比赛。"
               "比赛设置理论和实操两个环节，获奖选手将获得区总工会颁发的证书。"
               "\n本报记者 张江艳")
CAPTION = "卢沟桥街道总工会组织职工在公园开展健步走活动，二百余名职工参加。孙宇 摄"

PHOTO = (310.0, 360.0, 560.0, 530.0)     # the photo's box: (x0, top, x1, bottom), top left origin


def _columns(text, x0, x1, top, columns, size=BODY, gutter=BODY * 1.2, pitch=LEAD):
    """Lines of ``text`` set in ``columns`` columns from ``top``: [(x, baseline top, text)]."""
    width = (x1 - x0 - gutter * (columns - 1)) / columns
    per_line = int(width // size)
    lines = [para[i:i + per_line] for para in text.split("\n")
             for i in range(0, len(para), per_line)]
    per_column = -(-len(lines) // columns)
    placed = []
    for i, line in enumerate(lines):
        column, row = divmod(i, per_column)
        placed.append((x0 + column * (width + gutter), top + row * pitch, line, size))
    return placed


def blocks():
    """The printed lines of each block: {name: [(x, top, text, size)]}."""
    return {
        "header": [(40.0, 30.0, HEADER, 9.0)],
        "lead": [(40.0, 62.0, LEAD_HEAD, 30.0), (40.0, 100.0, LEAD_SUB, 16.0)]
        + _columns(LEAD_BODY, 40.0, 560.0, 130.0, 3),
        "second": [(40.0, 362.0, SECOND_KICKER, 14.0), (40.0, 382.0, SECOND_HEAD, 24.0)]
        + _columns(SECOND_BODY, 40.0, 290.0, 420.0, 2),
        "photo": _columns(CAPTION, 310.0, 560.0, 540.0, 1, size=8.0),
    }


def block_box(name):
    """Where a block stands: (x0, top, x1, bottom), its photo included."""
    lines = blocks()[name]
    boxes = [(x, top, x + len(text) * size, top + size) for x, top, text, size in lines]
    if name == "photo":
        boxes.append(PHOTO)
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes))


def page_lines(header=True):
    """Every printed line: (x, top, text, size)."""
    return [line for name, lines in blocks().items() if header or name != "header"
            for line in lines]


LOOSE_BRIEF = ("本报讯（记者 张江艳）丰台区第五届职工技能大赛日前闭幕，来自全区企业的三百余名职工"
               "参加了八个工种的比赛，获奖选手将获得区总工会颁发的证书。")


def loose_page():
    """A stack in two columns: a long article set tight over an untitled brief set
    with leading nine tenths looser, the photo beside them."""
    tight = LEAD_BODY * 2
    lines = [(40.0, 62.0, LEAD_HEAD, 30.0)] + _columns(tight, 40.0, 290.0, 100.0, 2)
    bottom = max(top for _x, top, _t, _s in lines) + BODY
    lines += _columns(LOOSE_BRIEF, 40.0, 290.0, bottom + 30.0, 2, pitch=LEAD * 1.9)
    return lines + _columns(CAPTION, 310.0, 560.0, 540.0, 1, size=8.0)


def make_pdf(path, *, header=True, text=True, encrypt=None, pages=1, lines=None):
    """A page (or ``pages`` copies) as PDF; ``text=False`` draws only the photo box;
    ``lines`` replaces the page's printed lines."""
    pdf = canvas.Canvas(str(path), pagesize=(WIDTH, HEIGHT), encrypt=encrypt)
    for _ in range(pages):
        pdf.setFillGray(0.6)
        x0, top, x1, bottom = PHOTO
        pdf.rect(x0, HEIGHT - bottom, x1 - x0, bottom - top, fill=1, stroke=0)
        pdf.setFillGray(0)
        if text:
            for x, top, line, size in lines or page_lines(header):
                pdf.setFont(FONT, size)
                pdf.drawString(x, HEIGHT - top - size * 0.88, line)
        pdf.showPage()
    pdf.save()
    return path


def alto(page, version=4):
    """ALTO XML of a page model, a String per character run of one line."""
    from indexer.reading.printed.lines import build_lines
    ns = f"http://www.loc.gov/standards/alto/ns-v{version}#"
    out = [f'<?xml version="1.0" encoding="UTF-8"?>\n<alto xmlns="{ns}"><Description>'
           '<MeasurementUnit>pixel</MeasurementUnit></Description><Layout>'
           f'<Page ID="p1" WIDTH="{page.width:.0f}" HEIGHT="{page.height:.0f}"><PrintSpace>'
           '<TextBlock ID="b1">']
    for n, line in enumerate(sorted(build_lines(page.glyphs), key=lambda l: (l.top, l.x0))):
        out.append(f'<TextLine ID="l{n}" HPOS="{line.x0:.1f}" VPOS="{line.top:.1f}" '
                   f'WIDTH="{line.x1 - line.x0:.1f}" HEIGHT="{line.bottom - line.top:.1f}">')
        for k, glyph in enumerate(line.glyphs):
            if glyph.space and k:
                out.append("<SP/>")
            out.append(f'<String CONTENT="{escape(glyph.text, {chr(34): "&quot;"})}" '
                       f'HPOS="{glyph.x0:.1f}" VPOS="{glyph.top:.1f}" '
                       f'WIDTH="{glyph.x1 - glyph.x0:.1f}" HEIGHT="{glyph.bottom - glyph.top:.1f}" WC="0.97"/>')
        out.append("</TextLine>")
    out.append("</TextBlock></PrintSpace></Page></Layout></alto>")
    return "".join(out)


def hocr(page):
    """hOCR of a page model: words as printed apart, their characters' boxes in x_bboxes."""
    from indexer.reading.printed.lines import build_lines
    out = ['<!DOCTYPE html><html><head><meta charset="utf-8"><title>p</title></head><body>',
           f'<div class="ocr_page" title="bbox 0 0 {page.width:.0f} {page.height:.0f}">']
    for line in sorted(build_lines(page.glyphs), key=lambda l: (l.top, l.x0)):
        box = f"{line.x0:.0f} {line.top:.0f} {line.x1:.0f} {line.bottom:.0f}"
        words = [[]]
        for glyph in line.glyphs:
            if glyph.space and words[-1]:
                words.append([])
            words[-1].append(glyph)
        spans = []
        for word in words:
            wbox = (f"{min(g.x0 for g in word):.1f} {min(g.top for g in word):.1f} "
                    f"{max(g.x1 for g in word):.1f} {max(g.bottom for g in word):.1f}")
            chars = " ".join(f"{g.x0:.1f} {g.top:.1f} {g.x1:.1f} {g.bottom:.1f}" for g in word)
            spans.append(f'<span class="ocrx_word" title="bbox {wbox}; x_wconf 96; '
                         f'x_bboxes {chars}">{escape("".join(g.text for g in word))}</span>')
        out.append(f'<span class="ocr_line" title="bbox {box}; x_size {line.size:.1f}">'
                   + " ".join(spans) + "</span>")
    out.append("</div></body></html>")
    return "".join(out)


def make_issue_folder(folder):
    """``folder`` with two of these pages (different days, the second without a
    header) and a manifest naming their paper, dates, pages and 版名."""
    folder.mkdir()
    make_pdf(folder / "a.pdf")
    make_pdf(folder / "b.pdf", header=False)
    (folder / "manifest.csv").write_text(
        "file,paper,date,page,page_name\na.pdf,劳动午报,2025-10-31,3,工会新闻\n"
        "b.pdf,劳动午报,2025-11-01,5,基层动态\n", encoding="utf-8")
    return folder
