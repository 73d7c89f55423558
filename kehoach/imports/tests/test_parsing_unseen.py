"""Plans the parser has never seen: a provincial plan, Markdown, other encodings and Unicode forms."""

from __future__ import annotations

import codecs
import unicodedata

from kehoach.imports.parsing import UnitRegistry, parse_document

PROVINCIAL = """\
ỦY BAN NHÂN DÂN
TỈNH QUẢNG NAM
Số: 125/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Quảng Nam, ngày 15 tháng 3 năm 2026

KẾ HOẠCH
Chuyển đổi số trong lĩnh vực văn hóa, thể thao và du lịch
tỉnh Quảng Nam giai đoạn 2026-2030

Căn cứ Quyết định số 749/QĐ-TTg ngày 03 tháng 6 năm 2020 của Thủ tướng Chính phủ phê duyệt Chương trình
Chuyển đổi số quốc gia;
Căn cứ Nghị quyết số 12/NQ-HĐND ngày 10/12/2025 của Hội đồng nhân dân tỉnh;
Ủy ban nhân dân tỉnh Quảng Nam ban hành Kế hoạch như sau:

I. CHỈ TIÊU
STT Chỉ tiêu Đơn vị tính Năm 2026 Năm 2030
1 Di tích được số hóa % 30 80
2 Thư viện có dữ liệu số % 40 100

II. NHIỆM VỤ
TT Nội dung nhiệm vụ Cơ quan chủ trì Cơ quan phối hợp Thời hạn
I. NHIỆM VỤ CHUNG
1.1 Xây dựng kế hoạch chuyển đổi số của ngành văn hóa, thể
thao và du lịch tỉnh
Sở Văn hóa, Thể thao và Du lịch Sở Thông tin và Truyền thông Quý II/2026
1.2 Số hóa hồ sơ di tích cấp quốc gia trên địa bàn tỉnh Ban Quản lý Di sản văn hóa Hội An UBND các huyện, thị
xã, thành phố
2026-2028
II. NHIỆM VỤ CỤ THỂ
2.1 Xây dựng cơ sở dữ liệu lễ hội truyền thống Sở Văn hóa, Thể thao và Du lịch Các đơn vị liên quan Trước 30/11/2026
2.2 Tổ chức tập huấn kỹ năng số cho cán bộ thư viện Thư viện tỉnh Sở Nội vụ 6 tháng đầu năm 2027

III. TỔ CHỨC THỰC HIỆN
1. Giao Sở Văn hóa, Thể thao và Du lịch chủ trì, theo dõi việc thực hiện Kế hoạch.
2. Sở Tài chính thẩm định dự toán kinh phí thực hiện.
3. Định kỳ trước ngày 15/6 và 01/12 hằng năm, các đơn vị báo cáo kết quả gửi Sở Văn hóa, Thể thao và Du lịch
để tổng hợp, báo cáo Ủy ban nhân dân tỉnh.

Nơi nhận:
- Như trên;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH


Trần Văn Tân
"""


def _parse(text: str, name: str = "plan.txt", **kw):
    return parse_document(text.encode("utf-8"), name, **kw)


def test_provincial_plan_facts_and_tasks():
    plan = _parse(PROVINCIAL).to_dict()
    doc = plan["document"]
    assert doc["kind"] == "plan"
    assert doc["issuer"] == "Ủy ban nhân dân tỉnh Quảng Nam"
    assert doc["number"] == "125/KH-UBND"
    assert doc["issued_on"] == "2026-03-15"
    assert (
        doc["title"]
        == "Chuyển đổi số trong lĩnh vực văn hóa, thể thao và du lịch tỉnh Quảng Nam giai đoạn 2026-2030"
    )
    assert doc["period"] == {"start": 2026, "end": 2030}
    assert doc["legal_bases"] == [
        {"number": "749/QĐ-TTg", "date": "2020-06-03"},
        {"number": "12/NQ-HĐND", "date": "2025-12-10"},
    ]
    assert doc["signer"] == "Trần Văn Tân"
    assert doc["signer_title"] == "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"
    assert [(r["month"], r["day"]) for r in doc["report_schedule"]] == [(6, 15), (12, 1)]
    assert doc["report_schedule"][0]["text"] == "trước ngày 15/6 và 01/12 hằng năm"
    assert doc["report_due"] == "12-01"
    assert doc["coordinator"] == "Sở Văn hóa, Thể thao và Du lịch"
    assert doc["finance_unit"] == "Sở Tài chính"
    tasks = {(t["group"], t["ref"]): t for t in plan["tasks"]}
    assert list(tasks) == [
        ("I. NHIỆM VỤ CHUNG", "1.1"),
        ("I. NHIỆM VỤ CHUNG", "1.2"),
        ("II. NHIỆM VỤ CỤ THỂ", "2.1"),
        ("II. NHIỆM VỤ CỤ THỂ", "2.2"),
    ]
    t = tasks["I. NHIỆM VỤ CHUNG", "1.1"]
    assert t["title"] == "Xây dựng kế hoạch chuyển đổi số của ngành văn hóa, thể thao và du lịch tỉnh"
    assert t["lead"] == ["Sở Văn hóa, Thể thao và Du lịch"]
    assert t["coordinating"] == ["Sở Thông tin và Truyền thông"]
    assert t["timeframe"]["kind"] == "quarter" and t["timeframe"]["start"] == "2026-04-01"
    t = tasks["I. NHIỆM VỤ CHUNG", "1.2"]
    assert t["lead"] == ["Ban Quản lý Di sản văn hóa Hội An"]
    assert t["coordinating"] == ["UBND các huyện, thị xã, thành phố"]
    assert t["timeframe"]["kind"] == "range"
    t = tasks["II. NHIỆM VỤ CỤ THỂ", "2.1"]
    assert t["timeframe"] == {
        "raw": "Trước 30/11/2026",
        "kind": "deadline",
        "start": None,
        "end": "2026-11-30",
    }
    assert t["coordinating"] == ["Các đơn vị liên quan"]
    t = tasks["II. NHIỆM VỤ CỤ THỂ", "2.2"]
    assert t["lead"] == ["Thư viện tỉnh"] and t["coordinating"] == ["Sở Nội vụ"]
    assert t["timeframe"]["kind"] == "range" and t["timeframe"]["end"] == "2027-06-30"


def test_registry_flags_unknown_units_in_unseen_plan():
    reg = UnitRegistry(["Sở Văn hóa, Thể thao và Du lịch", "Sở Thông tin và Truyền thông"])
    plan = _parse(PROVINCIAL, registry=reg)
    assert plan.tasks[0].flags == []
    assert "unknown_unit" in plan.tasks[1].flags


MARKDOWN = """\
# KẾ HOẠCH
Tổ chức các sự kiện văn hóa năm 2026

| STT | Tên nhiệm vụ | Đơn vị chủ trì | Đơn vị phối hợp | Sản phẩm/Kết quả | Tiến độ |
|---|---|---|---|---|---|
| **A.** | **Sự kiện trong nước** | | | | |
| 1 | Tổ chức Ngày hội văn hóa | Cục Văn hóa cơ sở, Gia đình và Thư viện | Các địa phương | Sự kiện | Tháng 9/2026 |
| 2 | Liên hoan phim | Cục Điện ảnh | Các Hãng phim và các đơn vị liên quan | Sự kiện, báo cáo | Quý IV/2026 |
"""


def test_markdown_pipe_table():
    plan = _parse(MARKDOWN, "plan.md")
    assert plan.format == "md"
    assert [(t.group, t.ref) for t in plan.tasks] == [
        ("A. Sự kiện trong nước", "1"),
        ("A. Sự kiện trong nước", "2"),
    ]
    t = plan.tasks[1]
    assert t.coordinating == ["Các Hãng phim", "Các đơn vị liên quan"]
    assert t.products == ["Sự kiện", "Báo cáo"]
    assert plan.title == "Tổ chức các sự kiện văn hóa năm 2026"
    assert t.timeframe["end"] == "2026-12-31"
    assert plan.tasks[0].lead == ["Cục Văn hóa cơ sở, Gia đình và Thư viện"]


def _cp1258(text: str) -> bytes:
    """Windows-1258 writes tone marks as separate combining characters."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize(
                "NFC", "".join(c for c in parts if c not in "\u0300\u0301\u0303\u0309\u0323")
            )
            out += base.encode("cp1258") + "".join(
                c for c in parts if c in "\u0300\u0301\u0303\u0309\u0323"
            ).encode("cp1258")
    return bytes(out)


def _expected_core():
    plan = _parse(PROVINCIAL)
    return plan.to_gold()


def test_cp1258_utf16_bom_and_nfd_read_the_same():
    expected = _expected_core()
    variants = {
        "cp1258": _cp1258(PROVINCIAL),
        "utf-16": codecs.BOM_UTF16_LE + PROVINCIAL.encode("utf-16-le"),
        "utf-16-be-no-bom": PROVINCIAL.encode("utf-16-be"),
        "utf-8-bom": codecs.BOM_UTF8 + PROVINCIAL.encode("utf-8"),
        "nfd": unicodedata.normalize("NFD", PROVINCIAL).encode("utf-8"),
    }
    for name, data in variants.items():
        assert parse_document(data, "plan.txt").to_gold() == expected, name


def test_old_tone_placement_still_matches_units():
    text = PROVINCIAL.replace("Văn hóa", "Văn hoá")
    plan = _parse(text, registry=UnitRegistry(["Sở Văn hóa, Thể thao và Du lịch"]))
    assert plan.tasks[0].lead == ["Sở Văn hóa, Thể thao và Du lịch"]


def test_tab_separated_table_copied_from_word():
    text = (
        "KẾ HOẠCH\nTruyền thông về du lịch năm 2026\n\n"
        "STT\tNhiệm vụ\tĐơn vị thực hiện\tKết quả\tThời gian hoàn thành\n"
        "1\tQuảng bá điểm đến\tCục Du lịch Quốc gia Việt Nam\tSự kiện\tHàng quý\n"
        "2\tKhảo sát khách quốc tế\tViện Văn hóa, Nghệ thuật, Thể thao và Du lịch Việt Nam\tBáo cáo\t30/11/2026\n"
    )
    plan = _parse(text)
    assert [t.lead for t in plan.tasks] == [
        ["Cục Du lịch Quốc gia Việt Nam"],
        ["Viện Văn hóa, Nghệ thuật, Thể thao và Du lịch Việt Nam"],
    ]
    assert plan.tasks[0].timeframe["kind"] == "other"  # "Hàng quý" is not a dated kind in shape v2
    assert plan.title == "Truyền thông về du lịch năm 2026"


def test_lower_case_titles_and_missing_cells():
    text = (
        "TT Nhiệm vụ Đơn vị chủ trì Thời gian thực hiện\n"
        "1. xây dựng đề án số hóa Cục Hợp tác quốc tế 2026\n"
        "2. tổ chức hội thảo quốc tế\n"
    )
    tasks = _parse(text).tasks
    assert tasks[0].title == "xây dựng đề án số hóa" and tasks[0].lead == ["Cục Hợp tác quốc tế"]
    assert tasks[1].title == "tổ chức hội thảo quốc tế" and tasks[1].flags == ["no_lead"]


# Flattened PDF text like the seeds, from another ministry, with the products column last.
JUSTICE = """\
BỘ TƯ PHÁP
KẾ HOẠCH
Triển khai công tác phổ biến, giáo dục pháp luật năm 2026

STT Nội dung Cơ quan chủ trì Cơ quan phối hợp Thời gian hoàn thành Kết quả
1 Xây dựng và ban hành kế hoạch phổ biến

pháp luật cho cán bộ, công chức

Vụ Phổ biến, giáo dục

pháp luật

Văn phòng Bộ, Vụ Tổ

chức cán bộ

Quý I/2026 Kế hoạch

2 Tổ chức hội nghị tập huấn nghiệp vụ Cục Công tác phía Nam Sở Tư pháp các tỉnh,

thành phố

Tháng 6/2026 Hội nghị,

báo cáo

3 Biên soạn tài liệu hỏi đáp pháp luật

về hòa giải ở cơ sở cho người dân

vùng dân tộc thiểu số

Nhà xuất bản Tư pháp Vụ Phổ biến, giáo dục

pháp luật và các đơn vị

liên quan

Hằng năm Tài liệu

4 Cập nhật cơ sở dữ liệu văn bản pháp luật Trung tâm Thông tin Các đơn vị thuộc Bộ Thường xuyên Cơ sở dữ liệu
"""


def test_flattened_table_of_another_ministry():
    plan = _parse(JUSTICE)
    assert plan.issuer == "Bộ Tư pháp"
    assert plan.title == "Triển khai công tác phổ biến, giáo dục pháp luật năm 2026"
    rows = [(t.ref, t.title, t.lead, t.coordinating, t.timeframe["raw"], t.products) for t in plan.tasks]
    assert rows == [
        (
            "1",
            "Xây dựng và ban hành kế hoạch phổ biến pháp luật cho cán bộ, công chức",
            ["Vụ Phổ biến, giáo dục pháp luật"],
            ["Văn phòng Bộ", "Vụ Tổ chức cán bộ"],
            "Quý I/2026",
            ["Kế hoạch"],
        ),
        (
            "2",
            "Tổ chức hội nghị tập huấn nghiệp vụ",
            ["Cục Công tác phía Nam"],
            ["Sở Tư pháp các tỉnh, thành phố"],
            "Tháng 6/2026",
            ["Hội nghị", "Báo cáo"],
        ),
        (
            "3",
            "Biên soạn tài liệu hỏi đáp pháp luật về hòa giải ở cơ sở cho người dân vùng dân tộc thiểu số",
            ["Nhà xuất bản Tư pháp"],
            ["Vụ Phổ biến, giáo dục pháp luật", "Các đơn vị liên quan"],
            "Hằng năm",
            ["Tài liệu"],
        ),
        (
            "4",
            "Cập nhật cơ sở dữ liệu văn bản pháp luật",
            ["Trung tâm Thông tin"],
            ["Các đơn vị thuộc Bộ"],
            "Thường xuyên",
            ["Cơ sở dữ liệu"],
        ),
    ]
