"""Document facts: kind, issuer, number, date, title, period, legal bases, signer, coordinator, reports.

Where each fact is read:
- number and date: the ``Số:`` line and the ``<place>, ngày … tháng … năm …`` line of the heading (a
  decision's when a decision issues the plan); else the ``(Kèm theo Quyết định số … ngày …)`` line.
  A blank (``Số:      /KH-UBND``, ``ngày … tháng 12 năm 2025``) stays null.
- kind: a ``QUYẾT ĐỊNH`` or ``NGHỊ QUYẾT`` heading that issues a plan or programme ("ban hành (kèm theo)
  … Kế hoạch / Chương trình"), or a plan that says it comes with a decision -> ``decision_with_plan``.
- title: the plan's own heading (``KẾ HOẠCH`` / ``KẾ HOẠCH HÀNH ĐỘNG`` / ``CHƯƠNG TRÌNH …``) and the
  lines after it, up to ``(Kèm theo …)``, a section or the legal bases.
- period: the title, then the paragraph that opens the plan, then its objectives, then the appendix
  headings; never a legal basis or a date cited in passing.
- legal bases: the preamble's ``Căn cứ`` items (and ``Thực hiện`` items among them); laws cited by date
  only have no number.
- coordinator and report deadline: the ``Tổ chức thực hiện`` section — the unit that monitors, urges,
  compiles, and receives the reports; the yearly date by which reports reach it.
"""

from __future__ import annotations

import re
from datetime import date

from kehoach.core.text import fold, name_key

from .model import ParsedPlan
from .outline import Node, is_upper_text
from .textutil import clean, vre
from .units import UNIT_PREFIXES, split_units, starts_unit, unit_prefix

_DATE_WORDS = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.I)
_DATE_SLASH = re.compile(r"ngày\s+(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})", re.I)
_DOC_NUMBER = r"(\d+[\w/\-.Đđ]*[A-Za-zĐđ][\w\-/Đđ]*)"
_DOC_TYPES = (
    r"Hiến pháp|Bộ luật|Luật|Pháp lệnh|Nghị quyết|Nghị định|Quyết định|Chỉ thị|Thông tư liên tịch|Thông tư|"
    r"Kết luận|Chương trình|Kế hoạch|Công văn|Thông báo|Đề án|Văn bản|Quy định|Hướng dẫn"
)
_LAWS = ("hien phap", "bo luat", "luat", "phap lenh")
_TITLES = (
    r"BỘ TRƯỞNG|THỨ TRƯỞNG|PHÓ CHỦ TỊCH|CHỦ TỊCH|PHÓ GIÁM ĐỐC|GIÁM ĐỐC|PHÓ THỦ TƯỚNG|THỦ TƯỚNG|"
    r"PHÓ TRƯỞNG BAN|TRƯỞNG BAN|PHÓ CỤC TRƯỞNG|CỤC TRƯỞNG|PHÓ VỤ TRƯỞNG|VỤ TRƯỞNG|PHÓ TỔNG CỤC TRƯỞNG|"
    r"TỔNG CỤC TRƯỞNG|PHÓ CHÁNH VĂN PHÒNG|CHÁNH VĂN PHÒNG|VIỆN TRƯỞNG|PHÓ VIỆN TRƯỞNG|HIỆU TRƯỞNG|"
    r"TỔNG GIÁM ĐỐC|PHÓ TỔNG GIÁM ĐỐC|TRƯỞNG ĐOÀN"
)
_SIGNATURE = re.compile(
    vre(r"(?P<titles>(?:[{U}][{U}.,/]*\s+){0,12}?(?:")
    + _TITLES
    + r")"
    # "GIÁM ĐỐC SỞ Y TẾ": a title may name its body before the signer's name.
    + vre(r"(?:\s+[{U}][{U},&\-]*){0,10}?)")
    + r"(?:\s+(?:\(?(?:Đã ký|đã ký|Đã kí|đã kí)\)?|[\[\]()*_.\-]+))*\s+"
    + vre(r"(?P<name>[{U}][{L}]+(?:\s+[{U}][{L}]+){1,4})(?![{L}])")
)
_SIGN_START = re.compile(r"(?:^|\s)(?:(?:KT|TM|Q|TL|TUQ|T/M)\.|" + _TITLES + r")")
_NOT_NAME = {
    "Căn",
    "Nơi",
    "Điều",
    "Như",
    "Theo",
    "Xét",
    "Kèm",
    "Ban",
    "Bộ",
    "Sở",
    "Văn",
    "Cục",
    "Vụ",
    "Các",
    "Thực",
    "Trung",
    "Chủ",
    "Ủy",
    "Uỷ",
    "Hội",
    "Kế",
    "Chương",
    "Quyết",
    "Nghị",
    "Thủ",
    "Số",
    "Hà",
    "Lưu",
    "Phụ",
    "Danh",
    "Tổ",
    "Giao",
    "Trưởng",
    "Phó",
    "Thành",
    "Tỉnh",
    "Cơ",
    "Đơn",
    "Trong",
    "Mục",
}
_ISSUER_WORDS = (
    r"BỘ|ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|ỦY BAN|UỶ BAN|UBND|SỞ|TỔNG CỤC|CỤC|BAN|VĂN PHÒNG|HỘI ĐỒNG|"
    r"THỦ TƯỚNG CHÍNH PHỦ|CHÍNH PHỦ|TRUNG TÂM|VIỆN|HỌC VIỆN|ĐẠI HỌC|TRƯỜNG|TỔNG CÔNG TY|KHO BẠC|"
    r"BẢO HIỂM XÃ HỘI|THANH TRA|ĐÀI|LIÊN ĐOÀN|ĐOÀN"
)
_ISSUER = re.compile(rf"^(?:{_ISSUER_WORDS})(?:\s|$)")
_NOT_ISSUER = re.compile(r"^(BỘ TRƯỞNG|BỘ CHÍNH TRỊ|BAN CHẤP HÀNH|BAN BÍ THƯ|BAN HÀNH|CHỦ TỊCH|BỘ LUẬT)\b")
_PLACE_DATE = re.compile(
    vre(r"(?:^|\s)[{U}][\w.]*(?:\s+[{U}][\w.]*){0,3}") + r",\s*ngày\s+(\S*)\s+tháng\s+(\S*)\s+năm\s+(\d{4})"
)
_PLAN_HEAD = re.compile(r"(?<![\wÀ-ỹ])(KẾ HOẠCH|CHƯƠNG TRÌNH)(?![\wÀ-ỹ])")
_UNIT_START = "|".join(
    sorted(
        {p[0].upper() + p[1:] for p in UNIT_PREFIXES if p not in ("các", "những")}, key=lambda p: (-len(p), p)
    )
)
_UNIT = rf"((?:{_UNIT_START})\s[^.;:()\n]{{0,80}}?)"  # bounded: unbounded lazy runs go quadratic


def _iso(d: str, m: str, y: str) -> str | None:
    try:
        return date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


def _first_date(text: str) -> str | None:
    hits = [m for m in (_DATE_WORDS.search(text), _DATE_SLASH.search(text)) if m]
    if not hits:
        return None
    m = min(hits, key=lambda x: x.start())
    return _iso(m[1], m[2], m[3])


def _proper_case(caps: str, body: str) -> str:
    """Write an all-caps heading as the body spells it ("BỘ VĂN HÓA, …" -> "Bộ Văn hóa, …")."""
    key = name_key(caps)
    n = len(caps.split())
    words = body.split()
    first = caps.split()[0].lower() if caps.split() else ""
    for i in range(len(words) - n + 1):
        if words[i].lower() != first:
            continue
        cand = " ".join(words[i : i + n]).strip(" ,.;:()")
        if name_key(cand) == key and not cand.isupper():
            return cand
    text = caps.lower()
    text = re.sub(
        r"^(bộ|sở|cục|tổng cục|ban|văn phòng|ủy ban|uỷ ban)\s+(?!nhân dân)(\w)",
        lambda m: f"{m[1]} {m[2].upper()}",
        text,
    )
    text = re.sub(r"(^|,\s+|\bvà\s+)(\w)", lambda m: m[1] + m[2].upper(), text)
    text = re.sub(r"\bchính phủ\b", "Chính phủ", text)
    text = re.sub(r"^thủ tướng", "Thủ tướng", text)
    return re.sub(
        r"\b(tỉnh|thành phố|huyện|quận|thị xã|xã|phường)\s+(.+)$",
        lambda m: f"{m[1]} " + " ".join(w[:1].upper() + w[1:] for w in m[2].split()),
        text,
    )


class Facts:
    def __init__(self, lines: list[str], root: Node | None):
        self.lines = [clean(x) for x in lines]
        self.nonempty = [x for x in self.lines if x]
        self.body = " ".join(self.nonempty)
        self.root = root

    # ---------------------------------------------------------------- heading facts

    def decision_heading(self) -> bool:
        """A decision's or resolution's heading, not those words inside a title ("… THỰC HIỆN NGHỊ QUYẾT SỐ 12")."""
        for line in self.nonempty[:80]:
            if re.search(
                r"(?<!\w)(QUYẾT ĐỊNH|NGHỊ QUYẾT)(?=\s*$|\s*:|\s+(?:V/V|VỀ|BAN HÀNH|PHÊ DUYỆT|Ban hành|Về|Phê duyệt)\b)",
                line,
            ):
                return True
        return False

    def kind(self) -> str:
        issues = re.search(
            r"ban hành (?:kèm theo )?(?:quyết định|nghị quyết) này[^.]{0,20}(kế hoạch|chương trình)|"
            r"(quyết định|nghị quyết)[^.]{0,40}?\bban hành\b[^.]{0,60}?(kế hoạch|chương trình)",
            self.body[:30000],
            re.I,
        )
        if self.decision_heading() and issues:
            return "decision_with_plan"
        if re.search(r"\((?:ban hành )?kèm theo (?:quyết định|nghị quyết) số\s+\d", self.body[:30000], re.I):
            return "decision_with_plan"
        return "plan"

    def issuer(self) -> str | None:
        """The issuing body of the heading; of two heading lines (parent body over issuing unit:
        ``UBND TỈNH X`` / ``SỞ Y TẾ``), the second."""
        lines = self.nonempty[:200]
        for k, x in enumerate(lines):
            cand = _upper_heading(re.sub(r"^(BỘ TRƯỞNG|CHỦ TỊCH|GIÁM ĐỐC)\s+(?=BỘ|ỦY|UỶ|SỞ)", "", x))
            if not cand or not _ISSUER.match(cand) or _NOT_ISSUER.match(cand) or len(cand) > 100:
                continue
            nxt = _upper_heading(lines[k + 1]) if k + 1 < len(lines) else ""
            if nxt and (
                re.match(r"^(TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ|XÃ|PHƯỜNG|VÀ)\s", nxt) or cand.endswith(",")
            ):
                cand = f"{cand} {nxt}"  # "ỦY BAN NHÂN DÂN" / "TỈNH QUẢNG NAM" on two lines
                nxt = _upper_heading(lines[k + 2]) if k + 2 < len(lines) else ""
            if cand in ("ỦY BAN NHÂN DÂN", "UỶ BAN NHÂN DÂN"):
                continue
            if nxt and _ISSUER.match(nxt) and not _NOT_ISSUER.match(nxt) and len(nxt) <= 100 and nxt != cand:
                cand = nxt  # the issuing unit under its parent body
            return _proper_case(cand, self.body)
        return None

    def number_and_date(self) -> tuple[str | None, str | None]:
        number = issued = None
        found_number = found_date = False
        for x in self.nonempty[:120]:
            if not found_number:
                m = re.search(r"(?:^|\s)Số\s*:\s*(\S*(?:\s*/\s*[\w.\-]+)*)", x)
                if m:
                    found_number = True
                    value = re.sub(r"\s*([/-])\s*", r"\1", m[1]).strip(" ,;")  # "123 /KH-UBND"
                    number = value if re.match(r"\d", value) else None
            if not found_date:
                m = _PLACE_DATE.search(x)
                if m:
                    found_date = True
                    issued = _iso(m[1], m[2], m[3]) if m[1].isdigit() and m[2].isdigit() else None
            if found_number and found_date:
                break
        if not found_number or not found_date:
            m = re.search(
                r"\((?:ban hành )?kèm theo (?:quyết định|nghị quyết) số\s*(\S*)\s*,?\s*ngày\s+(\S*)\s+tháng\s+(\S*)\s+năm\s+(\d{4})",
                self.body[:40000],
                re.I,
            )
            if m:
                if not found_number:
                    number = m[1] if re.match(r"\d", m[1]) else None
                if not found_date:
                    issued = _iso(m[2], m[3], m[4]) if m[2].isdigit() and m[3].isdigit() else None
        return number, issued

    # ---------------------------------------------------------------- title and period

    def title(self) -> str | None:
        lines = self.lines
        best = None
        for i, x in enumerate(lines):
            s = x.strip(" #*_")
            m = _PLAN_HEAD.search(s)
            if not m:
                continue
            before = s[: m.start()]
            if re.search(r"(BAN HÀNH|PHÊ DUYỆT|VỀ VIỆC|V/V)\s*$", before.upper()):
                best = best or (i, m)  # the decision's title names the plan: use it when nothing better
                continue
            words_before = before.split()
            if words_before and is_upper_text(words_before[-1]) and not re.search(r"\d", words_before[-1]):
                continue  # inside a title in capitals ("… THỰC HIỆN CHƯƠNG TRÌNH …"), not the plan's heading
            rest = s[m.start() :]
            # "KẾ HOẠCH Thực hiện …" on one line: the heading, then the title in sentence case.
            one_line = m.start() == 0 and len(rest.split()) > len(m[1].split()) + 2
            if not is_upper_text(rest[: len(m[1]) + 30]) and not one_line:
                continue
            title = self._title_from(i, m.start(), m[1])
            if title:
                return title
        if best is not None:
            return self._title_from(best[0], best[1].start(), best[1][1])
        m = re.search(
            r"Ban hành (?:kèm theo )?(?:Quyết định này )?(Kế hoạch|Chương trình)\s+(.{10,400}?)(?:\.\s|$)",
            self.body[:20000],
        )
        if m:
            return clean(m[2])
        # A sheet or a schedule headed "LỊCH KIỂM TRA …" / "DANH MỤC …" instead of "KẾ HOẠCH".
        for x in self.nonempty[:20]:
            if re.match(r"^(LỊCH|DANH MỤC)\s", x) and is_upper_text(x) and len(x.split()) >= 4:
                return _upper_heading(x) or x
        return None

    def _title_from(self, i: int, start: int, head: str) -> str | None:
        first = self.lines[i].strip(" #*_")[start:]
        rest_of_head = first[len(head) :].strip()
        keep_head = head == "CHƯƠNG TRÌNH"
        parts: list[str] = []
        glued = bool(rest_of_head) and is_upper_text(rest_of_head) and len(rest_of_head.split()) > 4
        if rest_of_head:
            cut = re.split(r"\s*\((?:Ban hành |ban hành )?(?:Kèm|kèm)\s+theo", rest_of_head)[0]
            parts.append(cut)
            if cut != rest_of_head:
                return clean(" ".join(([head] if keep_head else []) + parts))
        for y in self.lines[i + 1 : i + 24]:
            y = y.strip(" #*_")
            if not y:
                continue
            if glued and not is_upper_text(y[:30]):
                break
            cut = re.split(r"\s*\((?:Ban hành |ban hành )?(?:Kèm|kèm)\s+theo", y)
            if (
                y.startswith("(")
                or re.match(r"^[_\-–=*.]{3,}$", y)
                or re.match(r"^([IVX]+\.|\d+\.?\s|Căn cứ|Kèm theo|Số:|S?TT\b|\|)|^[^,]{2,30}, ngày\b", y)
                or (len(parts) > (1 if rest_of_head else 0) and y.startswith("Thực hiện"))
                or len(parts) >= 12
            ):
                break
            parts.append(cut[0])
            if len(cut) > 1:
                break
        parts = [p for p in parts if p.strip(" -")]
        if not parts:
            return None
        return clean(" ".join(([head] if keep_head else []) + parts))

    def period(self, title: str | None, issued: str | None) -> dict | None:
        year = int(issued[:4]) if issued else None
        for text in self._period_sources(title):
            found = _period_in(text, year)
            if found:
                return found
        return None

    def _period_sources(self, title: str | None):
        yield title or ""
        if self.root is None:
            return
        # The paragraph that opens the plan and its objectives.
        plan_top = None
        for node in self.root.walk():
            if node.style in ("roman", "upper") and node.is_section:
                plan_top = node
                break
        if plan_top is not None and plan_top.parent is not None:
            sibs = plan_top.parent.children
            k = sibs.index(plan_top)
            intro = [
                x for x in plan_top.parent.body if not re.match(r"^(Căn cứ|Theo đề nghị|Xét đề nghị)", x)
            ]
            yield " ".join(intro[-6:])
            for sec in sibs[k:]:
                key = fold(sec.text)
                if "muc tieu" in key or "muc dich" in key:
                    yield sec.text_all()
        for x in self.nonempty:
            if re.match(r"^(PHỤ LỤC|Phụ lục|DANH MỤC)", x):
                k = self.nonempty.index(x)
                yield " ".join(self.nonempty[k : k + 6])

    # ---------------------------------------------------------------- legal bases

    def _preamble(self) -> str:
        """The text up to where the decision or the plan starts deciding: legal bases are cited there."""
        text = self.body[:60000]
        first = text.find("Căn cứ")
        if first < 0:
            return text
        m = re.search(
            r"QUYẾT ĐỊNH\s*:|QUYẾT NGHỊ\s*:|\bĐiều 1\b|\s(?:I|II)\.\s+(?!CĂN CỨ)[A-ZĐ]{2,}", text[first:]
        )
        return text[: first + m.start()] if m else text

    def legal_bases(self) -> list[dict]:
        items: list[str] = []
        preamble_end = (
            r"(?=Căn cứ\s|Thực hiện\s|Theo đề nghị|Xét đề nghị|Theo đề xuất|QUYẾT ĐỊNH|QUYẾT NGHỊ|$)"
        )
        text = self._preamble()
        for m in re.finditer(r"Căn cứ\s+(?!:)(.*?)" + preamble_end, text):
            items.append(m[1])
            # "Thực hiện …" right after the legal bases belongs to the preamble.
            tail = text[m.end() :]
            t = re.match(r"Thực hiện\s+(.*?)" + preamble_end, tail)
            if t and re.match(r"(" + _DOC_TYPES + r")\b", t[1]):
                items.append(t[1])
        m = re.search(r"(?:^|\s)(?:[IVX]+\.\s*)?CĂN CỨ\s*:?\s*(.*?)(?=\s[IVX]+\.\s|$)", text)
        if m:
            items.extend(p for p in re.split(r"(?:^|\s)-\s+", m[1]) if p.strip())
        out: list[dict] = []
        seen = set()
        for item in items:
            for doc in _cited(item):
                key = (doc["number"], doc["date"]) if doc["number"] else (None, doc["date"])
                if key not in seen and not (doc["number"] and any(doc["number"] == s[0] for s in seen)):
                    seen.add(key)
                    out.append(doc)
        return out

    # ---------------------------------------------------------------- signature

    def signer(self) -> tuple[str | None, str | None]:
        joined = " ".join(self.nonempty)
        for m in _SIGNATURE.finditer(joined):
            name = m["name"]
            if name.split()[0] in _NOT_NAME:
                continue
            titles = re.sub(r"\s+", " ", m["titles"]).strip()
            start = _SIGN_START.search(titles)
            titles = titles[start.start() :].strip() if start else titles
            return name, _title_parts(titles)
        return None, None

    # ---------------------------------------------------------------- organisation of the work

    def organisation_node(self) -> Node | None:
        if self.root is not None:
            for node in self.root.walk():
                if (
                    node.style not in ("dash", "plus", "table")
                    and "to chuc thuc hien" in fold(node.text)[:40]
                ):
                    if len(node.text.split()) <= 8:
                        return node
        return None

    def organisation_text(self) -> str:
        """The ``Tổ chức thực hiện`` section as text (the whole document when there is none)."""
        node = self.organisation_node()
        return node.text_all(with_label=True) if node is not None else self.body

    def coordinator(self) -> str | None:
        """The unit that monitors, urges and compiles (its own duties), and receives the reports."""
        node = self.organisation_node()
        if node is not None:
            items = [
                (_heading_unit(c.text) or _subject(" ".join([c.text, *c.body[:2]])), c.text_all())
                for c in node.children
                if c.style != "table"
            ]
            items += [(_subject(x), x) for x in _sentences(" ".join(node.body))]
        else:
            items = [(_subject(x), x) for x in _sentences(self.body)]
        scores: dict[str, float] = {}
        first: dict[str, int] = {}
        names: dict[str, str] = {}

        def credit(unit: str, points: float, pos: int) -> None:
            unit = clean(unit).strip(" ,.;:")
            if (
                not unit
                or not starts_unit(unit)
                or len(unit.split()) < 2
                or unit.split()[0].lower() in ("các", "những")
            ):
                return
            if re.match(r"^(Bộ trưởng|Thủ trưởng|Chủ tịch|Giám đốc|Lãnh đạo|Tổ chức)\b", unit):
                return
            key = name_key(unit)
            for other in list(names):
                if key.startswith(other + " ") or other.startswith(key + " "):
                    key = other  # the same unit named longer or shorter
                    break
            names.setdefault(key, unit)
            if len(unit) > len(names[key]):
                names[key] = unit
            scores[key] = scores.get(key, 0) + points
            first.setdefault(key, pos)

        for pos, (subject, text) in enumerate(items):
            if subject:
                for verb, w in _DUTIES:
                    if re.search(verb, text, re.I):
                        credit(subject, w, pos)
            for m in _RECEIVER.finditer(text):
                before = text[max(0, m.start() - 160) : m.start()]
                if re.search(r"báo cáo|gửi|đề xuất|kiến nghị", before + m[0], re.I):
                    for unit in split_units(m["units"]):
                        credit(unit, 2, pos)
        if not scores:
            return None
        best = max(scores, key=lambda k: (scores[k], -first.get(k, 0)))
        return names[best]

    def report_schedule(
        self, section: str, coordinator: str | None, period: dict | None
    ) -> tuple[list[dict], str | None]:
        found: list[dict] = []
        to_coordinator: list[tuple[int, int]] = []
        single_year = period["start"] if period and period.get("start") == period.get("end") else None
        pattern = re.compile(
            r"(?:trước|chậm nhất(?: là)?(?: vào)?|hạn chót(?: là)?)\s+ngày\s+(\d{1,2})(?:\s+tháng\s+(\d{1,2})|\s*/\s*(\d{1,2}))(?:\s+năm\s+(\d{4})|\s*/\s*(\d{4}))?"
            r"((?:\s*(?:và|,)\s*(?:ngày\s+)?\d{1,2}\s*/\s*\d{1,2}(?!\s*/\s*\d))*)"
        )
        for m in pattern.finditer(section):
            window = section[max(0, m.start() - 160) : m.end() + 160]
            sentence = _sentence_around(section, m.start(), m.end())
            year = m[4] or m[5]
            yearly = re.search(
                r"h[àằ]ng năm|cuối năm|định kỳ|năm\b", window[100:220] if len(window) > 220 else window, re.I
            )
            if re.search(r"\bquý\b|h[àằ]ng tháng|6 tháng", sentence, re.I) and not re.search(
                r"h[àằ]ng năm", sentence, re.I
            ):
                continue
            if not re.search(r"báo cáo|tổng kết|đánh giá|gửi", sentence, re.I):
                continue
            if year and single_year is not None and int(year) != single_year:
                continue
            if not (yearly or (year and single_year is not None)):
                continue
            dates = [(int(m[1]), int(m[2] or m[3]))]
            dates += [(int(d), int(mo)) for d, mo in re.findall(r"(\d{1,2})\s*/\s*(\d{1,2})", m[6] or "")]
            text = clean(m[0])
            yearly_text = re.search(r"h[àằ]ng năm", section[m.end() : m.end() + 12], re.I)
            if yearly_text:
                text = clean(m[0] + section[m.end() : m.end() + yearly_text.end()])
            goes_to_coordinator = coordinator is not None and _reports_to(sentence, coordinator)
            for d, mo in dates:
                if 1 <= mo <= 12 and 1 <= d <= 31:
                    found.append({"month": mo, "day": d, "text": text})
                    if goes_to_coordinator:
                        to_coordinator.append((mo, d))
        pool = to_coordinator or [(r["month"], r["day"]) for r in found]
        due = None
        if pool:
            mo, d = max(pool)
            due = f"{mo:02d}-{d:02d}"
        return found, due


def _upper_heading(line: str) -> str:
    """The capitalised words a heading line starts with, up to the national motto or a rule."""
    cand = re.split(r"\s*(?:CỘNG HÒA|CỘNG HOÀ|-{3,}|_{3,}|–{3,}|\|)", clean(line))[0].strip()
    upper = []
    for w in cand.split():
        if not any(ch.isalnum() for ch in w) or w.upper() != w:
            break
        upper.append(w)
    return " ".join(upper).strip()


def _title_parts(titles: str) -> str:
    parts = re.findall(
        rf"(?:(?:KT|TM|Q|TL|TUQ)\.\s*[^.]*?(?=\s+(?:KT|TM|Q|TL|TUQ)\.|\s+(?:{_TITLES})$|$)|(?:{_TITLES}))",
        titles,
    )
    parts = [clean(p) for p in parts if clean(p)]
    return " / ".join(parts) if parts else titles


def _cited(item: str) -> list[dict]:
    """The documents one ``Căn cứ`` item cites: its head document, and others listed after a comma or
    semicolon (``Luật A ngày …, Luật B ngày …``); documents named inside a description are not cited."""
    item = clean(item)
    segments = re.split(r"(?:[,;]\s+|\s+và\s+)(?=(?:" + _DOC_TYPES + r")\b)", item)
    out = []
    for seg in segments:
        head = re.match(r"^(" + _DOC_TYPES + r")\b(.*)$", seg)
        if not head:
            continue
        kind, rest = head[1], head[2]
        num = re.match(r"^\s*(?:[^\W\d][\wÀ-ỹ]*\s+){0,6}?số\s+" + _DOC_NUMBER, rest)
        number = num[1].rstrip(".,;") if num else None
        after = rest[num.end() :] if num else rest
        when = _first_date(after[:200])
        if number is None:
            issued = re.search(
                r"ban hành (?:kèm )?theo\s+[\w ]{0,30}?số\s+" + _DOC_NUMBER + r"(.*)", rest, re.I
            )
            if issued:
                out.append({"number": issued[1].rstrip(".,;"), "date": _first_date(issued[2][:80])})
                continue
            if fold(kind) not in _LAWS or when is None:
                continue  # only laws are cited by date alone
        out.append({"number": number, "date": when})
    return out


def _period_in(text: str, issue_year: int | None) -> dict | None:
    if not text:
        return None
    # Dates and documents cited in passing carry years that are not the plan's.
    text = re.sub(
        r"ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}|ngày\s+\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}",
        " ",
        text,
        flags=re.I,
    )
    text = re.sub(r"\bsố\s+\S+", " ", text, flags=re.I)
    m = re.search(r"giai đoạn\s+((?:19|20)\d{2})\s*[-–]\s*((?:19|20)\d{2})", text, re.I)
    if m and int(m[1]) <= int(m[2]):
        return {"start": int(m[1]), "end": int(m[2])}
    m = re.search(r"\b((?:19|20)\d{2})\s*[-–]\s*((?:19|20)\d{2})\b", text)
    if m and int(m[1]) <= int(m[2]):
        return {"start": int(m[1]), "end": int(m[2])}
    m = re.search(r"từ nay đến năm\s+((?:19|20)\d{2})", text, re.I)
    if m and issue_year and issue_year <= int(m[1]):
        return {"start": issue_year, "end": int(m[1])}
    m = re.search(r"\b(?:vào|đến|tới)\s+năm\s+((?:19|20)\d{2})", text, re.I)
    if m and issue_year and issue_year <= int(m[1]) and re.search(r"mục tiêu|hướng tới|phấn đấu", text, re.I):
        return {"start": issue_year, "end": int(m[1])}
    m = re.search(r"\bnăm\s+((?:19|20)\d{2})\b", text, re.I)
    if m:
        return {"start": int(m[1]), "end": int(m[1])}
    return None


# What the coordinating unit does: monitor, act as focal point, compile results, urge.
_DUTIES = (
    (r"\btheo dõi\b", 2),
    (r"\bđầu mối\b", 2),
    (r"\btổng hợp(?:\s+(?:định kỳ|chung))?,?\s+(?:và\s+)?(?:báo cáo|kết quả|tình hình)", 2),
    (r"\bđôn đốc\b", 1),
    (r"\bđiều phối\b", 1),
)


def _sentences(text: str) -> list[str]:
    parts = re.split(vre(r"(?<=[.;])\s+(?=[{U}\d-])"), text)
    return [p.strip() for p in parts if p.strip()]


_RECEIVER = re.compile(
    r"\b(?:gửi|về|qua|cho)\s+(?:về\s+|cho\s+)?(?P<units>(?:" + _UNIT_START + r")\s[^.;:()\n]{0,150}?)"
    r"(?=\s*(?:\(|;|\.|$)|\s(?:để|trước|hoặc|theo|trong|khi|vào|tổng hợp|báo cáo|định kỳ|xem xét)\b)"
)


def _heading_unit(text: str) -> str | None:
    """An item whose heading is a unit's name ("1. Vụ Pháp chế", "Giao Sở Nội vụ:")."""
    text = re.sub(r"^(?:Giao|Đề nghị|Giao cho)\s+", "", clean(text)).rstrip(" :.")
    if not text or len(text.split()) > 12 or not starts_unit(text) or not text[:1].isupper():
        return None
    if re.search(r"\b(chủ trì|phối hợp|thực hiện|theo dõi|tổng hợp|căn cứ)\b", text, re.I):
        return None
    units = split_units(text)
    return units[0] if len(units) == 1 else None


def _subject(item: str) -> str | None:
    """The unit an item starts with ("2. Giao Sở X chủ trì …" -> "Sở X")."""
    text = re.sub(r"^(?:\d{1,2}(?:\.\d{1,2})*\.|[a-zđ]\)|[-–+])\s*", "", item)
    text = re.sub(r"^(?:Giao|Đề nghị|Yêu cầu|Giao cho)\s+", "", text)
    text = re.sub(r"\s*\([^()]{0,80}\)", "", text)  # "Sở X (cơ quan thường trực …)"
    if not starts_unit(text) or not text[:1].isupper():
        return None
    m = re.match(
        r"(?i)^(.{3,120}?)(?:\s*:|\s+(?:là|chủ trì|có trách nhiệm|chịu trách nhiệm|là đơn vị|làm đầu mối|thực hiện|"
        r"theo dõi|đôn đốc|tổng hợp|phối hợp|căn cứ|tham mưu|hướng dẫn|chỉ đạo|bố trí|thẩm định|tiếp tục|"
        r"định kỳ|giúp)\b|$)",
        text,
    )
    if not m:
        return None
    units = split_units(m[1])
    return units[0] if units else None


def _sentence_around(text: str, start: int, end: int) -> str:
    left = max(text.rfind(". ", 0, start), text.rfind("; ", 0, start))
    right_candidates = [p for p in (text.find(". ", end), text.find("; ", end)) if p != -1]
    right = min(right_candidates) if right_candidates else len(text)
    return text[left + 1 : right + 1]


def _reports_to(sentence: str, unit: str) -> bool:
    key = name_key(unit)
    for m in _RECEIVER.finditer(sentence):
        for unit in split_units(m["units"]):
            k = name_key(unit)
            if k.startswith(key) or key.startswith(k):
                return True
    return False


def extract_facts(lines: list[str], plan: ParsedPlan, root: Node | None = None) -> None:
    facts = Facts(lines, root)
    plan.kind = facts.kind()
    plan.issuer = facts.issuer()
    plan.number, plan.issued_on = facts.number_and_date()
    plan.title = facts.title()
    plan.period = facts.period(plan.title, plan.issued_on)
    plan.legal_bases = facts.legal_bases()
    plan.signer, plan.signer_title = facts.signer()
    section = facts.organisation_text()
    plan.coordinator = facts.coordinator()
    plan.report_schedule, plan.report_due = facts.report_schedule(section, plan.coordinator, plan.period)
    if not plan.report_schedule and section is not facts.body:
        plan.report_schedule, plan.report_due = facts.report_schedule(
            facts.body, plan.coordinator, plan.period
        )
    m = re.search(
        _UNIT + r"\s*:?\s*(?:chủ trì\s*,?\s*)?(?:thẩm định|hướng dẫn nguồn kinh phí|bố trí kinh phí|"
        r"tổng hợp dự toán)",
        facts.body,
    )
    plan.finance_unit = clean(m[1]) if m else None
    if plan.finance_unit and unit_prefix(plan.finance_unit) is None:
        plan.finance_unit = None
