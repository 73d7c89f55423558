"""Composers: one function per document kind, spec dataclass in, .docx bytes out."""

from __future__ import annotations

import re
from collections.abc import Iterable

from .decree30 import (
    LANDSCAPE_TEXT_W,
    Decree30Document,
    GroupRow,
    clean_text,
    date_line,
    document_number,
    format_percent,
    format_ref,
    join_units,
    number_and_notation,
    strip_numbering,
    vn_date,
)
from .specs import ConsolidatedSpec, Issuer, PlanSection, PlanSpec, TaskRow, UnitReportSpec, UrgingSpec

NO_ACCEPTED_REPORT = "Chưa có đơn vị nào gửi báo cáo được chấp nhận trong kỳ này."
NO_LEAD = "Chưa xác định đơn vị chủ trì"
OTHER_GROUP = "Các nhiệm vụ khác"

_ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]

# Annex columns (header, width in mm); each table adds up to the landscape text width (250 mm).
CONSOLIDATED_COLUMNS = [("TT", 12), ("Nhiệm vụ", 82), ("Đơn vị chủ trì", 40), ("Tình trạng", 28),
                        ("% hoàn thành", 20), ("Kết quả", 68)]
PLAN_COLUMNS = [("TT", 12), ("Nhiệm vụ", 80), ("Đơn vị chủ trì", 38), ("Đơn vị phối hợp", 50),
                ("Sản phẩm/Kết quả", 36), ("Thời gian thực hiện", 34)]
CLASS_COLUMNS = [("TT", 12), ("Nhiệm vụ", 120), ("Đơn vị chủ trì", 56), ("Thời hạn", 30), ("Tình trạng", 32)]
assert sum(w for _, w in CLASS_COLUMNS) == LANDSCAPE_TEXT_W
assert sum(w for _, w in CONSOLIDATED_COLUMNS) == LANDSCAPE_TEXT_W
assert sum(w for _, w in PLAN_COLUMNS) == LANDSCAPE_TEXT_W


def _display(issuer: Issuer) -> str:
    """How prose names the issuer: its display name, else its name as given."""
    return clean_text(issuer.display_name) or clean_text(issuer.name)


def _plan_name(plan_title: str) -> str:
    """``Kế hoạch …`` as prose uses it; a bare title gets the word "Kế hoạch" in front."""
    title = clean_text(plan_title)
    if not title:
        return "Kế hoạch"
    if re.match(r"(?i)kế hoạch\b", title):
        return "Kế hoạch" + title[len("Kế hoạch"):]
    return f"Kế hoạch {title}"


def _with_period(text: str, period: str) -> str:
    period = clean_text(period)
    return f"{text} {period}" if period else text


def _archive(issuer: Issuer, drafting_unit: str) -> str:
    """``Lưu: VT, HTQT`` — the registry (Văn thư) and the drafting unit."""
    unit = clean_text(drafting_unit) or clean_text(issuer.short_code)
    return f"Lưu: VT, {unit}" if unit else "Lưu: VT"


def _kind_notation(kind: str, issuer: Issuer) -> str:
    code = clean_text(issuer.short_code)
    return f"{kind}-{code}" if code else kind


def _sentence(text: str) -> str:
    text = clean_text(text)
    return text if not text or text[-1] in ".!?;:" else text + "."


def _group_rows(rows: Iterable[TaskRow]) -> list[TaskRow | GroupRow]:
    """The rows in plan order with a spanning heading row wherever the group changes."""
    out: list[TaskRow | GroupRow] = []
    current = None
    for row in rows:
        group = clean_text(row.group)
        if group and group != current:
            out.append(GroupRow(group))
        current = group
        out.append(row)
    return out


def _ordered_groups(rows: Iterable[TaskRow], key) -> list[tuple[str, list[TaskRow]]]:
    groups: dict[str, list[TaskRow]] = {}
    for row in rows:
        groups.setdefault(key(row), []).append(row)
    return list(groups.items())


def _task_label(row) -> str:
    ref = format_ref(row.ref)
    return f"Nhiệm vụ số {ref}: " if ref else "Nhiệm vụ: "


# -- consolidated report ---------------------------------------------------------------------------------


def consolidated_report(spec: ConsolidatedSpec) -> bytes:
    """The coordinating unit's Báo cáo tình hình thực hiện Kế hoạch … for a period, with the landscape
    annex listing every task (TT, Nhiệm vụ, Đơn vị chủ trì, Tình trạng, % hoàn thành, Kết quả)."""
    issuer = spec.issuer
    plan = _plan_name(spec.plan_title)
    subject = _with_period(f"Tình hình thực hiện {plan}", spec.period_label)
    notation = _kind_notation("BC", issuer)
    doc = Decree30Document(title=subject, author=_display(issuer))
    doc.header(issuer, document_number(spec.number, notation), spec.date, kind="BÁO CÁO", subject=subject)
    doc.kinh_gui(spec.kinh_gui)

    f = spec.figures
    no_accepted = f.reports_accepted <= 0
    doc.paragraph(clean_text(spec.intro) or _with_period(
        f"Thực hiện {plan}, {_display(issuer)} báo cáo tình hình thực hiện", spec.period_label) + " như sau:")

    doc.heading("I. TÌNH HÌNH CHUNG")
    doc.heading("1. Về thực hiện nhiệm vụ")
    doc.paragraph(
        f"Kế hoạch có {f.tasks_total} nhiệm vụ. Trong kỳ báo cáo: {f.completed} nhiệm vụ đã hoàn thành; "
        f"{f.in_progress} nhiệm vụ đang thực hiện; {f.not_started} nhiệm vụ chưa triển khai; "
        f"{f.late} nhiệm vụ chậm tiến độ; {f.proposed_adjustment} nhiệm vụ được đề xuất điều chỉnh."
    )
    if f.classes:
        when = f" (tính đến ngày {f.classes_as_of:%d/%m/%Y})" if f.classes_as_of else ""
        parts = "; ".join(f"{n} nhiệm vụ {clean_text(label).lower()}" for label, n in f.classes)
        doc.paragraph(f"Theo thời hạn thực hiện{when}: {parts}. Chi tiết tại Phụ lục II kèm theo.")
    doc.heading("2. Về việc gửi báo cáo của các đơn vị")
    doc.paragraph(
        f"Có {f.units_total} đơn vị được giao chủ trì thực hiện nhiệm vụ, trong đó {f.units_on_time} đơn vị "
        f"gửi báo cáo đúng hạn, {f.units_late} đơn vị gửi báo cáo chậm, {f.units_missing} đơn vị chưa gửi "
        "báo cáo."
    )
    if no_accepted:
        doc.paragraph(NO_ACCEPTED_REPORT)

    doc.heading("II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ")
    if no_accepted:
        doc.paragraph(NO_ACCEPTED_REPORT + " Danh mục các nhiệm vụ của Kế hoạch tại Phụ lục kèm theo.")
    elif not spec.rows:
        doc.paragraph("Kế hoạch chưa có nhiệm vụ.")
    else:
        _results_section(doc, spec)

    doc.heading("III. CÁC NHIỆM VỤ CHẬM TIẾN ĐỘ, ĐỀ XUẤT ĐIỀU CHỈNH")
    late = [t for t in spec.flagged if t.kind != "adjust"]
    adjust = [t for t in spec.flagged if t.kind == "adjust"]
    if not late and not adjust:
        doc.paragraph("Không có nhiệm vụ chậm tiến độ hoặc đề xuất điều chỉnh.")
    for number, (label, items) in enumerate(
        [(label, items) for label, items in (("Nhiệm vụ chậm tiến độ", late),
                                             ("Nhiệm vụ đề xuất điều chỉnh", adjust)) if items], 1
    ):
        doc.heading(f"{number}. {label}")
        for item in items:
            lead = join_units(item.lead)
            runs = [(f"- {_task_label(item)}", {"bold": True}), (_sentence(item.title), {})]
            if lead:
                runs.append((f" Đơn vị chủ trì: {lead}.", {"italic": True}))
            if clean_text(item.explanation):
                runs.append((" " + _sentence(item.explanation), {}))
            doc.paragraph(runs=runs)

    doc.heading("IV. KHÓ KHĂN, VƯỚNG MẮC")
    doc.paragraphs(spec.difficulties, empty="Không có.")
    doc.heading("V. ĐỀ XUẤT, KIẾN NGHỊ")
    doc.paragraphs(spec.proposals, empty="Không có.")
    doc.paragraph(_with_period(f"Trên đây là báo cáo tình hình thực hiện {plan}", spec.period_label)
                  + f" của {_display(issuer)}./.")
    doc.signature(spec.signer, spec.recipients, archive=_archive(issuer, spec.drafting_unit))

    when = vn_date(spec.date) if spec.date else vn_date(None)
    attached = f"(Kèm theo Báo cáo số {number_and_notation(spec.number, notation)} {when} của {_display(issuer)})"
    doc.annex(
        "Phụ lục I" if f.classes else "Phụ lục",
        _with_period("TÌNH HÌNH THỰC HIỆN CÁC NHIỆM VỤ", clean_text(spec.period_label).upper()),
        attached,
        CONSOLIDATED_COLUMNS,
        _annex_rows(spec.rows, lambda r: [format_ref(r.ref), r.title, join_units(r.lead), r.status,
                                          format_percent(r.percent), r.result]),
        center_cols=(0, 4),
    )
    if f.classes:
        doc.annex("Phụ lục II", "CÁC NHIỆM VỤ THEO TÌNH TRẠNG THỰC HIỆN SO VỚI THỜI HẠN", attached,
                  CLASS_COLUMNS, _class_rows(spec.rows, [label for label, _n in f.classes]), center_cols=(0, 3))
    return doc.to_bytes()


def _class_rows(rows: list[TaskRow], order: list[str]) -> Iterable[list[str] | GroupRow]:
    """The tasks under one heading per status class (``Quá hạn (3 nhiệm vụ)``), classes in the report's order,
    tasks in plan order within each; a class with no task is left out."""
    by_class: dict[str, list[TaskRow]] = {}
    for row in rows:
        by_class.setdefault(clean_text(row.task_class), []).append(row)
    for number, label in enumerate([c for c in order if by_class.get(clean_text(c))], 1):
        items = by_class[clean_text(label)]
        yield GroupRow(f"{number}. {clean_text(label)} ({len(items)} nhiệm vụ)")
        for r in items:
            yield [format_ref(r.ref), r.title, join_units(r.lead),
                   f"{r.deadline:%d/%m/%Y}" if r.deadline else (clean_text(r.timeframe) or "—"), r.status]


def _annex_rows(rows: list[TaskRow], cells) -> Iterable[list[str] | GroupRow]:
    for item in _group_rows(rows):
        yield item if isinstance(item, GroupRow) else cells(item)


def _results_section(doc: Decree30Document, spec: ConsolidatedSpec) -> None:
    """Section II: task by task, under the plan's groups or under each lead unit."""
    by_lead = spec.grouping == "lead"
    if by_lead:
        groups = _ordered_groups(spec.rows, lambda r: join_units(r.lead) or NO_LEAD)
    else:
        groups = _ordered_groups(spec.rows, lambda r: strip_numbering(r.group))
        if len(groups) > 1 or groups[0][0]:
            groups = [(name or OTHER_GROUP, rows) for name, rows in groups]
    for number, (name, rows) in enumerate(groups, 1):
        if name:
            doc.heading(f"{number}. {name}")
        for row in rows:
            runs = [(f"- {_task_label(row)}", {"bold": True}), (_sentence(row.title), {})]
            lead = join_units(row.lead)
            if lead and not by_lead:
                runs.append((f" Đơn vị chủ trì: {lead}.", {"italic": True}))
            doc.paragraph(runs=runs)
            status = clean_text(row.status) or "Chưa có thông tin"
            percent = format_percent(row.percent)
            line = f"Tình trạng: {status}" + (f" (hoàn thành {percent})" if percent else "") + "."
            if clean_text(row.breakdown):
                line += f" {_sentence(row.breakdown[:1].upper() + row.breakdown[1:])}"
            result = [p for p in (clean_text(x) for x in (row.result or "").splitlines()) if p]
            if len(result) > 1:
                # Several units' wording: one paragraph each under "Kết quả:".
                doc.paragraph(line + " Kết quả:")
                for more in result:
                    doc.paragraph(f"+ {_sentence(more)}")
            else:
                doc.paragraph(line + (f" Kết quả: {_sentence(result[0])}" if result else ""))
            _unit_results(doc, row)


def _unit_results(doc: Decree30Document, row: TaskRow) -> None:
    """A shared task's units grouped by result, then the coordinating units' input."""
    if len(row.unit_results) > 1:
        groups = _ordered_groups(row.unit_results, lambda u: clean_text(u.status) or "Chưa có thông tin")
        doc.paragraph(runs=[("Kết quả theo đơn vị:", {"italic": True})])
        for status, units in groups:
            names = "; ".join(clean_text(u.unit) + (f" ({format_percent(u.percent)})" if format_percent(u.percent)
                                                    else "") for u in units)
            doc.paragraph(runs=[(f"+ {status} ({len(units)} đơn vị): ", {"bold": True}), (names + ".", {})])
    if row.inputs:
        doc.paragraph(runs=[("Ý kiến đơn vị phối hợp:", {"italic": True})])
        for item in row.inputs:
            doc.paragraph(runs=[(f"+ {clean_text(item.unit)}: ", {"bold": True}), (_sentence(item.text), {})])


# -- a unit's own report -------------------------------------------------------------------------------------


def unit_report(spec: UnitReportSpec) -> bytes:
    """A unit's Báo cáo tình hình thực hiện Kế hoạch … for a period: its tasks with state, percentage,
    results and products, then difficulties and proposals."""
    issuer = spec.issuer
    plan = _plan_name(spec.plan_title)
    subject = _with_period(f"Tình hình thực hiện {plan}", spec.period_label)
    doc = Decree30Document(title=subject, author=_display(issuer))
    doc.header(issuer, document_number(spec.number, _kind_notation("BC", issuer)), spec.date,
               kind="BÁO CÁO", subject=subject)
    doc.kinh_gui(spec.kinh_gui)
    doc.paragraph(clean_text(spec.intro) or _with_period(
        f"Thực hiện {plan}, {_display(issuer)} báo cáo tình hình thực hiện các nhiệm vụ được giao",
        spec.period_label) + " như sau:")
    doc.heading("I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ")
    if not spec.entries:
        doc.paragraph("Trong kỳ báo cáo, đơn vị không có nhiệm vụ được giao.")
    for i, entry in enumerate(spec.entries, 1):
        role = clean_text(entry.role)
        title = clean_text(entry.title)
        ref = format_ref(entry.ref)
        heading = f"{i}. " + (f"Nhiệm vụ số {ref}: " if ref else "") + title
        doc.heading(heading + (f" (đơn vị {role})" if role else ""))
        status = clean_text(entry.status) or "Chưa có thông tin"
        percent = format_percent(entry.percent)
        doc.paragraph(runs=[("Tình trạng: ", {"bold": True}),
                            (status + (f", hoàn thành {percent}" if percent else "") + ".", {})])
        if clean_text(entry.result):
            doc.paragraph(runs=[("Kết quả thực hiện: ", {"bold": True}), (_sentence(entry.result), {})])
        products = join_units(entry.products)
        if products:
            doc.paragraph(runs=[("Sản phẩm: ", {"bold": True}), (_sentence(products), {})])
        if clean_text(entry.note):
            doc.paragraph(runs=[("Ghi chú: ", {"bold": True}), (_sentence(entry.note), {})])
    doc.heading("II. KHÓ KHĂN, VƯỚNG MẮC")
    doc.paragraphs(spec.difficulties, empty="Không có.")
    doc.heading("III. ĐỀ XUẤT, KIẾN NGHỊ")
    doc.paragraphs(spec.proposals, empty="Không có.")
    doc.paragraph(f"Trên đây là báo cáo của {_display(issuer)}./.")
    doc.signature(spec.signer, spec.recipients, archive=_archive(issuer, spec.drafting_unit))
    return doc.to_bytes()


# -- urging letter -------------------------------------------------------------------------------------------

#: Up to this many units, Kính gửi names each and the body lists each unit's tasks in full.
URGING_FULL_LIST = 6
URGING_MANY = "Các đơn vị có tên trong danh sách dưới đây"


def _urging_compact(doc: Decree30Document, units) -> None:
    """Each unit on one line with the numbers of the tasks it owes, then each of those tasks once."""
    tasks: dict[str, object] = {}
    # The V/v carries the round; a unit's own count is worth saying only where the units differ.
    differ = len({u.round for u in units}) > 1
    for i, unit in enumerate(units, 1):
        refs = []
        for task in unit.tasks or []:
            ref = format_ref(task.ref) or clean_text(task.title)[:40]
            refs.append(ref)
            tasks.setdefault(ref, task)
        owed = ("nhiệm vụ số " + ", ".join(refs)) if refs else "báo cáo chung về tình hình thực hiện Kế hoạch"
        again = f" (đã đôn đốc lần {unit.round - 1})" if differ and unit.round > 1 else ""
        end = "." if i == len(units) else ";"
        doc.paragraph(runs=[(f"{i}. {clean_text(unit.name)}", {"bold": True}), (f": {owed}{again}{end}", {})])
    if tasks:
        doc.paragraph(runs=[("Nội dung các nhiệm vụ nêu trên:", {"italic": True})])
        ordered = sorted(tasks.items(), key=lambda kv: (not kv[0].isdigit(), int(kv[0]) if kv[0].isdigit() else 0,
                                                        kv[0]))
        for j, (_ref, task) in enumerate(ordered):
            end = "." if j == len(ordered) - 1 else ";"
            doc.paragraph(runs=[(f"- {_task_label(task)}", {"bold": True}),
                                (clean_text(task.title).rstrip(".;") + end, {})])



def urging_letter(spec: UrgingSpec) -> bytes:
    """Công văn ``V/v đôn đốc báo cáo tình hình thực hiện Kế hoạch …`` to the late units: Kính gửi the
    units, what each still owes (task numbers and titles), and the new deadline."""
    issuer = spec.issuer
    plan = _plan_name(spec.plan_title)
    if clean_text(spec.subject):
        vv = f"V/v {clean_text(spec.subject)}" + (f" (lần {spec.round})" if spec.round else "")
    else:
        vv = _with_period(f"V/v đôn đốc báo cáo tình hình thực hiện {plan}", spec.period_label)
    notation = clean_text(spec.notation) or clean_text(issuer.short_code)
    doc = Decree30Document(title=vv, author=_display(issuer))
    doc.header(issuer, document_number(spec.number, notation), spec.date, vv=vv)
    units = [u for u in spec.units if clean_text(u.name)]
    compact = len(units) > URGING_FULL_LIST
    # Many units: Kính gửi names them as a list below, each unit one line of task numbers, each task once.
    doc.kinh_gui([URGING_MANY] if compact else [u.name for u in units] or ["Các đơn vị liên quan"])
    doc.paragraph(clean_text(spec.intro) or _with_period(
        f"Thực hiện {plan}, {_display(issuer)} đã đề nghị các đơn vị gửi báo cáo tình hình thực hiện",
        spec.period_label) + ". Đến nay, các đơn vị sau chưa gửi báo cáo về các nhiệm vụ được giao:")
    if compact:
        _urging_compact(doc, units)
    for i, unit in enumerate([] if compact else units, 1):
        doc.heading(f"{i}. {clean_text(unit.name)}" + (f" (đã đôn đốc lần {unit.round - 1})"
                                                        if unit.round > 1 else ""))
        tasks = unit.tasks or []
        if not tasks:
            doc.paragraph("- Báo cáo chung về tình hình thực hiện Kế hoạch.")
        for j, task in enumerate(tasks):
            end = "." if j == len(tasks) - 1 else ";"
            doc.paragraph(runs=[(f"- {_task_label(task)}", {"bold": True}),
                                (clean_text(task.title).rstrip(".;") + end, {})])
    deadline = f" trước {vn_date(spec.deadline)}" if spec.deadline else ""
    doc.paragraph(
        f"Để kịp thời tổng hợp, báo cáo Lãnh đạo, {_display(issuer)} đề nghị các đơn vị khẩn trương gửi báo "
        f"cáo{deadline} để tổng hợp theo quy định."
    )
    if clean_text(spec.contact):
        doc.paragraph(f"Thông tin chi tiết xin liên hệ: {_sentence(spec.contact)}")
    doc.paragraph("Trân trọng./.")
    recipients = ["Như trên", *spec.recipients]
    doc.signature(spec.signer, recipients, archive=_archive(issuer, spec.drafting_unit))
    return doc.to_bytes()


# -- the plan -------------------------------------------------------------------------------------------------


def plan_document(spec: PlanSpec) -> bytes:
    """The plan itself: title block, prose sections, signature (if any) and the appendix of tasks on
    landscape pages (TT, Nhiệm vụ, Đơn vị chủ trì, Đơn vị phối hợp, Sản phẩm/Kết quả, Thời gian thực hiện)
    with spanning group rows."""
    issuer = spec.issuer
    notation = _kind_notation(clean_text(spec.notation_kind) or "KH", issuer)
    kind = clean_text(spec.kind) or "KẾ HOẠCH"
    doc = Decree30Document(title=f"{kind.capitalize()} {clean_text(spec.title)}", author=_display(issuer))
    attached = clean_text(spec.attached_to)
    doc.header(issuer, document_number(spec.number, notation), spec.date, kind=kind, subject=spec.title,
               attached_to=attached, numbered=not attached)
    doc.paragraphs(spec.intro)
    for section in spec.sections:
        _plan_section(doc, section)
    if spec.signer is not None:
        doc.signature(spec.signer, spec.recipients, archive=_archive(issuer, spec.drafting_unit))
    if spec.rows:
        # The appendix cites the plan's own number, or for a plan issued with a decision the decision's.
        subtitle = re.sub(r"\s*\n\s*", " ", attached) if attached else (
            f"(Kèm theo {kind.capitalize()} số {number_and_notation(spec.number, notation)} {vn_date(spec.date)} "
            f"của {_display(issuer)})")
        doc.annex(
            "Phụ lục",
            clean_text(spec.appendix_title) or "CÁC NHIỆM VỤ CỤ THỂ",
            subtitle,
            PLAN_COLUMNS,
            _annex_rows(spec.rows, lambda r: [format_ref(r.ref), r.title, join_units(r.lead),
                                              join_units(r.coordinating), r.products, r.timeframe]),
        )
    return doc.to_bytes()


def _plan_section(doc: Decree30Document, section: PlanSection) -> None:
    if clean_text(section.heading):
        doc.heading(section.heading)
    doc.paragraphs(section.paragraphs)
    for child in section.children:
        _plan_section(doc, child)


__all__ = [
    "NO_ACCEPTED_REPORT",
    "consolidated_report",
    "date_line",
    "plan_document",
    "unit_report",
    "urging_letter",
]
