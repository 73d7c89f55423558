"""Recognising a task table's header: which column holds what."""

from __future__ import annotations

import re

from kehoach.core.text import fold

# Folded heading synonyms per role, longest first when matched.
SYNONYMS: dict[str, list[str]] = {
    "ref": ["so thu tu", "so tt", "stt", "tt"],
    "title": [
        "don vi duoc kiem tra",
        "co quan duoc kiem tra",
        "dia phuong duoc kiem tra",
        "don vi duoc thanh tra",
        "doi tuong kiem tra",
        "ten nhiem vu",
        "nhiem vu",
        "noi dung cong viec",
        "noi dung nhiem vu",
        "noi dung",
        "ten hoat dong",
        "hoat dong",
        "ten de an",
        "ten van ban",
        "ten du an",
        "ten chinh sach",
        "ten chuong trinh",
        "cong viec",
        "nhiem vu giai phap",
        "danh muc",
    ],
    "lead": [
        "don vi chu tri",
        "co quan chu tri",
        "co quan don vi chu tri",
        "don vi thuc hien",
        "co quan thuc hien",
        "don vi dau moi",
        "chu tri thuc hien",
        "chu tri",
        "co quan don vi thuc hien",
        "trach nhiem thuc hien",
    ],
    "coordinating": [
        "don vi phoi hop",
        "co quan phoi hop",
        "co quan don vi phoi hop",
        "don vi cho y kien",
        "co quan cho y kien",
        "don vi tham gia",
        "phoi hop thuc hien",
        "phoi hop",
    ],
    "products": [
        "san pham ket qua",
        "ket qua san pham",
        "san pham du kien",
        "ket qua du kien",
        "san pham dau ra",
        "hinh thuc van ban",
        "san pham",
        "ket qua",
    ],
    "timeframe": [
        "thoi gian du kien trien khai",
        "thoi gian thuc hien",
        "thoi gian hoan thanh",
        "thoi gian trinh",
        "thoi gian trien khai",
        "thoi han hoan thanh",
        "thoi han",
        "tien do thuc hien",
        "tien do",
        "lo trinh thuc hien",
        "lo trinh",
        "nam thuc hien",
        "thoi gian",
        "moc thoi gian",
    ],
    "monitoring": [
        "theo doi kiem tra don doc",
        "theo doi don doc kiem tra",
        "kiem tra don doc giam sat",
        "theo doi giam sat",
        "theo doi don doc",
        "kiem tra don doc",
        "don vi theo doi",
        "co quan theo doi",
        "don vi giam sat",
        "co quan giam sat",
    ],
    "partners": ["doi tac nuoc ngoai", "doi tac quoc te", "doi tac"],
    "funding": [
        "du kien nguon ngan sach",
        "du kien kinh phi",
        "nguon kinh phi",
        "nguon ngan sach",
        "nguon von",
        "kinh phi",
        "du toan",
    ],
    "note": ["ghi chu"],
}
_ALL = sorted(((syn, role) for role, syns in SYNONYMS.items() for syn in syns), key=lambda x: -len(x[0]))


def heading_coverage(text: str) -> int:
    """How many characters of the text are heading words; grows while lines still belong to a header."""
    key = " " + fold(text) + " "
    taken = [False] * len(key)
    for syn, _ in _ALL:
        if syn not in key:
            continue
        for m in re.finditer(re.escape(" " + syn + " "), key):
            if not any(taken[m.start() + 1 : m.end() - 1]):
                for k in range(m.start() + 1, m.end() - 1):
                    taken[k] = True
    return sum(taken)


def find_roles(text: str) -> list[tuple[int, str]]:
    """Roles named in a run of heading text, in reading order, as (position, role)."""
    key = " " + fold(text) + " "
    taken = [False] * len(key)
    found: list[tuple[int, str]] = []
    for syn, role in _ALL:
        if syn not in key:  # cheap test first: most cells name no heading word
            continue
        for m in re.finditer(re.escape(" " + syn + " "), key):
            s, e = m.start() + 1, m.end() - 1
            if any(taken[s:e]):
                continue
            for k in range(s, e):
                taken[k] = True
            found.append((s, role))
    found.sort()
    out: list[tuple[int, str]] = []
    for pos, role in found:
        if role not in {r for _, r in out}:
            out.append((pos, role))
    return out


def cell_role(text: str) -> str | None:
    """Role of one header cell, or None."""
    roles = find_roles(text)
    if not roles:
        return None
    # "Đơn vị chủ trì/phối hợp" style cells hold several roles; the first is the column's.
    return roles[0][1]


def is_task_header(roles: list[str]) -> bool:
    """A task table names its task column and at least a unit or time column."""
    rs = set(roles)
    return "title" in rs and bool(rs & {"lead", "coordinating", "timeframe", "note"}) and len(rs) >= 3


# Columns that make a table a list of targets or indicators, never of tasks.
_TARGET_HEADINGS = re.compile(r"\b(chi tieu|chi so|don vi tinh|dvt|muc tieu phan dau)\b")


def is_target_header(cells: list[str]) -> bool:
    """``TT | Chỉ tiêu | Đơn vị tính | Năm 2025 | Cơ quan chủ trì theo dõi``: a target table."""
    return any(_TARGET_HEADINGS.search(fold(c or "")) for c in cells)


# What a labelled line under a task may name besides the table roles.
LABEL_EXTRA: dict[str, list[str]] = {
    "content": ["noi dung bien phap", "noi dung nhiem vu", "noi dung", "bien phap", "giai phap", "nhiem vu"],
    "lead": ["co quan chu tri thuc hien", "don vi chu tri thuc hien", "co quan thuc hien", "chu tri"],
    # "Phân công thực hiện" heads a block that names both the lead and the partners.
    "assignment": ["phan cong thuc hien", "phan cong nhiem vu", "phan cong"],
    "coordinating": ["co quan phoi hop thuc hien", "phoi hop"],
    "timeframe": ["thoi gian thuc hien", "thoi gian hoan thanh", "thoi han hoan thanh", "thoi gian"],
    "products": ["san pham", "ket qua"],
    "monitoring": ["theo doi", "don doc", "giam sat"],
}
_FILLERS = {"co", "quan", "don", "vi", "va", "thuc", "hien", "du", "kien", "cac", "chinh", "cu", "the"}
_LABEL_SYNONYMS = sorted(
    {(syn, role) for role, syns in list(SYNONYMS.items()) + list(LABEL_EXTRA.items()) for syn in syns}
    - {("ref", s) for s in SYNONYMS["ref"]}
    - {("title", s) for s in SYNONYMS["title"]},
    key=lambda x: (-len(x[0]), x[0], x[1]),  # a fixed order: the same text always reads the same
)


def label_roles(text: str) -> list[str] | None:
    """Roles a label names ("Cơ quan chủ trì, phối hợp" -> lead, coordinating), or None when the text
    is not a label: every word must be a label word, and at most eight of them."""
    key = fold(text)
    words = key.split()
    if not words or len(words) > 8:
        return None
    padded = " " + key + " "
    taken = [False] * len(padded)
    found: list[tuple[int, str]] = []
    for syn, role in _LABEL_SYNONYMS:
        for m in re.finditer(re.escape(" " + syn + " "), padded):
            s, e = m.start() + 1, m.end() - 1
            if any(taken[s:e]):
                continue
            for k in range(s, e):
                taken[k] = True
            found.append((s, role))
    if not found:
        return None
    rest = "".join(" " if t else ch for ch, t in zip(padded, taken, strict=True)).split()
    if any(w not in _FILLERS for w in rest):
        return None
    roles: list[str] = []
    for _, role in sorted(found):
        if role not in roles:
            roles.append(role)
    return roles
