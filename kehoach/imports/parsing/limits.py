"""Resource limits for reading untrusted files, and the cheap checks made before a reader starts.

Two layers (see ``sandbox.py`` for the second):
1. Pre-checks here, in the calling process, refuse what is plainly too big before any library parses
   it: the upload size, a zip archive's declared sizes and ratio (DOCX/XLSX), a PDF's compressed
   streams inflated chunk by chunk *without keeping the output* (so a decompression bomb costs a few
   milliseconds and no memory), and the page count.
2. The parse itself runs in a child process under ``RLIMIT_AS`` (address space) and ``RLIMIT_CPU``,
   with a wall-clock deadline kept by the parent, so whatever slips past the pre-checks (a bomb in a
   filter the pre-check does not inflate, a pathological layout) ends in a clear refusal, not a
   machine out of memory.
"""

from __future__ import annotations

import io
import itertools
import re
import zipfile
import zlib
from dataclasses import dataclass

from .errors import ImportRejected


@dataclass(frozen=True)
class Limits:
    """What one parse may use. The defaults read a 500-page plan comfortably."""

    max_bytes: int = 20 * 1024 * 1024  # the file as uploaded
    max_pages: int = 500
    max_unzipped: int = 100 * 1024 * 1024  # DOCX/XLSX: declared size of all parts
    max_zip_ratio: int = 200
    max_pdf_inflated: int = 300 * 1024 * 1024  # PDF: all compressed streams inflated
    max_pdf_stream: int = 100 * 1024 * 1024  # PDF: one stream inflated
    max_memory: int = 768 * 1024 * 1024  # address space the child may add (a 200-page PDF needs ~60 MB)
    max_cpu_seconds: int = 120
    max_wall_seconds: int = 180


DEFAULT_LIMITS = Limits()


def _mb(n: int) -> str:
    return f"{n / 1048576:.0f} MB"


def check_zip(data: bytes, fmt: str, limits: Limits) -> set[str]:
    """The archive's part names, or a refusal when it is damaged or inflates abnormally."""
    code = {"docx": "corrupt_docx", "xlsx": "corrupt_xlsx"}.get(fmt, "unsupported_format")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise ImportRejected(
            code, "Tệp nén Office bị hỏng, không mở được.", f"Damaged Office (zip) file: {exc}"
        ) from None
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if total > limits.max_unzipped or total / packed > limits.max_zip_ratio:
        raise ImportRejected(
            "zip_bomb",
            "Tệp nén có kích thước giải nén bất thường (nghi “bom nén”) — từ chối nhập.",
            "The archive expands to an abnormal size (zip bomb); refused.",
        )
    return {i.filename for i in infos}


_STREAM = re.compile(rb"stream\r?\n")
_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


def _bomb() -> ImportRejected:
    return ImportRejected(
        "pdf_bomb",
        "Tệp PDF chứa dữ liệu nén giải nén ra kích thước bất thường (nghi “bom nén”) — từ chối nhập.",
        "The PDF holds compressed data that inflates to an abnormal size (decompression bomb); refused.",
    )


def too_many_pages(count: int, limits: Limits) -> ImportRejected:
    return ImportRejected(
        "too_many_pages",
        f"Tệp có {count} trang, vượt giới hạn {limits.max_pages} trang — hãy tách phần phụ lục nhiệm vụ ra tệp riêng.",
        f"The document has {count} pages, over the {limits.max_pages}-page limit.",
    )


def _inflate(chunks, limits: Limits, budget: list[int]):
    """Inflate a stream of compressed chunks lazily, yielding the output a megabyte at a time."""
    inflater = zlib.decompressobj()
    produced = 0
    for piece in chunks:
        try:
            out = inflater.decompress(piece, 1 << 20)
            while True:
                produced += len(out)
                budget[0] += len(out)
                if produced > limits.max_pdf_stream or budget[0] > limits.max_pdf_inflated:
                    raise _bomb()
                if out:
                    yield out
                if not inflater.unconsumed_tail:
                    break
                out = inflater.decompress(inflater.unconsumed_tail, 1 << 20)
        except zlib.error:
            return
        if inflater.eof:
            return


def _looks_zlib(head: bytes) -> bool:
    return len(head) >= 2 and head[0] & 0x0F == 8 and (head[0] * 256 + head[1]) % 31 == 0


def _layers(chunks, limits: Limits, budget: list[int], depth: int = 0):
    """The innermost layer of a stream deflated once or several times (``/Filter [/FlateDecode
    /FlateDecode]``), so a bomb under a second layer is measured as well."""
    gen = _inflate(chunks, limits, budget)
    first = next(gen, None)
    if first is None:
        return
    if depth < 3 and _looks_zlib(first):
        yield from _layers(itertools.chain([first], gen), limits, budget, depth + 1)
    else:
        yield first
        yield from gen


def check_pdf(data: bytes, limits: Limits) -> int:
    """Inflate every Flate stream without keeping it; refuse a bomb. Returns the pages counted.

    The stream dictionaries are not parsed: any ``stream`` keyword starts a candidate, and data that is
    not zlib ends the candidate at once. Pages are counted from ``/Type /Page`` in the raw file and in
    the inflated object streams (where modern PDFs keep their page objects).
    """
    budget = [0]
    pages = len(_PAGE.findall(data))
    for m in _STREAM.finditer(data):
        start = m.end()
        chunks = (data[p : p + 65536] for p in range(start, len(data), 65536))
        for out in _layers(chunks, limits, budget):
            pages += len(_PAGE.findall(out))
    # Incremental updates can keep old copies of page objects: refuse on the count only when it is far over.
    if pages > 2 * limits.max_pages:
        raise too_many_pages(pages, limits)
    return pages
