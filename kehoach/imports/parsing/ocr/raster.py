"""Page images at a common resolution: PDF pages without a text layer (pypdfium2, which pdfplumber already
depends on) and image files (PNG, JPEG, TIFF with several pages, through Pillow)."""

from __future__ import annotations

import io
from dataclasses import dataclass

from ..errors import ImportRejected

DPI = 300  # what tesseract reads best; lower scans are scaled up to it
A4_INCHES = (8.27, 11.69)


@dataclass
class PageImage:
    number: int  # 1-based page in the document
    image: object  # PIL.Image, RGB or L, at DPI
    source_dpi: float  # the scan's own resolution (estimated when the file does not say)


def _estimate_dpi(width_px: int, height_px: int) -> float:
    """An image without a resolution is taken as an A4 page (portrait or landscape)."""
    short, long_ = sorted((width_px, height_px))
    return max(short / A4_INCHES[0], long_ / A4_INCHES[1])


def pdf_page_count(data: bytes) -> int:
    import pypdfium2 as pdfium

    return len(pdfium.PdfDocument(data))


def pdf_pages(data: bytes, numbers: list[int]):
    """Yield a PageImage for each 1-based page number, rendered at DPI."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    doc = pdfium.PdfDocument(data)
    try:
        for number in numbers:
            page = doc[number - 1]
            dpi = 0.0
            for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]):
                px_w, px_h = obj.get_px_size()
                x0, y0, x1, y1 = obj.get_bounds()
                if x1 - x0 > 0.5 * page.get_width():  # the page-sized picture of a scan
                    dpi = max(dpi, px_w / ((x1 - x0) / 72), px_h / ((y1 - y0) / 72))
            image = page.render(scale=DPI / 72, grayscale=False).to_pil()
            page.close()
            yield PageImage(number, image, dpi or DPI)
    finally:
        doc.close()


def image_pages(data: bytes, max_pages: int):
    """Yield a PageImage for each frame of an image file (a multi-page TIFF has several)."""
    from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = 120_000_000  # a 600 dpi A3 page; larger is a bomb, not a scan
    try:
        im = Image.open(io.BytesIO(data))
        frames = getattr(im, "n_frames", 1)
        if frames > max_pages:
            raise ImportRejected(
                "too_many_pages",
                f"Tệp ảnh có {frames} trang, vượt giới hạn {max_pages} trang.",
                f"The image file has {frames} pages, over the {max_pages} page limit.",
            )
        for n, frame in enumerate(ImageSequence.Iterator(im), start=1):
            frame = ImageOps.exif_transpose(frame)  # a phone photo's own rotation tag
            if frame.mode not in ("RGB", "L"):
                frame = frame.convert("RGB") if frame.mode in ("RGBA", "P", "CMYK", "LA") else frame.convert("L")
            dpi_info = im.info.get("dpi") or (0, 0)
            dpi = float(dpi_info[0] or 0)
            if not 30 <= dpi <= 1200:
                dpi = _estimate_dpi(*frame.size)
            scale = DPI / dpi
            if abs(scale - 1) > 0.05:
                size = (max(1, round(frame.width * scale)), max(1, round(frame.height * scale)))
                frame = frame.resize(size, Image.LANCZOS)
            yield PageImage(n, frame.copy(), dpi)
    except ImportRejected:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise ImportRejected(
            "corrupt_image", "Tệp ảnh bị hỏng hoặc không đúng định dạng, không đọc được.", f"Damaged image: {exc}"
        ) from None


def image_page_count(data: bytes) -> int:
    from PIL import Image

    try:
        return getattr(Image.open(io.BytesIO(data)), "n_frames", 1)
    except Exception:
        return 1
