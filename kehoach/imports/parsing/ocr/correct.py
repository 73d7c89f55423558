"""Corrections after OCR that need the whole document; general rules, nothing for one document.

- Numbering re-checked against its sequence: in a task table's first column, a number between its two
  neighbours that breaks the run (``1, 4, 3``) is the neighbours' missing step.
- Vietnamese tone marks: tesseract's ``vie`` model confuses a few (hook above read as acute: ổ/ố, ẩ/ấ;
  a dot below lost: ị/i, ệ/ê). A word is re-spelt with a confusable mark only when
  1. it is not a Vietnamese syllable (``data/syllables.txt``, the word list of tesseract's own ``vie``
     model) and the re-spelling is one, or
  2. the re-spelling forms a word pair the document, the unit registry or the importer's vocabulary
     uses clearly more often than the pair as read (``trao đổi``, ``đơn vị``, ``Cao đẳng``).
  A circumflex lost or added (ố/ó) is a look-alike too. A cell's lines are one wrapped text, so its pairs
  run across line ends. A syllable that stands only in compounds (``đề``) read outside them is its free
  look-alike (``để``); a lone letter that is no word takes the one a vocabulary pair has there (``V tế``).
- Quarters in the document's own style (``Quý 1/2029`` where it writes ``Quý II``), their slash restored;
  a written date's day and month as digits (``ngày l6 tháng II năm 2008``).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache
from pathlib import Path

from ..columns import cell_role
from ..source import Paragraph, Source, Table

_INT = re.compile(r"^(\d{1,3})[.,]?$")
_ROMAN = re.compile(r"^[IVXLivxl]{1,4}\.?$")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_LETTERS = re.compile(r"[^\W\d_]{3,}")  # a word: a cell with one is text, not a misread number

ACUTE, GRAVE, HOOK, TILDE, DOT = "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"
TONES = (ACUTE, GRAVE, HOOK, TILDE, DOT)
CIRCUMFLEX, BREVE, HORN = "\u0302", "\u0306", "\u031b"
# The marks tesseract takes for one another (None: no tone mark).
CONFUSED: dict[str | None, tuple[str | None, ...]] = {
    ACUTE: (HOOK, TILDE, None, GRAVE, DOT),
    HOOK: (ACUTE, GRAVE, TILDE, None, DOT),
    TILDE: (HOOK, ACUTE, None),
    DOT: (None, ACUTE, HOOK),
    GRAVE: (HOOK, None, ACUTE, TILDE),
    None: (DOT, HOOK, GRAVE, ACUTE, TILDE),
}

# Words of plans that every ministry writes (headings, unit kinds, common verbs): general vocabulary that
# gives the pairs a short document may not repeat.
VOCABULARY = """
TT, STT, Nhiệm vụ, Nội dung, Đơn vị chủ trì, Đơn vị phối hợp, Cơ quan chủ trì, Cơ quan phối hợp, Sản phẩm,
Thời gian thực hiện, Thời gian hoàn thành, Kinh phí, Ghi chú, Đối tác nước ngoài, Dự kiến kinh phí, Nguồn kinh phí,
Các đơn vị thuộc Bộ, Các đơn vị liên quan, Các cơ quan đơn vị liên quan, Ủy ban nhân dân tỉnh, thành phố,
Sở Tài chính, Sở Nội vụ, Văn phòng Bộ, Thanh tra Bộ, Vụ Pháp chế, Vụ Tổ chức cán bộ, Vụ Kế hoạch Tài chính,
Cục Hợp tác quốc tế, Trường Cao đẳng, Trường Đại học, Viện nghiên cứu, Trung tâm, Tổng cục, Ban Chỉ đạo,
tổ chức triển khai thực hiện, trao đổi, đổi mới, bổ sung, sửa đổi, bảo đảm, đảm bảo, cải cách hành chính,
kiểm tra giám sát, tổng kết, sơ kết, đánh giá, báo cáo kết quả, xây dựng, hoàn thiện thể chế chính sách pháp luật,
nâng cao chất lượng hiệu quả, tăng cường, phổ biến giáo dục, tuyên truyền, hội nghị, hội thảo, tập huấn,
hợp tác quốc tế, văn hóa thể thao và du lịch, di sản văn hóa, điện ảnh, nghệ thuật biểu diễn, thư viện, bảo tàng,
Kế hoạch, Đề án, Chương trình, Quyết định, Nghị quyết, Nghị định, Chỉ thị, Thông tư, Thủ tướng Chính phủ,
hằng năm, hàng năm, thường xuyên, định kỳ, giai đoạn, cả nước, trên địa bàn tỉnh,
chuyển đổi số, ứng dụng công nghệ thông tin, phát triển bền vững, nguồn nhân lực, đào tạo bồi dưỡng,
thể dục thể thao, bản quyền tác giả, sở hữu trí tuệ, đề ra, đề xuất, đề nghị, chú trọng, chỉ tiêu, kiểm soát,
bố trí ngân sách, hỗ trợ, để phát triển, để thực hiện, để hỗ trợ, bảo hiểm y tế, khám bệnh chữa bệnh,
bảo tồn và phát huy giá trị, bảo vệ môi trường, an ninh quốc phòng, chủ động, tích cực, kịp thời,
trọng tâm, trọng điểm, nhiệm vụ và giải pháp chủ yếu, lĩnh vực, đẩy mạnh, đôn đốc, chi phí, chi trả,
điều kiện, đối tượng, quyền lợi, thẩm quyền, cấp tỉnh, cấp huyện, cấp xã, các cấp, cơ cấu, văn bản, y tế,
ngày lễ, kết nối, dịch vụ công, cơ sở dữ liệu, tổ chức có liên quan, cơ quan tổ chức,
thủ tục hành chính, tổng hợp, tổng cục, tổng thể, thống nhất, đồng bộ, chất lượng, hiệu quả, triển khai,
tiếp tục, tiếp nhận, tiến độ, thúc đẩy, rà soát, sửa đổi bổ sung, quy định, quy chế, quy hoạch, ban hành,
chi tiết, hướng dẫn thi hành
"""

# Syllables that stand only in compounds: read outside them, they are their free look-alike ("đề" for "để":
# the hook above read as a grave). word -> (look-alike, syllables after it, syllables before it).
BOUND: dict[str, tuple[str, frozenset[str], frozenset[str]]] = {
    "đề": ("để", frozenset("án nghị xuất ra cao cập tài bạt phòng cương mục thi kháng cử tựa xướng pa lao".split()),
           frozenset("vấn chủ tiêu đầu nhan luận mệnh tiền ra chuyên".split())),
}


@lru_cache(maxsize=1)
def syllables() -> frozenset[str]:
    path = Path(__file__).with_name("data") / "syllables.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(x for x in lines if x and not x.startswith("#"))


def _split_tone(word: str) -> tuple[str, str | None, int]:
    """The word without its tone mark (NFD), the mark, and where it sat."""
    chars = unicodedata.normalize("NFD", word)
    for k, ch in enumerate(chars):
        if ch in TONES:
            return chars[:k] + chars[k + 1:], ch, k
    return chars, None, -1


_VOWELS = set("aăâeêioôơuưy")


def _tone_position(base: str) -> int:
    """Where a tone mark goes in a toneless NFD word (after the main vowel, modern placement)."""
    letters = [(k, ch) for k, ch in enumerate(base) if unicodedata.category(ch) != "Mn"]
    nucleus = [(k, ch) for k, ch in letters if unicodedata.normalize("NFD", ch.lower())[:1] in _VOWELS]
    if not nucleus:
        return -1
    # A vowel with its own mark (ê, ơ, â, ư …) carries the tone; else the second of two vowels unless
    # the syllable ends there (hòa, múa), else the only one.
    for k, _ in nucleus:
        nxt = base[k + 1: k + 2]
        if nxt and unicodedata.category(nxt) == "Mn":
            return k + 2
    word = "".join(ch for _, ch in letters).lower()
    if len(nucleus) >= 2:
        first, second = nucleus[0], nucleus[1]
        ends = second[0] == letters[-1][0]
        if word.startswith(("qu", "gi")) and first[0] <= 1:
            return second[0] + 1
        return (first[0] if ends and len(nucleus) == 2 else second[0]) + 1
    return nucleus[0][0] + 1


def variants(word: str) -> list[str]:
    """The spellings of ``word`` with a confusable tone mark instead of its own."""
    base, tone, at = _split_tone(word)
    out = []
    for other in CONFUSED.get(tone, ()):
        if other is None:
            out.append(unicodedata.normalize("NFC", base))
            continue
        pos = at if at >= 0 else _tone_position(base)
        if pos < 0:
            continue
        # Keep the combining order canonical: the tone goes after the vowel's own mark.
        while pos < len(base) and unicodedata.category(base[pos]) == "Mn" and base[pos] not in TONES:
            pos += 1
        out.append(unicodedata.normalize("NFC", base[:pos] + other + base[pos:]))
    # The circumflex lost or added (ố read as ó, ế as é), the tone kept.
    chars = unicodedata.normalize("NFD", word)
    for k, ch in enumerate(chars):
        if ch.lower() not in "aeo":
            continue
        if chars[k + 1: k + 2] == CIRCUMFLEX:
            out.append(unicodedata.normalize("NFC", chars[:k + 1] + chars[k + 2:]))
        elif chars[k + 1: k + 2] not in (BREVE, HORN):
            out.append(unicodedata.normalize("NFC", chars[:k + 1] + CIRCUMFLEX + chars[k + 1:]))
    # đ read as d (its bar lost in the grain), or a d given a bar by a speck.
    if word[:1] in ("đ", "d"):
        swapped = ("d" if word[0] == "đ" else "đ") + word[1:]
        out += [swapped, *[("d" if v[0] == "đ" else "đ") + v[1:] for v in out if v[:1] in ("đ", "d")]]
    return [v for v in dict.fromkeys(out) if v != word]


def _fix_numbering(tables: list[Table]) -> None:
    """The first column of the scan's tables in reading order (a table runs over pages): numbers that
    break their sequence, and short cells that are numbers misread ("Hì", "§."), get the missing step."""
    cells = [(t, r) for t in tables for r in range(len(t.rows))]
    col = [t.rows[r][0].strip() for t, r in cells]
    nums: list[int | None] = []
    for c in col:
        m = _INT.match(c)
        nums.append(int(m.group(1)) if m else None)
    known = [k for k, n in enumerate(nums) if n is not None]
    if len(known) < 3:
        return
    dotted = sum(col[k].endswith(".") for k in known) * 2 > len(known)
    # A short cell that is neither the heading nor a Roman group number is a number misread ("Kì").
    idx = [k for k, c in enumerate(col)
           if c and c.upper() not in ("TT", "STT") and not _ROMAN.match(c)
           and (len(c) <= 3 or (len(c) <= 6 and any(ch.isdigit() for ch in c) and not _LETTERS.search(c)))]
    fixed: dict[int, int] = {}
    vals = [nums[k] for k in idx]
    # A number is anchored when another within four rows follows the same run (same value - position):
    # numbering runs on, so anchors on both sides with one run say what every row between them holds.
    offset = [v - p if v is not None else None for p, v in enumerate(vals)]
    anchored = [o is not None and any(offset[q] == o for q in range(max(0, p - 4), min(len(vals), p + 5)) if q != p)
                for p, o in enumerate(offset)]
    for p in range(len(vals)):
        if anchored[p]:
            continue
        left = next((offset[q] for q in range(p - 1, -1, -1) if anchored[q]), None)
        right = next((offset[q] for q in range(p + 1, len(vals)) if anchored[q]), None)
        run = left if left == right else (right if left is None else (left if right is None else None))
        if run is None:
            continue
        if left is None or right is None:
            # Before the first or after the last anchor: only a cell that is no number at all.
            if vals[p] is not None:
                continue
            near = next(q for q in (range(p + 1, len(vals)) if left is None else range(p - 1, -1, -1)) if anchored[q])
            if abs(near - p) > 3:
                continue
        if p + run >= 1 and vals[p] != p + run:
            vals[p] = p + run
            fixed[idx[p]] = p + run
    # A jump at the end of a run (the next row starts again at 1, or there is none): 3 read as 8.
    for p in range(1, len(vals)):
        prev, cur = vals[p - 1], vals[p]
        nxt = vals[p + 1] if p + 1 < len(vals) else None
        if (prev is not None and cur is not None and cur not in (prev + 1, 1) and prev < cur <= prev + 9
                and (nxt == 1 or p + 1 == len(vals)) and not anchored[p]):
            vals[p] = prev + 1
            fixed[idx[p]] = prev + 1
    for k in known:
        if col[k].endswith(",") and k not in fixed:
            fixed[k] = nums[k]  # "3," is "3." (or "3"): a comma is a dot read short
    for k, n in fixed.items():
        t, r = cells[k]
        t.rows[r][0] = f"{n}." if dotted else str(n)


_QUARTER = re.compile(r"\b(Quý|quý|QUÝ)\s+([IiLl1|][IiLlH1|]{0,2}|[IiLl1|]?[Vv])(?=\b|\d)")
# "Quý 1" where the document writes its quarters in Roman numerals: "I" read as "1", its slash maybe lost
# ("quý 12027" is "quý I/2027").
_QUARTER_ONE = re.compile(r"\b(Quý|quý|QUÝ)\s+1(?:(?=\s*/\s*\d{4})|(?=[12]\d{3}\b))(/?)")
_QUARTER_STYLE = re.compile(r"\b(?:Quý|quý|QUÝ)\s+(I{1,3}|IV|[1-4])\b")


def _fix_quarters(text: str, roman: bool = False) -> str:
    """``Quý ii1`` is ``Quý III``: Roman numerals after "quý" read as letters or digits."""

    def to_roman(m: re.Match) -> str:
        if m.group(2).isdigit():
            return m.group(0)  # "Quý 1" is written so
        numeral = re.sub(r"[il1|LH]", "I", m.group(2)).upper()
        if len(numeral) > 3 or numeral == "IIII":
            return m.group(0)
        # "quý II2026": the slash before the year lost.
        slash = "/" if text[m.end(): m.end() + 1].isdigit() else ""
        return m.group(0)[: m.start(2) - m.start()] + numeral + slash

    text = text.replace("/⁄", "/").replace("⁄", "/")  # a fraction slash read beside (or for) the slash
    text = _QUARTER.sub(to_roman, text)
    if roman:

        def one(m: re.Match) -> str:
            slash = m.group(2) or ("/" if text[m.end(): m.end() + 1].isdigit() else "")
            return m.group(0)[: m.end(1) - m.start()] + " I" + slash

        text = _QUARTER_ONE.sub(one, text)
    return text


_DIGIT_LIKE = str.maketrans({"l": "1", "I": "1", "|": "1", "O": "0", "o": "0", "S": "5", "Š": "5", "B": "8"})
_DATE = re.compile(r"\b(ngày|Ngày)\s+([0-9lI|OoSŠB]{1,2})\s+(tháng)\s+([0-9lI|OoSŠB]{1,2})\s+(năm\s+\d{4})")


def _fix_dates(text: str) -> str:
    """``ngày l6 tháng II năm 2008`` is ``ngày 16 tháng 11``: a written date's day and month are digits."""

    def digits(m: re.Match) -> str:
        day, month = m.group(2).translate(_DIGIT_LIKE), m.group(4).translate(_DIGIT_LIKE)
        if not (1 <= int(day) <= 31 and 1 <= int(month) <= 12):
            return m.group(0)
        return f"{m.group(1)} {day} {m.group(3)} {month} {m.group(5)}"

    return _DATE.sub(digits, text)


def _roman_quarters(texts: list[str]) -> bool:
    """Whether the document writes its quarters in Roman numerals (most "quý N" with N in I..IV)."""
    found = [m.group(1) for text in texts for m in _QUARTER_STYLE.finditer(text)]
    roman = sum(not n.isdigit() for n in found)
    return roman >= 3 and roman >= 3 * (len(found) - roman)


_ROMAN_LEAD = re.compile(r"^([IVXLHlỊY|]{1,4})\.\s+(?=[A-ZĐÂĂÊÔƠƯÁÀẢÃẠ])")
_ROMAN_MAP = {"H": "II", "L": "I", "l": "I", "Ị": "I", "|": "I", "Y": "V"}


def _fix_group_numbers(table: Table) -> None:
    """A group row's Roman number read with look-alikes ("LH." is "III.", "VỊ." is "VI.")."""
    for row in table.rows:
        m = _ROMAN_LEAD.match(row[0])
        if m and any(ch in _ROMAN_MAP for ch in m.group(1)):
            roman = "".join(_ROMAN_MAP.get(ch, ch) for ch in m.group(1))
            if re.fullmatch(r"I{1,3}|IV|VI{0,3}|IX|XI{0,3}", roman):
                row[0] = roman + row[0][len(m.group(1)):]


_ROMANS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
# A group row's lead: a short token and a full stop before capitalised text ("II. Nhóm …", misread "HỆ. Nhóm …").
_GROUP_LEAD = re.compile(r"^(\S{1,4})\.\s+(?=[A-ZĐÂĂÊÔƠƯÁÀẢÃẠ])")


def _heading_cell(row: list[str]) -> int | None:
    """Where a group heading row keeps its heading: text in the first cell only (or the same text in every
    cell a merged row spans), several words, no task number, gives 0; the numeral in a cell of its own
    ("II | Nhóm nhiệm vụ …", maybe a second short number beside it) gives the heading's cell. None for
    any other row."""
    first = row[0].strip()
    if len(first.split()) >= 3:
        if first[:1].isdigit() or not all(not c.strip() or c.strip() == first for c in row[1:]):
            return None
        return 0
    if len(first) > 4 or _LETTERS.search(first):
        return None
    at = next((k for k, c in enumerate(row) if len(c.split()) >= 3), None)
    if at is None or at > 2 or any(len(c.strip()) > 4 or _LETTERS.search(c) for c in row[1:at]):
        return None
    heading = row[at].strip()
    if not heading[:1].isupper() or any(c.strip() and c.strip() != heading for c in row[at + 1:]):
        return None  # data beside it (a task), or the rest of a sentence carried over a page break
    return at


def _group_rows(tables: list[Table]) -> list[tuple[list[str], int]]:
    """The group heading rows of the tables with the cell of their heading (see ``_heading_cell``)."""
    rows = []
    for table in tables:
        for row in table.rows:
            at = _heading_cell(row)
            if at is not None:
                rows.append((row, at))
    return rows


def _misread_numeral(token: str) -> bool:
    """A group lead that is no numeral of any scheme but reads like a Roman one ("HỆ", "Il"): not a single
    letter (A., B. number groups too), not digits, upper case or made of the strokes I is read as."""
    if token in _ROMANS or token.isdigit() or len(token) == 1 and token.isalpha() and token.isupper():
        return False
    return (len(token) >= 2 and token.isupper()) or set(token) <= set("Il|1LỊ")


def _cell_numeral(token: str, due: str | None = None) -> bool:
    """The numeral cell of a heading row read wrong: a misread Roman numeral, or the strokes of the numeral
    that is due read as ones ("1" for "I", "11" for "II") or run together ("H" for "II")."""
    if _misread_numeral(token):
        return True
    if not token or not set(token) <= set("1l|HỊ"):
        return False
    return due is None or (set(due) == {"I"} and (len(token) == len(due) or "H" in token))


def _fix_group_sequence(tables: list[Table]) -> None:
    """Roman group numbers follow their sequence through the document: a lead that reads like a numeral but is
    none takes the one that is due ("HỆ." after "I." is "II."), and a heading whose numeral was lost gets it
    back when the next heading is worded alike and numbered (each "Nhóm nhiệm vụ …"). The numeral may stand
    in a cell of its own before the heading ("HỆ | VỊ | Nhóm nhiệm vụ …")."""
    rows = _group_rows(tables)
    leads: list[str | None] = []  # the numeral as read, None when the heading has none
    for row, at in rows:
        if at:
            token = row[0].strip().rstrip(".")
            leads.append(token if token else None)
        else:
            m = _GROUP_LEAD.match(row[0].strip())
            leads.append(m.group(1) if m else None)
    if not any(t and (t in _ROMANS or (_cell_numeral(t) if at else _misread_numeral(t)))
               for (_, at), t in zip(rows, leads, strict=True)):
        return  # the document does not number its group rows in Roman numerals
    due = 0
    for k, ((row, at), token) in enumerate(zip(rows, leads, strict=True)):
        text = row[at].strip()
        due_numeral = _ROMANS[due] if due < len(_ROMANS) else None
        misread = token and (_cell_numeral(token, due_numeral) if at else _misread_numeral(token))
        if token and token in _ROMANS:
            due = _ROMANS.index(token) + 1
        elif misread and due < len(_ROMANS):
            row[0] = _ROMANS[due] if at else _ROMANS[due] + row[0].strip()[len(token):]
            due += 1
        elif not token and k + 1 < len(rows) and leads[k + 1] and due < len(_ROMANS):
            nxt_row, nxt_at = rows[k + 1]
            following = nxt_row[nxt_at].strip()
            if not nxt_at:
                following = following[_GROUP_LEAD.match(following).end():] if _GROUP_LEAD.match(following) else ""
            following = following.split()
            if following and following[0] == text.split()[0]:
                if at:
                    row[0] = _ROMANS[due]
                else:
                    row[0] = f"{_ROMANS[due]}. {text}"
                due += 1


def _fix_header(table: Table) -> None:
    """A header row (cells that name task columns) whose first cell is a short misread: "TT"."""
    for row in table.rows[:3]:
        roles = [cell_role(c) for c in row[1:] if c]
        if sum(r is not None for r in roles) < 2:
            continue
        if any(len(c) > 40 for c in row[1:]):
            continue  # a task row whose cells mention a role ("… phối hợp …"), not the heading
        first = row[0].strip()
        if first and len(first) <= 4 and not _INT.match(first) and first.upper() not in ("TT", "STT"):
            row[0] = "STT" if len(first) >= 3 and first[:1].upper() == "S" else "TT"


def _snap_units(table: Table, names: list[str]) -> None:
    """A cell line within a character or two of a registry name is that name (OCR dropped a mark)."""
    from difflib import SequenceMatcher

    if not names:
        return
    by_len: dict[int, list[str]] = {}
    for n in names:
        by_len.setdefault(len(n) // 4, []).append(n)
    for row in table.rows:
        for c, cell in enumerate(row):
            lines = cell.split("\n")
            changed = False
            for k, line in enumerate(lines):
                text = line.strip(" ,;.")
                if len(text) < 8:
                    continue
                pool = by_len.get(len(text) // 4, []) + by_len.get(len(text) // 4 - 1, []) + by_len.get(
                    len(text) // 4 + 1, [])
                best, ratio = None, 0.0
                low = text.lower()
                for name in pool:
                    if name == text:
                        best = None
                        break
                    m = SequenceMatcher(None, low, name.lower(), autojunk=False)
                    if m.quick_ratio() < 0.9:
                        continue
                    r = m.ratio()
                    if r > ratio:
                        best, ratio = name, r
                if best and ratio >= 0.92:
                    lines[k] = line.replace(text, best)
                    changed = True
            if changed:
                row[c] = "\n".join(lines)


def _texts(src: Source) -> list[str]:
    out: list[str] = []
    for block in src.blocks:
        out.extend([block.text] if isinstance(block, Paragraph) else [c for row in block.rows for c in row])
    return out


def correct_source(src: Source, extra_words: list[str] | None = None) -> int:
    """Correct the scanned text in place; returns the number of words changed."""
    for table in src.tables:
        _fix_header(table)
        _fix_group_numbers(table)
    _fix_group_sequence(src.tables)
    _fix_numbering(src.tables)
    known = syllables()
    bigrams: Counter = Counter()
    weight = 10  # a pair of the vocabulary or the registry outweighs a misreading repeated in the document
    cased: Counter = Counter()  # pairs as written, for a capital misread inside a phrase ("cơ Sở")
    for text in _texts(src):
        found = _WORD.findall(text)  # a cell's lines run on (see ``fix``)
        words = [w.lower() for w in found]
        bigrams.update(zip(words, words[1:]))
        cased.update(zip(found, found[1:]))
    vocab: set[tuple[str, str]] = set()
    for text in [VOCABULARY, *(extra_words or [])]:
        for line in re.split(r"[,;\n]", text):  # phrases: no pair across two of them
            words = [w.lower() for w in _WORD.findall(line)]
            for pair in zip(words, words[1:]):
                bigrams[pair] += weight
                vocab.add(pair)
    roman = _roman_quarters([_fix_quarters(x) for x in _texts(src)])
    changed = 0
    after: dict[str, set[str]] = {}  # word -> the words seen after it
    before: dict[str, set[str]] = {}
    for (a, b), n in bigrams.items():
        if n >= weight:
            after.setdefault(a, set()).add(b)
            before.setdefault(b, set()).add(a)

    def partners(prev: str | None, nxt: str | None) -> set[str]:
        return (after.get(prev, set()) if prev else set()) | (before.get(nxt, set()) if nxt else set())

    def mine_pairs(word: str, prev: str | None, nxt: str | None) -> int:
        return ((bigrams[(prev, word)] - 1) if prev else 0) + ((bigrams[(word, nxt)] - 1) if nxt else 0)

    def fix_line(line: str) -> str:
        nonlocal changed
        tokens = list(_WORD.finditer(line))
        low = [t.group(0).lower() for t in tokens]
        out, last = [], 0

        def replace(k: int, t: re.Match, word: str, lower: bool = False) -> None:
            nonlocal last, changed
            out.append(line[last: t.start()])
            out.append(word if lower else _case_like(word, t.group(0)))
            last = t.end()
            low[k] = word
            changed += 1

        for k, t in enumerate(tokens):
            word = low[k]
            prev = low[k - 1] if k else None
            nxt = low[k + 1] if k + 1 < len(low) else None

            def score(c: str, prev=prev, nxt=nxt) -> int:
                return (bigrams[(prev, c)] if prev else 0) + (bigrams[(c, nxt)] if nxt else 0)

            def loose(c: str, prev=prev, nxt=nxt) -> bool:
                """A bound syllable outside its compounds."""
                bound = BOUND.get(c)
                return bool(bound and nxt is not None and nxt not in bound[1] and (prev is None or prev not in bound[2]))

            read = t.group(0)
            if (k and len(read) > 1 and read[0].isupper() and read[1:].islower() and tokens[k - 1].group(0).islower()
                    and not line[tokens[k - 1].end(): t.start()].strip()
                    and cased[(tokens[k - 1].group(0), word)] >= 2 and cased[(tokens[k - 1].group(0), read)] <= 1):
                # A capital where the document writes the phrase in lower case twice or more.
                replace(k, t, word, lower=True)
                read = word
            if loose(word):
                replace(k, t, BOUND[word][0])
                continue
            if len(word) == 1 and word not in known:
                # A lone letter that is no word ("v tế"): the one-letter word a pair of the vocabulary has there.
                near = [c for c in partners(prev, nxt) if len(c) == 1 and c != word]
                if near and score(max(near, key=score)) >= weight:
                    # "V tế" is "y tế" in the middle of a sentence: the case of the word before it.
                    lower = k > 0 and tokens[k - 1].group(0).islower()
                    replace(k, t, max(near, key=score), lower)
                continue
            options = [c for c in variants(word) if not loose(c)]
            if not options:
                continue
            if word in known and mine_pairs(word, prev, nxt) == 0:
                # One wrong letter (h read as t): a word one letter away that forms a pair of the
                # vocabulary or the registry with a neighbour, where the pair as read is seen nowhere else.
                near = [c for c in partners(prev, nxt) if c != word and _one_edit(c, word)]
                if near:
                    best = max(near, key=score)
                    if score(best) >= weight:
                        replace(k, t, best)
                        continue
            valid = word in known
            # This very pair counts once in the document: not as evidence for itself.
            mine = score(word) - (1 if prev else 0) - (1 if nxt else 0)
            best = max(options, key=lambda c: (c in known, score(c)))
            if best not in known:
                continue
            in_vocab = (prev, best) in vocab or (best, nxt) in vocab
            read_in_vocab = (prev, word) in vocab or (word, nxt) in vocab
            # The document's own pairs speak for a re-spelling only from both sides of a word inside a phrase:
            # "khi nhà nước" is no "khí nhà" because the document writes "khí nhà kính" often.
            both = prev is None or nxt is None or (bigrams[(prev, best)] > 0 and bigrams[(best, nxt)] > 0)
            # A pair of the vocabulary or registry wins over the same misreading repeated in the document.
            if valid and not (in_vocab and not read_in_vocab) and not (
                    score(best) >= 3 and score(best) > 2 * mine and both):
                continue
            if not valid and score(best) == 0 and k and read[:1].isupper() and tokens[k - 1].group(0).islower():
                continue  # a capitalised word inside a phrase with nothing to say otherwise: a name ("sông Kôn")
            if not valid and score(best) == 0 and (sum(o in known for o in options) > 1 or len(word) < 3):
                # Several real words could be meant and nothing tells which (or the word list lacks a
                # short word): leave it as read.
                continue
            replace(k, t, best)
        out.append(line[last:])
        return "".join(out)

    def fix(text: str, wrapped: bool = False) -> str:
        # Tesseract's eth (ð, Ð) is no Vietnamese letter: a doubled Đ, or Đ itself.
        text = text.replace("Đð", "Đ").replace("ĐÐ", "Đ").replace("Ð", "Đ").replace("ð", "đ")
        # Twice: a word corrected first gives its neighbour the pair that decides it. A cell's lines are
        # one text wrapped to the column: its pairs run across the line ends ("tổ" | "chức").
        if wrapped:
            text = fix_line(fix_line(text))
            return _fix_dates(_fix_quarters(text, roman))
        return "\n".join(_fix_dates(_fix_quarters(fix_line(fix_line(x)), roman)) for x in text.split("\n"))

    for block in src.blocks:
        if isinstance(block, Paragraph):
            block.text = fix(block.text)
        else:
            block.rows = [[fix(c, wrapped=True) for c in row] for row in block.rows]
    for table in src.tables:
        _snap_units(table, list(extra_words or []))
    return changed


def _one_edit(a: str, b: str) -> bool:
    """One letter replaced (same length, longer than two letters): its letter misread with the marks kept (h
    read as t), or its marks misread on the same letter (à for â); not both at once ("cho" is no misread
    "chủ": that is a word of its own)."""
    if not len(a) == len(b) > 2:
        return False
    diff = [(x, y) for x, y in zip(a, b) if x != y]
    if len(diff) != 1:
        return False
    x, y = (unicodedata.normalize("NFD", ch) for ch in diff[0])
    return x[0] == y[0] or x[1:] == y[1:]


def _case_like(word: str, like: str) -> str:
    if like.isupper() and len(like) > 1:
        return word.upper()
    if like[:1].isupper():
        return word[:1].upper() + word[1:]
    return word
