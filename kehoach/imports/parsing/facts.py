"""Document facts from the prose: kind, issuer, number, title, period, legal bases, signer, reporting."""

from __future__ import annotations

import re
from datetime import date

from kehoach.core.text import name_key

from .model import ParsedPlan
from .textutil import clean
from .units import UNIT_PREFIXES

_RULE_LINE = re.compile(r"^[_\-–=*.]{3,}$")
_DATE_WORDS = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.I)
_DATE_SLASH = re.compile(r"ngày\s+(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})", re.I)
_DOC_NUMBER = r"(\d+[\w/\-.Đđ]*[A-Za-zĐđ][\w\-/Đđ]*)"
_CITED = re.compile(r"\b(?:số|số hiệu)\s+" + _DOC_NUMBER, re.I)
_SIGN_TITLE = re.compile(
    r"^(?:(?:KT|TM|Q|TL|TUQ)\.\s*)?(?:BỘ TRƯỞNG|THỨ TRƯỞNG|CHỦ TỊCH|PHÓ CHỦ TỊCH|GIÁM ĐỐC|PHÓ GIÁM ĐỐC|"
    r"CỤC TRƯỞNG|PHÓ CỤC TRƯỞNG|VỤ TRƯỞNG|TỔNG CỤC TRƯỞNG|CHÁNH VĂN PHÒNG|TRƯỞNG BAN)$"
    # "TM. ỦY BAN NHÂN DÂN": a body signs on behalf of itself only after TM./KT.
    r"|^(?:KT|TM|Q|TL|TUQ)\.\s*(?:ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|BỘ|SỞ|BAN|HỘI ĐỒNG)\b[A-ZÀ-Ỹ ,]*$"
)
_ISSUER = re.compile(
    r"^(?:BỘ|ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|UBND|SỞ|TỔNG CỤC|CỤC|BAN|VĂN PHÒNG|HỘI ĐỒNG)(?:\s+[A-ZÀ-Ỹ]|$)"
)
_NOT_ISSUER = re.compile(r"^(BỘ TRƯỞNG|BỘ CHÍNH TRỊ|BAN CHẤP HÀNH|BAN BÍ THƯ)\b")
_PERSON = re.compile(r"^[A-ZĐÀ-Ỹ][a-zà-ỹđ]+(?:\s+[A-ZĐÀ-Ỹ][a-zà-ỹđ]+){1,4}$")
_UNIT_START = "|".join(
    sorted({p[0].upper() + p[1:] for p in UNIT_PREFIXES if p not in ("các", "những")}, key=len, reverse=True)
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
    words = clean(body).split()
    n = len(caps.split())
    for i in range(len(words) - n + 1):
        cand = " ".join(words[i : i + n]).strip(" ,.;:()")
        if name_key(cand) == key and not cand.isupper():
            return cand
    text = caps.lower()
    # Not in the body: capitalise as names are written (first word, the word after the body type,
    # words after a comma or "và", and place names after tỉnh/thành phố/huyện …).
    text = re.sub(r"^(bộ|sở|cục|tổng cục|ban|văn phòng)\s+(\w)", lambda m: f"{m[1]} {m[2].upper()}", text)
    text = re.sub(r"(^|,\s+|\bvà\s+)(\w)", lambda m: m[1] + m[2].upper(), text)
    return re.sub(
        r"\b(tỉnh|thành phố|huyện|quận|thị xã|xã|phường)\s+(.+)$",
        lambda m: f"{m[1]} " + " ".join(w[:1].upper() + w[1:] for w in m[2].split()),
        text,
    )


def extract_facts(lines: list[str], plan: ParsedPlan) -> None:
    lines = [clean(x) for x in lines]
    body = " ".join(x for x in lines if x)
    nonempty = [x for x in lines if x]

    kind_decision = any(re.fullmatch(r"QUYẾT ĐỊNH:?", x) for x in nonempty[:60])
    plan.kind = (
        "decision_with_plan"
        if kind_decision and re.search(r"ban hành[^.]{0,80}kế hoạch", body, re.I)
        else "plan"
    )

    for k, x in enumerate(nonempty):
        cand = re.sub(r"^(BỘ TRƯỞNG|CHỦ TỊCH|GIÁM ĐỐC)\s+", "", x)
        if _ISSUER.match(cand) and cand.upper() == cand and not _NOT_ISSUER.match(cand) and len(cand) < 90:
            nxt = nonempty[k + 1] if k + 1 < len(nonempty) else ""
            if re.match(r"^(TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ|XÃ|PHƯỜNG)\s", nxt) and nxt.upper() == nxt:
                cand = f"{cand} {nxt}"  # "ỦY BAN NHÂN DÂN" / "TỈNH QUẢNG NAM" on two lines
            plan.issuer = _proper_case(cand, body)
            break

    for x in nonempty[:80]:
        m = re.match(r"^Số\s*:\s*(\S*)", x)
        if m:
            number = m[1] if re.match(r"\d", m[1] or "") else None
            plan.number = number
            break
    for x in nonempty[:80]:
        m = re.search(r",\s*ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", x)
        if m:
            plan.issued_on = _iso(m[1], m[2], m[3])
            break

    plan.title = _title(lines)
    plan.period = _period(plan.title or "", body)
    plan.legal_bases = _legal_bases(lines)
    plan.signer, plan.signer_title = _signer(nonempty)
    plan.coordinator = _coordinator(body)
    plan.report_schedule = _schedule(body)
    if plan.report_schedule:
        last = max(plan.report_schedule, key=lambda r: (r["month"], r["day"]))
        plan.report_due = f"{last['month']:02d}-{last['day']:02d}"
    m = re.search(
        _UNIT + r"\s*:?\s*(?:chủ trì\s*,?\s*)?(?:thẩm định|hướng dẫn nguồn kinh phí|bố trí kinh phí|"
        r"tổng hợp dự toán)",
        body,
    )
    plan.finance_unit = clean(m[1]) if m else None


def _title(lines: list[str]) -> str | None:
    for i, x in enumerate(lines):
        if re.fullmatch(r"KẾ HOẠCH", x.strip(" #*_")):  # also a Markdown heading "# KẾ HOẠCH"
            parts = []
            for y in lines[i + 1 : i + 16]:
                y = y.strip(" #*_") if not _RULE_LINE.match(y.strip()) else y.strip()
                if not y:
                    continue
                if (
                    y.startswith("(")
                    or _RULE_LINE.match(y)
                    or re.match(
                        r"^([IVX]+\.|\d+\.?\s|Căn cứ|Thực hiện|Kèm theo|Số:|S?TT\b|- |\|)|^[^,]{2,30}, ngày\b",
                        y,
                    )
                    or len(parts) >= 6
                ):
                    break
                parts.append(y)
            if parts:
                return clean(" ".join(parts))
    m = re.search(r"Ban hành (?:kèm theo )?Kế hoạch\s+(.*?)(?:\s_{3,}|\s[A-ZĐ]{3,}\s)", " ".join(lines[:40]))
    return clean(m[1]) if m else None


def _period(title: str, body: str) -> dict | None:
    for text in (title, body):
        m = re.search(r"giai đoạn\s+((?:19|20)\d{2})\s*[-–]\s*((?:19|20)\d{2})", text, re.I)
        if m:
            return {"start": int(m[1]), "end": int(m[2])}
    m = re.search(r"\b((?:19|20)\d{2})\s*[-–]\s*((?:19|20)\d{2})\b", title)
    if m:
        return {"start": int(m[1]), "end": int(m[2])}
    return None


def _legal_bases(lines: list[str]) -> list[dict]:
    """Each item under "Căn cứ" cites one document: its own number, or the decision that issued it."""
    items: list[str] = []
    joined = " ".join(x for x in lines if x)
    for m in re.finditer(r"Căn cứ\s+(?!:)(.*?)(?=Căn cứ\s|Theo đề nghị|QUYẾT ĐỊNH|$)", joined[:20000]):
        items.append(m[1])
    m = re.search(r"(?:^|\s)(?:[IVX]+\.\s*)?CĂN CỨ\s*:?\s*(.*?)(?=\s[IVX]+\.\s|$)", joined[:20000])
    if m:
        items.extend(p for p in re.split(r"(?:^|\s)-\s+", m[1]) if p.strip())
    out: list[dict] = []
    seen = set()
    for item in items:
        head = re.match(r"\s*(?:[^\W\d]+\s+){1,4}số\s+" + _DOC_NUMBER, item)
        number = head[1] if head else None
        date_text = item
        if number is None:
            issued = re.search(
                r"ban hành (?:kèm )?theo\s+[\wÀ-ỹ ]{0,30}?số\s+" + _DOC_NUMBER + r"(.*)", item, re.I
            )
            if not issued:
                continue
            number, date_text = issued[1], issued[2]
        else:
            date_text = item[item.find(number) + len(number) :]
        when = _first_date(date_text[:80])
        if number and number not in seen:
            seen.add(number)
            out.append({"number": number.rstrip(".,;"), "date": when})
    return out


def _signer(lines: list[str]) -> tuple[str | None, str | None]:
    for i, x in enumerate(lines):
        if not _SIGN_TITLE.match(x):
            continue
        titles = [x]
        for y in lines[i + 1 : i + 8]:
            if _SIGN_TITLE.match(y) and len(titles) < 3:
                titles.append(y)
                continue
            if _PERSON.match(y):
                if len(titles) == 1 and not re.search(r"TRƯỞNG|CHỦ TỊCH|GIÁM ĐỐC|CHÁNH", titles[0]):
                    break  # an issuing-body heading, not a signature block
                return y, " / ".join(titles)
            if y.startswith("(") or y.startswith("Đã ký"):
                continue
            break
    return None, None


def _coordinator(body: str) -> str | None:
    stop = r"(?=\s*(?:\(|;|\.|$|\s(?:để|trước|hoặc|theo|chủ trì|trong|khi|vào)\s))"
    for pat in (
        r"(?:^|[.:;]\s+|\d+\.\s+)" + _UNIT + r"\s+chủ trì[^.]{0,120}?(?:theo dõi|đôn đốc)",
        r"\d+\.\s*" + _UNIT + r"\s*:\s*Chủ trì[^.]{0,80}?(?:theo dõi|đôn đốc|hướng dẫn)",
        r"báo cáo[^.]{0,160}?gửi (?:về )?" + _UNIT + stop,
    ):
        m = re.search(pat, body)
        if m:
            return clean(m[1])
    return None


def _schedule(body: str) -> list[dict]:
    out: list[dict] = []
    for m in re.finditer(
        r"trước ngày\s+(\d{1,2})(?:\s+tháng\s+(\d{1,2})|\s*/\s*(\d{1,2}))"
        r"((?:\s*(?:và|,)\s*(?:ngày\s+)?\d{1,2}\s*/\s*\d{1,2})*)(?!\s*/\s*\d)(?!\s+năm\s+\d)"
        r"(?P<rest>[^.;]{0,40})",
        body,
    ):
        window = body[max(0, m.start() - 80) : m.end() + 20]
        if not re.search(r"h[àằ]ng năm", window, re.I):
            continue  # a one-off date, not a yearly deadline
        dates = [(int(m[1]), int(m[2] or m[3]))]
        dates += [(int(d), int(mo)) for d, mo in re.findall(r"(\d{1,2})\s*/\s*(\d{1,2})", m[4] or "")]
        yearly = re.search(r"h[àằ]ng năm", m[0], re.I)
        text = clean(m[0][: yearly.end()] if yearly else re.split(r"[),]", m[0])[0])
        for d, mo in dates:
            if 1 <= mo <= 12 and 1 <= d <= 31:
                out.append({"month": mo, "day": d, "text": text})
    return out
