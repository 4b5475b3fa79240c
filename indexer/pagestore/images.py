"""A printed page's image at a few widths, as IIIF Image API level 0 static files.

The full image is a PDF page rendered at ``DPI`` (or the scan as scanned);
``WIDTHS`` smaller copies let a phone open a broadsheet with a few dozen
kilobytes and zoom into the full size.  A viewer reads ``info.json`` (IIIF
Image API 2.1, profile level 0, ``sizes``: OpenSeadragon opens it as an image
pyramid); without JavaScript the page shows ``VIEW_WIDTH``.
"""
import json
import os

DPI = 150                 # a PDF page is rendered at this resolution: 1754 x 2480 px for A3
WIDTHS = (400, 800, 1600)  # px: the smaller copies kept (and the full size)
VIEW_WIDTH = 800          # px: the image shown without JavaScript
QUALITY = 70              # JPEG quality
CONTEXT = "http://iiif.io/api/image/2/context.json"


class ImageUnavailable(ValueError):
    """A page's image cannot be made (file gone, unreadable, no Pillow)."""


def page_image(path, number):
    """The page as a Pillow image: page ``number`` of a PDF rendered at DPI, or the scan."""
    try:
        from PIL import Image
    except ImportError:
        raise ImageUnavailable("Pillow is not installed") from None
    try:
        if path.lower().endswith(".pdf"):
            import pypdfium2
            pdf = pypdfium2.PdfDocument(path)
            try:
                return pdf[number - 1].render(scale=DPI / 72).to_pil().convert("RGB")
            finally:
                pdf.close()
        image = Image.open(path)
        if number > 1:
            image.seek(number - 1)
        return image.convert("RGB")
    except (OSError, ValueError, IndexError) as error:
        raise ImageUnavailable(f"cannot make the page image of {path}: {error}") from None


def write_sizes(image, folder, key):
    """Write the page's sizes and ``info.json`` under ``folder`` (the page's folder)."""
    width, height = image.size
    widths = sorted({w for w in WIDTHS if w < 0.8 * width} | {width})
    sizes = []
    for w in widths:
        h = max(1, round(height * w / width))
        # LANCZOS (1) after a cheap reduction; the smaller sizes progressive (they show
        # at once), the full size baseline: encoding it progressive costs 0.3 s a page
        copy = image if w == width else image.resize((w, h), 1, reducing_gap=3.0)
        target = os.path.join(folder, "full", f"{w},", "0")
        os.makedirs(target, exist_ok=True)
        copy.save(os.path.join(target, "default.jpg"), "JPEG", quality=QUALITY,
                  progressive=w != width, optimize=w != width)
        sizes.append({"width": w, "height": h})
    info = {"@context": CONTEXT, "@id": key, "protocol": "http://iiif.io/api/image",
            "width": width, "height": height, "sizes": sizes,
            "profile": ["http://iiif.io/api/image/2/level0.json"]}
    with open(os.path.join(folder, "info.json"), "w", encoding="utf-8") as file:
        json.dump(info, file)
    return info


def view_width(info):
    """The width shown without JavaScript: VIEW_WIDTH, or the largest size under it."""
    fitting = [s["width"] for s in info["sizes"] if s["width"] <= VIEW_WIDTH]
    return max(fitting) if fitting else min(s["width"] for s in info["sizes"])
