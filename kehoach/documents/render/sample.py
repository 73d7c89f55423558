"""A realistic sample consolidated report (30 tasks, Vietnamese text) for tests, the benchmark and the
preview PNG in ``docs/``. Run ``python -m kehoach.documents.render.sample OUT.docx`` to write it."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from .composers import consolidated_report
from .preview import first_page_png
from .specs import (
    ActivitiesSheet,
    ActivityRow,
    ConsolidatedSpec,
    FlaggedTask,
    Issuer,
    MatrixRow,
    OwedTask,
    OwedUnit,
    PeriodMatrixSheet,
    PlanSection,
    PlanSpec,
    PlanTasksSheet,
    ReportFigures,
    Signer,
    TaskRow,
    UnitReportSpec,
    UnitTaskEntry,
    UrgingSpec,
)

ISSUER = Issuer(
    name="Cục Hợp tác quốc tế",
    parent_name="Bộ Văn hóa, Thể thao và Du lịch",
    short_code="HTQT",
    place="Hà Nội",
    display_name="Cục Hợp tác quốc tế",
)
SIGNER = Signer(authority="KT. CỤC TRƯỞNG", title="PHÓ CỤC TRƯỞNG", name="Nguyễn Thị Minh Hằng")
PLAN_TITLE = (
    "Kế hoạch của Bộ Văn hóa, Thể thao và Du lịch triển khai Chương trình hành động của Chính phủ thực hiện "
    "Nghị quyết số 59-NQ/TW ngày 24 tháng 01 năm 2025 của Bộ Chính trị về Hội nhập quốc tế trong tình hình mới"
)

GROUPS = [
    "I. Tuyên truyền, phổ biến và nâng cao nhận thức về hội nhập quốc tế",
    "II. Hợp tác quốc tế về văn hóa, di sản và công nghiệp văn hóa",
    "III. Hợp tác quốc tế về thể thao, du lịch và thông tin đối ngoại",
]

# (group index, title, lead, coordinating, products, timeframe)
_TASKS = [
    (0, "Tổ chức quán triệt, tuyên truyền sâu rộng nội dung Nghị quyết số 59-NQ/TW đến cán bộ, công chức, "
        "viên chức, người lao động thuộc Bộ", ["Cục Hợp tác quốc tế"], ["Văn phòng Bộ"], "Hội nghị", "2025"),
    (0, "Mở rộng, đa dạng hóa và làm sâu sắc các cơ chế hợp tác quốc tế trên các lĩnh vực văn hóa, thể thao, "
        "du lịch, thông tin, truyền thông", ["Cục Hợp tác quốc tế"], ["Các đơn vị liên quan"], "Báo cáo",
     "Thường xuyên"),
    (0, "Hoàn thiện và triển khai các cơ chế, chính sách thu hút nguồn lực quốc tế", ["Vụ Kế hoạch, Tài chính"],
     ["Cục Hợp tác quốc tế", "Vụ Pháp chế"], "Cơ chế, chính sách", "2025-2026"),
    (0, "Tích cực tham gia, đóng góp xây dựng các quy định, chính sách, luật lệ trong các lĩnh vực mới nổi",
     ["Vụ Pháp chế"], ["Cục Hợp tác quốc tế"], "Báo cáo", "Thường xuyên"),
    (0, "Tiếp tục rà soát, đàm phán, ký kết và thực hiện hiệu quả các điều ước, thỏa thuận quốc tế",
     ["Cục Hợp tác quốc tế"], ["Vụ Pháp chế", "Các đơn vị liên quan"], "Điều ước, thỏa thuận", "Thường xuyên"),
    (0, "Đẩy mạnh công tác thông tin đối ngoại trên các nền tảng số", ["Cục Thông tin cơ sở và Thông tin đối ngoại"],
     ["Cục Báo chí"], "Tin, bài", "Thường xuyên"),
    (0, "Biên soạn tài liệu hỏi - đáp về hội nhập quốc tế trong lĩnh vực văn hóa", ["Cục Hợp tác quốc tế"],
     ["Viện Văn hóa, Nghệ thuật, Thể thao và Du lịch Việt Nam"], "Tài liệu", "2025"),
    (0, "Tổ chức lớp bồi dưỡng kỹ năng đàm phán quốc tế cho cán bộ trẻ", ["Vụ Tổ chức cán bộ"],
     ["Cục Hợp tác quốc tế"], "Lớp bồi dưỡng", "Hằng năm"),
    (0, "Xây dựng chuyên trang về hội nhập quốc tế trên Cổng thông tin điện tử của Bộ",
     ["Trung tâm Chuyển đổi số Văn hóa, Thể thao và Du lịch"], ["Cục Hợp tác quốc tế"], "Chuyên trang", "2025"),
    (0, "Sơ kết, đánh giá việc thực hiện Kế hoạch hằng năm", ["Cục Hợp tác quốc tế"], ["Các đơn vị thuộc Bộ"],
     "Báo cáo", "Tháng 12 hằng năm"),
    (1, "Xây dựng Chiến lược quảng bá văn hóa Việt Nam ra nước ngoài đến năm 2030", ["Cục Hợp tác quốc tế"],
     ["Cục Nghệ thuật biểu diễn", "Cục Điện ảnh"], "Chiến lược", "2025-2026"),
    (1, "Tổ chức các Ngày/Tuần Văn hóa Việt Nam tại nước ngoài; Ngày/Tuần Văn hóa các nước tại Việt Nam",
     ["Cục Hợp tác quốc tế"], ["Các đơn vị liên quan"], "Sự kiện", "Thường xuyên"),
    (1, "Tham gia Triển lãm Thế giới EXPO", ["Cục Hợp tác quốc tế"], ["Các đơn vị liên quan"], "Sự kiện",
     "Theo định kỳ của Triển lãm Thế giới"),
    (1, "Triển khai hoạt động hợp tác quốc tế về bảo vệ và phát huy giá trị di sản văn hóa Việt Nam, đặc biệt là "
        "các di sản được UNESCO công nhận, ghi danh", ["Cục Di sản văn hóa"],
     ["Cục Hợp tác quốc tế", "Trung tâm Chuyển đổi số Văn hóa, Thể thao và Du lịch"], "Báo cáo", "Hằng năm"),
    (1, "Triển khai hiệu quả Chương trình số hóa Di sản văn hóa Việt Nam giai đoạn 2021 - 2030",
     ["Cục Di sản văn hóa"], ["Vụ Kế hoạch, Tài chính", "Cục Hợp tác quốc tế"], "Báo cáo", "2025-2030"),
    (1, "Xây dựng và triển khai cơ chế bảo vệ bản quyền số cho các sản phẩm văn hóa Việt Nam",
     ["Cục Bản quyền tác giả"], ["Trung tâm Chuyển đổi số Văn hóa, Thể thao và Du lịch"],
     "Cơ chế/Hệ thống phần mềm", "Thường xuyên"),
    (1, "Vận động các đối tác quốc tế chia sẻ kinh nghiệm phát triển các ngành công nghiệp văn hóa",
     ["Cục Bản quyền tác giả"], ["Các đơn vị liên quan"], "Đề án/Sự kiện", "Thường xuyên"),
    (1, "Đăng cai tổ chức các liên hoan văn hóa, nghệ thuật quốc tế tại Việt Nam", ["Cục Nghệ thuật biểu diễn"],
     ["Các đơn vị nghệ thuật thuộc Bộ"], "Sự kiện", "Theo kế hoạch đề ra"),
    (1, "Xây dựng quy chuẩn và kỹ thuật số hóa hệ thống công trình tượng đài Chủ tịch Hồ Chí Minh đặt tại nước "
        "ngoài giai đoạn 2025-2030", ["Cục Mỹ thuật, Nhiếp ảnh và Triển lãm"], ["Các đơn vị liên quan"],
     "Biện pháp, hoạt động", "Theo kế hoạch đề ra"),
    (1, "Đăng cai tổ chức các liên hoan phim, tuần phim quốc tế tại Việt Nam; xây dựng gian hàng điện ảnh Việt "
        "Nam tại các Chợ phim", ["Cục Điện ảnh"], ["Các Hãng phim"], "Sự kiện", "Theo kế hoạch đề ra"),
    (2, "Đăng cai tổ chức các sự kiện quốc tế lớn về thể thao tại Việt Nam", ["Cục Thể dục thể thao Việt Nam"],
     ["Các Liên đoàn thể thao"], "Sự kiện", "Theo kế hoạch đề ra"),
    (2, "Đăng cai tổ chức các sự kiện quốc tế lớn về du lịch tại Việt Nam", ["Cục Du lịch Quốc gia Việt Nam"],
     ["Các đơn vị liên quan"], "Sự kiện", "Theo kế hoạch đề ra"),
    (2, "Rà soát hiệu quả triển khai các thỏa thuận, hiệp định hợp tác đã thiết lập trong lĩnh vực du lịch",
     ["Cục Du lịch Quốc gia Việt Nam"], ["Các đơn vị liên quan"], "Báo cáo/Cơ chế, chính sách", "Thường xuyên"),
    (2, "Đẩy mạnh chuyển đổi số trong công tác thông tin, tuyên truyền đối ngoại và hội nhập quốc tế",
     ["Cục Thông tin cơ sở và Thông tin đối ngoại"], ["Cục Báo chí", "Trung tâm Chuyển đổi số Văn hóa, Thể thao và Du lịch"],
     "Đề án/Kế hoạch", "2025"),
    (2, "Kiểm soát, ứng phó kịp thời các sản phẩm thông tin lệch lạc, sai trái",
     ["Cục Thông tin cơ sở và Thông tin đối ngoại"], ["Cục Báo chí"], "Biện pháp", "Thường xuyên"),
    (2, "Chỉ đạo, định hướng các cơ quan báo chí tăng cường thông tin về hội nhập quốc tế", ["Cục Báo chí"],
     ["Các đơn vị liên quan"], "Chỉ đạo, định hướng", "Thường xuyên"),
    (2, "Đẩy mạnh đào tạo, bồi dưỡng nguồn nhân lực thực hiện công tác hợp tác, hội nhập quốc tế",
     ["Vụ Tổ chức cán bộ"], ["Cục Hợp tác quốc tế"], "Đề án/Kế hoạch/Chương trình", "Thường xuyên"),
    (2, "Tiếp tục triển khai Đề án Đào tạo, bồi dưỡng nhân lực văn hóa nghệ thuật ở nước ngoài đến năm 2030",
     ["Vụ Khoa học, Công nghệ, Đào tạo và Môi trường"], ["Các cơ sở đào tạo"], "Báo cáo", "Thường xuyên"),
    (2, "Tham gia các sáng kiến hợp tác về du lịch ở tiểu vùng và khu vực ASEAN",
     ["Cục Du lịch Quốc gia Việt Nam", "Cục Hợp tác quốc tế"], ["Các địa phương"], "Sáng kiến", "2025-2030"),
    (2, "Thu hút hỗ trợ kỹ thuật, đầu tư và đào tạo nhân lực chất lượng cao về du lịch",
     ["Cục Du lịch Quốc gia Việt Nam"], ["Vụ Kế hoạch, Tài chính"], "Dự án", "2026-2030"),
]

_STATES = [
    ("Đã hoàn thành", 100, "Đã tổ chức triển khai theo kế hoạch; sản phẩm đã được nghiệm thu."),
    ("Đang thực hiện", 60, "Đã xây dựng dự thảo, đang lấy ý kiến các đơn vị liên quan."),
    ("Đang thực hiện", 35, "Đang phối hợp với các đối tác nước ngoài chuẩn bị nội dung."),
    ("Chậm tiến độ", 20, "Chưa bố trí được kinh phí; đề nghị lùi thời hạn sang quý II năm 2026."),
    ("Chưa triển khai", 0, ""),
]


def sample_rows(n: int = 30) -> list[TaskRow]:
    """``n`` tasks cycling through the sample plan's 30 tasks and a spread of states."""
    rows = []
    for i in range(n):
        group, title, lead, coord, products, timeframe = _TASKS[i % len(_TASKS)]
        status, percent, result = _STATES[(i * 7) % len(_STATES)] if i % 3 else _STATES[0]
        rows.append(TaskRow(
            ref=str(i + 1), title=title, group=GROUPS[group], lead=list(lead), coordinating=list(coord),
            products=products, timeframe=timeframe, status=status, percent=percent, result=result,
        ))
    # Keep the groups contiguous, as in a plan's appendix.
    rows.sort(key=lambda r: (GROUPS.index(r.group), int(r.ref)))
    for i, row in enumerate(rows, 1):
        row.ref = str(i)
    return rows


def build_sample_consolidated(n_tasks: int = 30, n_units: int | None = None) -> ConsolidatedSpec:
    """The coordinating unit's report on the 2025 period of the sample plan (about 30 tasks)."""
    rows = sample_rows(n_tasks)
    if n_units:
        # Spread the tasks over n_units made-up units (the benchmark's 200 units).
        for i, row in enumerate(rows):
            row.lead = [f"Đơn vị số {i % n_units + 1:03d}, Khối văn hóa"]
    leads = {u for r in rows for u in (r.lead or [])}
    figures = ReportFigures(
        tasks_total=len(rows),
        completed=sum(r.status == "Đã hoàn thành" for r in rows),
        in_progress=sum(r.status == "Đang thực hiện" for r in rows),
        not_started=sum(r.status == "Chưa triển khai" for r in rows),
        late=sum(r.status == "Chậm tiến độ" for r in rows),
        proposed_adjustment=2,
        units_total=len(leads),
        units_on_time=max(len(leads) - 4, 0),
        units_late=min(2, len(leads)),
        units_missing=min(2, len(leads)),
        reports_accepted=max(len(leads) - 3, 1),
    )
    flagged = [
        FlaggedTask(ref=r.ref, title=r.title, lead=r.lead, kind="late",
                    explanation="Chưa bố trí được kinh phí thực hiện trong năm 2025.")
        for r in rows if r.status == "Chậm tiến độ"
    ]
    flagged += [
        FlaggedTask(ref=rows[2].ref, title=rows[2].title, lead=rows[2].lead, kind="adjust",
                    explanation="Đề xuất điều chỉnh thời gian hoàn thành sang năm 2026 để phù hợp với tiến độ "
                                "sửa đổi Luật Điện ảnh."),
        FlaggedTask(ref=rows[-1].ref, title=rows[-1].title, lead=rows[-1].lead, kind="adjust",
                    explanation="Đề xuất chuyển đơn vị chủ trì sang Cục Hợp tác quốc tế."),
    ]
    return ConsolidatedSpec(
        issuer=ISSUER,
        plan_title=PLAN_TITLE,
        period_label="năm 2025",
        rows=rows,
        figures=figures,
        number=12,
        date=dt.date(2026, 2, 5),
        grouping="group",
        flagged=flagged,
        difficulties=[
            "Nguồn kinh phí bố trí cho các hoạt động hợp tác quốc tế còn hạn chế, chủ yếu lồng ghép trong "
            "nhiệm vụ chuyên môn của các đơn vị.",
            "Một số đơn vị gửi báo cáo chậm so với thời hạn quy định, nội dung báo cáo chưa nêu rõ sản phẩm "
            "và mức độ hoàn thành.",
        ],
        proposals=[
            "Đề nghị Lãnh đạo Bộ chỉ đạo các đơn vị chủ trì nhiệm vụ gửi báo cáo đúng hạn, đầy đủ nội dung "
            "theo đề cương hướng dẫn.",
            "Đề nghị Vụ Kế hoạch, Tài chính ưu tiên bố trí kinh phí năm 2026 cho các nhiệm vụ chậm tiến độ "
            "do thiếu kinh phí.",
        ],
        recipients=["Bộ trưởng (để báo cáo)", "Các Thứ trưởng", "Văn phòng Bộ", "Vụ Kế hoạch, Tài chính"],
        signer=SIGNER,
    )


def build_sample_unit_report() -> UnitReportSpec:
    """Cục Di sản văn hóa's own report for 2025 on the tasks it leads or co-ordinates."""
    rows = [r for r in sample_rows() if "Cục Di sản văn hóa" in (r.lead or [])]
    entries = [
        UnitTaskEntry(ref=r.ref, title=r.title, role="chủ trì", status=r.status, percent=r.percent,
                      result=r.result or "Đang triển khai.", products=["Báo cáo chuyên đề", "Cơ sở dữ liệu số"])
        for r in rows
    ]
    entries.append(UnitTaskEntry(ref="11", title="Xây dựng Chiến lược quảng bá văn hóa Việt Nam ra nước ngoài",
                                 role="phối hợp", status="Đang thực hiện", percent=50,
                                 result="Đã góp ý dự thảo Chiến lược.", note="Theo đề nghị của Cục Hợp tác quốc tế"))
    return UnitReportSpec(
        issuer=Issuer(name="Cục Di sản văn hóa", parent_name="Bộ Văn hóa, Thể thao và Du lịch", short_code="DSVH"),
        plan_title=PLAN_TITLE,
        period_label="năm 2025",
        entries=entries,
        number=7,
        date=dt.date(2026, 1, 9),
        difficulties=["Kinh phí cho số hóa di sản còn hạn chế."],
        proposals=["Đề nghị bổ sung kinh phí năm 2026 cho Chương trình số hóa Di sản văn hóa Việt Nam."],
        kinh_gui=["Cục Hợp tác quốc tế"],
        recipients=["Như trên", "Thứ trưởng phụ trách (để báo cáo)"],
        signer=Signer(authority="", title="CỤC TRƯỞNG", name="Lê Thị Thu Hiền"),
    )


def build_sample_urging() -> UrgingSpec:
    """The coordinating unit's letter urging three late units to report on 2025."""
    rows = sample_rows()
    late = ["Cục Điện ảnh", "Vụ Kế hoạch, Tài chính", "Cục Du lịch Quốc gia Việt Nam"]
    return UrgingSpec(
        issuer=ISSUER,
        plan_title=PLAN_TITLE,
        period_label="năm 2025",
        units=[OwedUnit(name=u, tasks=[OwedTask(ref=r.ref, title=r.title) for r in rows if u in (r.lead or [])])
               for u in late],
        deadline=dt.date(2026, 2, 10),
        number=5,
        notation="BVHTTDL-HTQT",
        date=dt.date(2026, 2, 3),
        recipients=["Thứ trưởng phụ trách (để báo cáo)"],
        signer=SIGNER,
        contact="đồng chí Trần Văn An, Cục Hợp tác quốc tế, điện thoại 024 3943 8231",
    )


def build_sample_plan() -> PlanSpec:
    """The sample plan (Kế hoạch) with two prose sections and its 30-task appendix."""
    return PlanSpec(
        issuer=Issuer(name="Bộ Văn hóa, Thể thao và Du lịch", short_code="BVHTTDL",
                      display_name="Bộ Văn hóa, Thể thao và Du lịch"),
        title="của Bộ Văn hóa, Thể thao và Du lịch\ntriển khai Chương trình hành động của Chính phủ\n"
              "thực hiện Nghị quyết số 59-NQ/TW ngày 24 tháng 01 năm 2025\n"
              "của Bộ Chính trị về Hội nhập quốc tế trong tình hình mới",
        attached_to="(Kèm theo Quyết định số      /QĐ-BVHTTDL ngày      tháng      năm 2025\n"
                    "của Bộ trưởng Bộ Văn hóa, Thể thao và Du lịch)",
        intro=["Thực hiện Chương trình hành động của Chính phủ thực hiện Nghị quyết số 59-NQ/TW ngày 24 tháng 01 "
               "năm 2025 của Bộ Chính trị về Hội nhập quốc tế trong tình hình mới, Bộ Văn hóa, Thể thao và Du "
               "lịch ban hành Kế hoạch triển khai giai đoạn 2025-2030 như sau:"],
        sections=[
            PlanSection(heading="I. MỤC TIÊU, YÊU CẦU", children=[
                PlanSection(heading="1. Mục tiêu", paragraphs=[
                    "a) Tổ chức thể chế hóa và thực hiện đầy đủ, nghiêm túc các quan điểm, mục tiêu, nhiệm vụ "
                    "và giải pháp đã đề ra trong Nghị quyết số 59-NQ/TW;",
                    "b) Xác định các nhiệm vụ cụ thể để các cơ quan, đơn vị thuộc Bộ xây dựng kế hoạch hằng năm.",
                ]),
                PlanSection(heading="2. Yêu cầu", paragraphs=[
                    "Việc triển khai bảo đảm thiết thực, phù hợp với quy định pháp luật và điều kiện thực tiễn."]),
            ]),
            PlanSection(heading="II. TỔ CHỨC THỰC HIỆN", paragraphs=[
                "Thủ trưởng các cơ quan, đơn vị thuộc Bộ căn cứ nhiệm vụ tại Phụ lục kèm theo chủ động triển "
                "khai; báo cáo kết quả thực hiện về Cục Hợp tác quốc tế trước ngày 30 tháng 11 hằng năm."]),
        ],
        appendix_title="CÁC NHIỆM VỤ CỤ THỂ",
        rows=sample_rows(),
        recipients=["Các Thứ trưởng", "Các cơ quan, đơn vị thuộc Bộ"],
        signer=Signer(authority="", title="BỘ TRƯỞNG", name="Nguyễn Văn Hùng"),
        drafting_unit="HTQT",
    )


def build_sample_sheets() -> tuple[PlanTasksSheet, PeriodMatrixSheet, ActivitiesSheet]:
    """Specs for the three spreadsheets, from the same sample plan."""
    rows = sample_rows()
    states = ["Chưa gửi", "Đã gửi", "Đã chấp nhận", "Trả lại"]
    units = sorted({u for r in rows for u in (r.lead or [])})
    matrix = [MatrixRow(unit=u, values={s: (i + j) % 3 for j, s in enumerate(states)}) for i, u in enumerate(units)]
    activities = [
        ActivityRow(ref=1, name="Hội thảo quốc tế về ứng dụng trí tuệ nhân tạo trong bảo tàng",
                    partner="UNESCO", timeframe="Quý III/2026", budget="Ngân sách nhà nước",
                    unit_note="Cục Di sản văn hóa"),
        ActivityRow(ref=2, name="Đoàn công tác học tập kinh nghiệm chuyển đổi số du lịch",
                    partner="Tổ chức Du lịch Thế giới (UN Tourism)", timeframe="2026",
                    budget="Tài trợ của đối tác", unit_note="Cục Du lịch Quốc gia Việt Nam"),
    ]
    return (
        PlanTasksSheet(title="Danh mục nhiệm vụ Kế hoạch thực hiện Nghị quyết số 59-NQ/TW", rows=rows,
                       period_label="năm 2025"),
        PeriodMatrixSheet(title="Tình trạng báo cáo của các đơn vị", states=states, rows=matrix,
                          period_label="Kỳ báo cáo năm 2025"),
        ActivitiesSheet(title="Danh mục hoạt động hợp tác quốc tế năm 2026", rows=activities),
    )


def main(argv: list[str] | None = None) -> int:
    """``python -m kehoach.documents.render.sample [OUT.docx] [--png OUT.png]``: write the sample report,
    and with ``--png`` its first page as rendered by LibreOffice (docs/consolidated-report-page1.png)."""
    args = sys.argv[1:] if argv is None else list(argv)
    data = consolidated_report(build_sample_consolidated())
    if "--png" in args:
        i = args.index("--png")
        png = Path(args[i + 1])
        del args[i:i + 2]
        print(first_page_png(data, png))
    if args or "--png" not in (sys.argv[1:] if argv is None else argv):
        out = Path(args[0] if args else "consolidated-report.docx")
        out.write_bytes(data)
        print(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
