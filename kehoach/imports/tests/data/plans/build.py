"""Writes the Word, Excel and PDF test plans of this folder (run by hand; the files are committed).

    python kehoach/imports/tests/data/plans/build.py

The PDF is printed from a Word file by LibreOffice, as a person would export it. The plans are
invented but written the way ministries, provinces and steering committees write theirs.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import docx
import openpyxl
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

HERE = Path(__file__).resolve().parent


def _landscape(d) -> None:
    section = d.sections[-1]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(1.5)


def _table(d, header: list[str], rows: list[list[str]], widths: list[float], repeat_header: bool = True):
    table = d.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.autofit = False
    for k, text in enumerate(header):
        table.rows[0].cells[k].text = text
        table.rows[0].cells[k].width = Cm(widths[k])
    if repeat_header:
        tr_pr = table.rows[0]._tr.get_or_add_trPr()
        el = OxmlElement("w:tblHeader")
        el.set(qn("w:val"), "true")
        tr_pr.append(el)
    for values in rows:
        row = table.add_row()
        for k, w in enumerate(widths):
            row.cells[k].width = Cm(w)
        if len(values) == 1:  # a heading row across the table
            merged = row.cells[0].merge(row.cells[-1])
            merged.text = values[0]
            continue
        for k, text in enumerate(values):
            row.cells[k].text = text
    return table


def _heading_table(d, left: list[str], right: list[str]) -> None:
    t = d.add_table(rows=len(left), cols=2)
    for r, (a, b) in enumerate(zip(left, right, strict=True)):
        t.cell(r, 0).text, t.cell(r, 1).text = a, b


def ministry_programme_docx() -> bytes:
    """A ministry's decision issuing a programme: two task tables, each introduced by a lettered paragraph,
    with a monitoring column, one row whose lead and coordinating cells are merged into a sentence, then
    an indicator table and a report form that are not tasks."""
    d = docx.Document()
    _heading_table(
        d,
        ["BỘ Y TẾ", "Số: 1520/QĐ-BYT"],
        [
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc",
            "Hà Nội, ngày 25 tháng 3 năm 2026",
        ],
    )
    for text in [
        "QUYẾT ĐỊNH",
        "Ban hành Chương trình hành động của Bộ Y tế về phòng, chống bệnh không lây nhiễm năm 2026",
        "BỘ TRƯỞNG BỘ Y TẾ",
        "Căn cứ Nghị định số 42/2025/NĐ-CP ngày 27 tháng 02 năm 2025 của Chính phủ quy định chức năng, nhiệm vụ, "
        "quyền hạn và cơ cấu tổ chức của Bộ Y tế;",
        "Căn cứ Luật Phòng bệnh ngày 27 tháng 6 năm 2025;",
        "Theo đề nghị của Cục trưởng Cục Phòng bệnh.",
        "QUYẾT ĐỊNH:",
        "Điều 1. Ban hành kèm theo Quyết định này Chương trình hành động của Bộ Y tế về phòng, chống bệnh không "
        "lây nhiễm năm 2026.",
        "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.",
        "Điều 3. Chánh Văn phòng Bộ, Cục trưởng Cục Phòng bệnh, Thủ trưởng các đơn vị thuộc Bộ chịu trách nhiệm "
        "thi hành Quyết định này./.",
    ]:
        d.add_paragraph(text)
    _heading_table(
        d,
        ["Nơi nhận:\n- Như Điều 3;\n- Lưu: VT, PB."],
        ["KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\n(Đã ký)\nTrần Văn Thuấn"],
    )
    for text in [
        "CHƯƠNG TRÌNH HÀNH ĐỘNG",
        "Của Bộ Y tế về phòng, chống bệnh không lây nhiễm năm 2026",
        "(Kèm theo Quyết định số 1520/QĐ-BYT ngày 25 tháng 3 năm 2026 của Bộ trưởng Bộ Y tế)",
        "I. MỤC TIÊU",
        "1. Phấn đấu 70% người trưởng thành được sàng lọc tăng huyết áp, đái tháo đường.",
        "2. Nâng cao năng lực quản lý bệnh không lây nhiễm tại trạm y tế xã.",
        "II. NHIỆM VỤ",
        "a) Nhiệm vụ thường xuyên",
    ]:
        d.add_paragraph(text)
    header = [
        "STT",
        "Nội dung nhiệm vụ",
        "Đơn vị chủ trì",
        "Đơn vị phối hợp",
        "Đơn vị theo dõi, đôn đốc",
        "Thời gian hoàn thành",
    ]
    widths = [1.2, 8.0, 4.0, 5.0, 3.5, 3.5]
    t1 = _table(
        d,
        header,
        [
            [
                "1",
                "Tổ chức truyền thông về phòng, chống bệnh không lây nhiễm trên các phương tiện thông tin đại chúng",
                "Cục Phòng bệnh",
                "Vụ Truyền thông và Thi đua, khen thưởng Trung tâm Truyền thông - Giáo dục sức khỏe Trung ương",
                "Văn phòng Bộ",
                "Thường xuyên",
            ],
            [
                "2",
                "Duy trì hệ thống giám sát yếu tố nguy cơ bệnh không lây nhiễm",
                "Theo phân công tại Quyết định số 155/QĐ-BYT ngày 15/01/2026 của Bộ trưởng Bộ Y tế",
                "",
                "Văn phòng Bộ",
                "Thực hiện thường xuyên",
            ],
        ],
        widths,
    )
    merged = t1.rows[2].cells[2].merge(t1.rows[2].cells[3])  # lead and coordinating written as one sentence
    merged.text = "Theo phân công tại Quyết định số 155/QĐ-BYT ngày 15/01/2026 của Bộ trưởng Bộ Y tế"
    d.add_paragraph("b) Nhiệm vụ trọng tâm")
    _table(
        d,
        header,
        [
            [
                "1",
                "Xây dựng Thông tư hướng dẫn quản lý bệnh tăng huyết áp tại trạm y tế xã",
                "Cục Quản lý Khám, chữa bệnh",
                "Vụ Pháp chế; Cục Phòng bệnh",
                "Văn phòng Bộ",
                "Trước ngày 30/9/2026",
            ],
            [
                "2",
                "Tổ chức Tháng hành động phòng, chống bệnh không lây nhiễm",
                "Cục Phòng bệnh",
                "Các Sở Y tế tỉnh, thành phố",
                "",
                "Tháng 4/2026",
            ],
            [
                "3",
                "Đánh giá giữa kỳ kết quả thực hiện Chiến lược quốc gia phòng, chống bệnh không lây nhiễm",
                "Viện Chiến lược và Chính sách y tế",
                "Cục Phòng bệnh, Cục Quản lý Khám, chữa bệnh",
                "Vụ Kế hoạch - Tài chính",
                "Từ tháng 6 đến tháng 10/2026",
            ],
        ],
        widths,
    )
    for text in [
        "III. TỔ CHỨC THỰC HIỆN",
        "1. Các đơn vị được giao chủ trì nhiệm vụ báo cáo kết quả thực hiện gửi Cục Phòng bệnh trước ngày 10 tháng 12 "
        "hằng năm để tổng hợp.",
        "2. Cục Phòng bệnh là đơn vị đầu mối, theo dõi, đôn đốc, tổng hợp báo cáo Bộ trưởng kết quả thực hiện Chương trình.",
        "3. Vụ Kế hoạch - Tài chính bố trí kinh phí thực hiện Chương trình.",
        "PHỤ LỤC I",
        "CÁC CHỈ TIÊU CHỦ YẾU NĂM 2026",
    ]:
        d.add_paragraph(text)
    _table(
        d,
        ["STT", "Chỉ tiêu", "Đơn vị tính", "Năm 2026", "Cơ quan chủ trì theo dõi"],
        [["1", "Tỷ lệ người trưởng thành được sàng lọc tăng huyết áp", "%", "70", "Cục Phòng bệnh"]],
        [1.2, 9.0, 3.0, 3.0, 5.0],
    )
    d.add_paragraph("PHỤ LỤC II")
    d.add_paragraph("MẪU BÁO CÁO KẾT QUẢ THỰC HIỆN CHƯƠNG TRÌNH")
    _table(
        d,
        ["STT", "Nhiệm vụ", "Đơn vị chủ trì", "Kết quả thực hiện", "Khó khăn, vướng mắc"],
        [["1", "", "", "", ""], ["2", "", "", "", ""], ["...", "", "", "", ""]],
        [1.2, 9.0, 4.0, 5.0, 5.0],
    )
    return _save(d)


def province_schedule_docx() -> bytes:
    """A province department's inspection schedule: a two-row header whose first cells are merged down,
    numbering that restarts under each group, a group heading row that carries its own time."""
    d = docx.Document()
    _landscape(d)
    _heading_table(
        d,
        ["ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ\nSỞ TÀI CHÍNH", "Số: 312/KH-STC"],
        [
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc",
            "Quảng Trị, ngày 06 tháng 01 năm 2026",
        ],
    )
    for text in [
        "KẾ HOẠCH",
        "Kiểm tra công tác quản lý tài chính, tài sản công năm 2026",
        "Căn cứ Luật Quản lý, sử dụng tài sản công ngày 21 tháng 6 năm 2017;",
        "Căn cứ Quyết định số 45/QĐ-UBND ngày 05/01/2026 của Ủy ban nhân dân tỉnh về giao dự toán ngân sách năm 2026;",
        "Sở Tài chính ban hành Kế hoạch kiểm tra năm 2026 như sau:",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "Đánh giá việc chấp hành quy định về quản lý tài chính, tài sản công của các đơn vị.",
        "II. LỊCH KIỂM TRA",
    ]:
        d.add_paragraph(text)
    table = d.add_table(rows=2, cols=6)
    table.style = "Table Grid"
    head = table.rows[0].cells
    head[0].text, head[1].text, head[2].text, head[3].text, head[5].text = (
        "STT",
        "Đơn vị được kiểm tra",
        "Thời gian kiểm tra",
        "Đơn vị thực hiện",
        "Ghi chú",
    )
    head[3].merge(head[4])
    for k in (0, 1, 2, 5):
        table.cell(0, k).merge(table.cell(1, k))  # merged down over the second header row
    table.cell(1, 3).text, table.cell(1, 4).text = "Chủ trì", "Phối hợp"
    rows = [
        ["I. Các sở, ban, ngành"],
        ["1", "Sở Giáo dục và Đào tạo", "Tháng 3/2026", "Thanh tra Sở", "Phòng Quản lý ngân sách", ""],
        ["2", "Sở Y tế", "Tháng 4/2026", "Thanh tra Sở", "Phòng Quản lý ngân sách", ""],
        [
            "3",
            "Sở Nông nghiệp và Môi trường",
            "Quý II/2026",
            "Phòng Quản lý giá và công sản",
            "Thanh tra Sở",
            "Kết hợp kiểm tra tài sản công",
        ],
        ["II. Ủy ban nhân dân các huyện"],
        ["1", "Ủy ban nhân dân huyện Gio Linh", "Từ tháng 5 đến tháng 6/2026", "Thanh tra Sở", "", ""],
        ["2", "Ủy ban nhân dân huyện Cam Lộ", "Tháng 8/2026", "Thanh tra Sở", "", ""],
    ]
    for values in rows:
        row = table.add_row()
        if len(values) == 1:
            row.cells[0].merge(row.cells[-1]).text = values[0]
            continue
        for k, text in enumerate(values):
            row.cells[k].text = text
    row = table.add_row()  # a group heading row with its own time
    row.cells[0].text, row.cells[1].text, row.cells[2].text = (
        "III",
        "Đơn vị sự nghiệp công lập (đợt 2)",
        "Quý IV/2026",
    )
    for values in [
        ["1", "Trường Cao đẳng Y tế Quảng Trị", "Tháng 10/2026", "Thanh tra Sở", "", ""],
        ["2", "Bệnh viện Đa khoa tỉnh", "Tháng 11/2026", "Thanh tra Sở", "Phòng Tài chính đầu tư", ""],
    ]:
        cells = table.add_row().cells
        for k, text in enumerate(values):
            cells[k].text = text
    for text in [
        "III. TỔ CHỨC THỰC HIỆN",
        "1. Thanh tra Sở chủ trì, theo dõi, đôn đốc việc thực hiện Kế hoạch; tổng hợp kết quả báo cáo Giám đốc Sở.",
        "2. Các đơn vị được kiểm tra chuẩn bị hồ sơ, tài liệu theo yêu cầu của Đoàn kiểm tra.",
    ]:
        d.add_paragraph(text)
    _heading_table(d, ["Nơi nhận:\n- UBND tỉnh (b/c);\n- Lưu: VT, TTr."], ["GIÁM ĐỐC\n\nHoàng Thị Mai Anh"])
    return _save(d)


def city_plan_docx(repeat_header: bool = False) -> bytes:
    """A city's plan whose appendix table runs over several pages without repeating its header."""
    d = docx.Document()
    for text in [
        "ỦY BAN NHÂN DÂN THÀNH PHỐ ĐÀ NẴNG",
        "Số: 214/KH-UBND",
        "Đà Nẵng, ngày 18 tháng 5 năm 2026",
        "KẾ HOẠCH",
        "Phát triển du lịch cộng đồng thành phố Đà Nẵng giai đoạn 2026 - 2028",
        "Căn cứ Luật Du lịch ngày 19 tháng 6 năm 2017;",
        "Căn cứ Nghị quyết số 28/NQ-HĐND ngày 10/12/2025 của Hội đồng nhân dân thành phố;",
        "I. MỤC TIÊU",
        "Đến năm 2028 hình thành 10 điểm du lịch cộng đồng đạt chuẩn.",
        "II. NHIỆM VỤ VÀ GIẢI PHÁP",
        "Các nhiệm vụ cụ thể tại Phụ lục kèm theo Kế hoạch này.",
        "III. TỔ CHỨC THỰC HIỆN",
        "1. Sở Du lịch chủ trì, theo dõi, đôn đốc, hướng dẫn các đơn vị triển khai Kế hoạch; tổng hợp báo cáo "
        "Ủy ban nhân dân thành phố.",
        "2. Các đơn vị báo cáo kết quả thực hiện về Sở Du lịch trước ngày 20 tháng 11 hằng năm.",
        "TM. ỦY BAN NHÂN DÂN",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Trần Chí Cường",
    ]:
        d.add_paragraph(text)
    d.add_page_break()
    _landscape(d)
    d.add_paragraph("PHỤ LỤC")
    d.add_paragraph("DANH MỤC NHIỆM VỤ PHÁT TRIỂN DU LỊCH CỘNG ĐỒNG GIAI ĐOẠN 2026 - 2028")
    d.add_paragraph("(Kèm theo Kế hoạch số 214/KH-UBND ngày 18/5/2026 của Ủy ban nhân dân thành phố)")
    rows: list[list[str]] = []
    groups = [
        (
            "A. Quy hoạch và hạ tầng",
            [
                (
                    "Rà soát, lựa chọn các làng nghề, thôn có tiềm năng phát triển du lịch cộng đồng",
                    "Sở Du lịch",
                    "Ủy ban nhân dân các quận, huyện",
                    "Danh mục điểm du lịch",
                    "Quý III/2026",
                ),
                (
                    "Đầu tư đường giao thông, bãi đỗ xe tại các điểm du lịch cộng đồng",
                    "Sở Xây dựng",
                    "Sở Tài chính; Ủy ban nhân dân huyện Hòa Vang",
                    "Công trình hạ tầng",
                    "Năm 2026 - 2028",
                ),
                (
                    "Lắp đặt hệ thống biển chỉ dẫn, bảng thông tin du lịch song ngữ",
                    "Sở Du lịch",
                    "Sở Xây dựng",
                    "Biển chỉ dẫn",
                    "Năm 2027",
                ),
            ],
        ),
        (
            "B. Đào tạo nguồn nhân lực",
            [
                (
                    "Tổ chức lớp bồi dưỡng kỹ năng đón tiếp, phục vụ khách cho hộ gia đình làm du lịch",
                    "Sở Du lịch",
                    "Trường Cao đẳng Du lịch Đà Nẵng",
                    "Lớp bồi dưỡng",
                    "Hằng năm",
                ),
                (
                    "Bồi dưỡng ngoại ngữ giao tiếp cho người dân tại các điểm du lịch cộng đồng",
                    "Trường Cao đẳng Du lịch Đà Nẵng",
                    "Ủy ban nhân dân các quận, huyện",
                    "Lớp học",
                    "Thường xuyên",
                ),
                (
                    "Tập huấn nghiệp vụ hướng dẫn viên tại điểm cho thanh niên địa phương",
                    "Thành Đoàn Đà Nẵng",
                    "Sở Du lịch",
                    "Hướng dẫn viên được cấp thẻ",
                    "Quý II/2027",
                ),
            ],
        ),
        (
            "C. Xúc tiến, quảng bá",
            [
                (
                    "Xây dựng bộ nhận diện thương hiệu du lịch cộng đồng Đà Nẵng",
                    "Trung tâm Xúc tiến du lịch",
                    "Các doanh nghiệp lữ hành",
                    "Bộ nhận diện",
                    "Trước ngày 31/12/2026",
                ),
                (
                    "Giới thiệu sản phẩm du lịch cộng đồng tại các hội chợ du lịch trong nước và quốc tế",
                    "Trung tâm Xúc tiến du lịch",
                    "Hiệp hội Du lịch thành phố",
                    "Sự kiện/ấn phẩm",
                    "Hằng năm",
                ),
                (
                    "Xây dựng bản đồ số các điểm du lịch cộng đồng trên ứng dụng du lịch thông minh của thành phố",
                    "Sở Khoa học và Công nghệ",
                    "Sở Du lịch",
                    "Bản đồ số",
                    "Từ tháng 3 đến tháng 9/2027",
                ),
            ],
        ),
    ]
    n = 0
    for heading, tasks in groups:
        rows.append([heading])
        for title, lead, coord, product, when in tasks:
            n += 1
            rows.append([str(n), title, lead, coord, product, when])
    _table(
        d,
        ["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Sản phẩm", "Thời gian thực hiện"],
        rows,
        [1.2, 9.0, 4.0, 5.0, 3.5, 3.5],
        repeat_header=repeat_header,
    )
    for p in d.paragraphs:
        for run in p.runs:
            run.font.size = Pt(13)
    return _save(d)


def schedule_xlsx() -> bytes:
    """The same schedule as an Excel sheet, the way a department sends it: title rows, merged group rows."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Lich kiem tra"
    ws.append(["SỞ TÀI CHÍNH TỈNH QUẢNG TRỊ"])
    ws.append(["LỊCH KIỂM TRA CÔNG TÁC QUẢN LÝ TÀI CHÍNH, TÀI SẢN CÔNG NĂM 2026"])
    ws.append([])
    ws.append(
        ["STT", "Đơn vị được kiểm tra", "Thời gian kiểm tra", "Đơn vị chủ trì", "Đơn vị phối hợp", "Ghi chú"]
    )
    ws.append(["I", "Các sở, ban, ngành"])
    ws.merge_cells(start_row=ws.max_row, start_column=2, end_row=ws.max_row, end_column=6)
    ws.append([1, "Sở Giáo dục và Đào tạo", "Tháng 3/2026", "Thanh tra Sở", "Phòng Quản lý ngân sách", None])
    ws.append([2, "Sở Y tế", "Tháng 4/2026", "Thanh tra Sở", "Phòng Quản lý ngân sách", None])
    ws.append(
        [
            3,
            "Sở Nông nghiệp và Môi trường",
            "Quý II/2026",
            "Phòng Quản lý giá và công sản",
            "Thanh tra Sở",
            "Kết hợp kiểm tra tài sản công",
        ]
    )
    ws.append(["II", "Ủy ban nhân dân các huyện"])
    ws.merge_cells(start_row=ws.max_row, start_column=2, end_row=ws.max_row, end_column=6)
    ws.append(
        [1, "Ủy ban nhân dân huyện Gio Linh", "Từ tháng 5 đến tháng 6/2026", "Thanh tra Sở", None, None]
    )
    ws.append([2, "Ủy ban nhân dân huyện Cam Lộ", "Tháng 8/2026", "Thanh tra Sở", None, None])
    ws.append(["III", "Đơn vị sự nghiệp công lập (đợt 2)", "Quý IV/2026"])
    ws.append([1, "Trường Cao đẳng Y tế Quảng Trị", "Tháng 10/2026", "Thanh tra Sở", None, None])
    ws.append([2, "Bệnh viện Đa khoa tỉnh", "Tháng 11/2026", "Thanh tra Sở", "Phòng Tài chính đầu tư", None])
    return _save(wb)


def _save(doc) -> bytes:
    import io

    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def print_pdf(docx_bytes: bytes) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "plan.docx"
        src.write_bytes(docx_bytes)
        subprocess.run(
            [
                "soffice",
                "--headless",
                f"-env:UserInstallation=file://{tmp}/lo",
                "--convert-to",
                "pdf",
                "--outdir",
                tmp,
                str(src),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
        return (Path(tmp) / "plan.pdf").read_bytes()


def main() -> int:
    (HERE / "qd-bo-y-te-chuong-trinh-khong-lay-nhiem-2026.docx").write_bytes(ministry_programme_docx())
    (HERE / "kh-so-tai-chinh-quang-tri-kiem-tra-2026.docx").write_bytes(province_schedule_docx())
    (HERE / "lich-kiem-tra-so-tai-chinh-quang-tri-2026.xlsx").write_bytes(schedule_xlsx())
    (HERE / "kh-da-nang-du-lich-cong-dong-2026-2028.pdf").write_bytes(print_pdf(city_plan_docx()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
