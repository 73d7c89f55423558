"""Timeframe vocabulary and the splitting of unit, partner and product cells."""

from __future__ import annotations

import pytest

from kehoach.imports.parsing import UnitRegistry
from kehoach.imports.parsing.timeframe import parse_timeframe
from kehoach.imports.parsing.units import split_partners, split_products, split_units


@pytest.mark.parametrize(
    ("raw", "kind", "start", "end"),
    [
        ("Thường xuyên", "continuous", None, None),
        ("Hàng năm", "annual", None, None),
        ("Hằng năm", "annual", None, None),
        ("Hàng quý", "other", None, None),
        ("Thường xuyên trong năm", "continuous", None, None),
        ("Thực hiện thường xuyên.", "continuous", None, None),
        ("Thực hiện thường xuyên, riêng việc báo cáo hoàn thành trong quý II/2026", "continuous", None, None),
        ("Hằng năm, thường xuyên", "other", None, None),
        ("Cả năm 2015.", "year", "2015-01-01", "2015-12-31"),
        ("trong năm 2013", "year", "2013-01-01", "2013-12-31"),
        ("Năm 2026 - 2028", "range", "2026-01-01", "2028-12-31"),
        ("Quý II, III/2015", "range", "2015-04-01", "2015-09-30"),
        ("Quý II và III/2015", "range", "2015-04-01", "2015-09-30"),
        ("Từ quý III/2026 đến quý III/2030", "range", "2026-07-01", "2030-09-30"),
        ("Từ tháng 3 đến tháng 9/2026", "range", "2026-03-01", "2026-09-30"),
        ("Tháng 11, 12/2013", "range", "2013-11-01", "2013-12-31"),
        ("Ngày 09/11/2015", "range", "2015-11-09", "2015-11-09"),
        ("Hoàn thành trong quý III/2020.", "quarter", "2020-07-01", "2020-09-30"),
        ("Trước ngày 30/9/2025", "deadline", None, "2025-09-30"),
        ("Trước tháng 6/2026", "deadline", None, "2026-06-30"),
        ("Chậm nhất ngày 15 tháng 01 năm 2026", "deadline", None, "2026-01-15"),
        ("Từ quý II/2027", "other", None, None),
        ("Đã hoàn thành", "other", None, None),
        ("Tháng 12", "other", None, None),
        ("Ban hành kế hoạch chậm nhất là ngày 15/01/2026 và tổ chức thực hiện", "other", None, None),
        ("Trước ngày 05 của tháng liền kề", "other", None, None),
        ("2025", "year", "2025-01-01", "2025-12-31"),
        ("năm 2025", "year", "2025-01-01", "2025-12-31"),
        ("2025-2030", "range", "2025-01-01", "2030-12-31"),
        ("2025 – 2030", "range", "2025-01-01", "2030-12-31"),
        ("giai đoạn 2025-2030", "range", "2025-01-01", "2030-12-31"),
        ("Tháng 5/2021", "month", "2021-05-01", "2021-05-31"),
        ("5/2021", "month", "2021-05-01", "2021-05-31"),
        ("6/2025", "month", "2025-06-01", "2025-06-30"),
        ("Tháng 2/2024", "month", "2024-02-01", "2024-02-29"),
        ("Quý III/2022", "quarter", "2022-07-01", "2022-09-30"),
        ("Quý 1/2023", "quarter", "2023-01-01", "2023-03-31"),
        ("6 tháng đầu năm 2026", "range", "2026-01-01", "2026-06-30"),
        ("6 tháng cuối năm 2026", "range", "2026-07-01", "2026-12-31"),
        ("Trước 30/11/2025", "deadline", None, "2025-11-30"),
        ("trước ngày 30/11/2025", "deadline", None, "2025-11-30"),
        ("30/11/2025", "range", "2025-11-30", "2025-11-30"),
        ("Theo kế hoạch đề ra", "as_planned", None, None),
        ("Theo định kỳ của Triển lãm Thế giới", "other", None, None),
    ],
)
def test_timeframes(raw, kind, start, end):
    tf = parse_timeframe(raw)
    assert (tf["raw"], tf["kind"], tf["start"], tf["end"]) == (raw, kind, start, end)


def test_timeframe_decomposed_and_empty():
    import unicodedata

    assert parse_timeframe(unicodedata.normalize("NFD", "Thường xuyên"))["kind"] == "continuous"
    assert parse_timeframe("") == {"raw": None, "kind": "other", "start": None, "end": None}
    assert parse_timeframe("Quý V/2022")["kind"] == "other"


@pytest.mark.parametrize(
    ("cell", "units"),
    [
        ("Vụ Kế hoạch, Tài chính, Cục Hợp tác quốc tế", ["Vụ Kế hoạch, Tài chính", "Cục Hợp tác quốc tế"]),
        (
            "Cục Báo chí, Cục Phát thanh, Truyền hình và Thông tin điện tử và các đơn vị liên quan",
            ["Cục Báo chí", "Cục Phát thanh, Truyền hình và Thông tin điện tử", "Các đơn vị liên quan"],
        ),
        (
            "Viện Văn hóa, Nghệ thuật, Thể thao và Du lịch Việt Nam; Cục Văn hóa cơ sở, Gia đình và Thư viện",
            [
                "Viện Văn hóa, Nghệ thuật, Thể thao và Du lịch Việt Nam",
                "Cục Văn hóa cơ sở, Gia đình và Thư viện",
            ],
        ),
        (
            "Cục Di sản văn hóa, các bảo tàng, Ban Quản lý các khu di tích, di sản thế giới",
            ["Cục Di sản văn hóa", "Các bảo tàng", "Ban Quản lý các khu di tích, di sản thế giới"],
        ),
        ("Các Hãng phim và các đơn vị liên quan", ["Các Hãng phim", "Các đơn vị liên quan"]),
        ("Bộ Kế hoạch và Đầu tư", ["Bộ Kế hoạch và Đầu tư"]),
        ("UBND các huyện, thị xã, thành phố", ["UBND các huyện, thị xã, thành phố"]),
        (
            "Sở Văn hóa, Thể thao và Du lịch; Sở Tài chính",
            ["Sở Văn hóa, Thể thao và Du lịch", "Sở Tài chính"],
        ),
        ("", []),
    ],
)
def test_split_units(cell, units):
    assert split_units(cell) == units


def test_registry_keeps_known_names_and_canonicalises():
    reg = UnitRegistry(
        ["Ban Quản lý dự án, Quỹ", "Cục Hợp tác quốc tế"], aliases={"HTQT": "Cục Hợp tác quốc tế"}
    )
    assert reg.match("cục hợp tác quốc tế") == "Cục Hợp tác quốc tế"
    assert reg.match("HTQT") == "Cục Hợp tác quốc tế"
    assert reg.is_known("Cục Hợp tác quốc tế") and not reg.is_known("Cục X")
    assert split_units("Ban Quản lý dự án, Quỹ, Cục Hợp tác quốc tế", reg) == [
        "Ban Quản lý dự án, Quỹ",
        "Cục Hợp tác quốc tế",
    ]
    assert split_units("Cục hợp tác quốc tế", reg) == ["Cục Hợp tác quốc tế"]


def test_partners_and_products():
    assert split_partners("Colombia, Hàn Quốc, Úc") == ["Colombia", "Hàn Quốc", "Úc"]
    assert split_partners("Các tổ chức khu vực, quốc tế") == ["Các tổ chức khu vực, quốc tế"]
    assert split_products("Biện pháp, báo cáo") == ["Biện pháp", "Báo cáo"]
    assert split_products("Báo cáo/ Nghiên cứu/ Đề án") == ["Báo cáo", "Nghiên cứu", "Đề án"]


@pytest.mark.parametrize(
    ("cell", "units"),
    [
        # A second body's name starting without a comma.
        (
            "Bộ Thông tin và Truyền thông Bộ Khoa học và Công nghệ",
            ["Bộ Thông tin và Truyền thông", "Bộ Khoa học và Công nghệ"],
        ),
        ("Các Bộ, ngành Ủy ban nhân dân cấp tỉnh", ["Các Bộ, ngành", "Ủy ban nhân dân cấp tỉnh"]),
        # ... but a title and its body, or a name that goes on after a connector, stay one.
        ("Chủ tịch Ủy ban nhân dân các tỉnh, thành phố", ["Chủ tịch Ủy ban nhân dân các tỉnh, thành phố"]),
        (
            "Cục Kế hoạch, Tổng cục Hậu cần - Bộ Công an",
            ["Cục Kế hoạch", "Tổng cục Hậu cần - Bộ Công an"],
        ),
        ("Vụ Pháp chế - Văn phòng Chính phủ", ["Vụ Pháp chế - Văn phòng Chính phủ"]),
        ("Sở Giáo dục và Đào tạo đối với địa phương", ["Sở Giáo dục và Đào tạo đối với địa phương"]),
        # A group word in lower case after a named body starts a unit; inside a group it goes on.
        ("Sở Tài chính, cơ quan, đơn vị liên quan", ["Sở Tài chính", "Cơ quan, đơn vị liên quan"]),
        ("Sở Xây dựng cơ quan, đơn vị liên quan", ["Sở Xây dựng", "Cơ quan, đơn vị liên quan"]),
        (
            "Các cơ quan, tổ chức, đơn vị khác có liên quan",
            ["Các cơ quan, tổ chức, đơn vị khác có liên quan"],
        ),
        ("Các cơ quan có liên quan, cơ sở đào tạo", ["Các cơ quan có liên quan", "Cơ sở đào tạo"]),
        ("Hội Nông dân tỉnh và địa phương", ["Hội Nông dân tỉnh", "Địa phương"]),
        ("Các sở, ngành, địa phương và đơn vị", ["Các sở, ngành, địa phương và đơn vị"]),
        ("Hội Liên hiệp Phụ nữ cùng cấp", ["Hội Liên hiệp Phụ nữ cùng cấp"]),
        # Bullets in one cell, hyphens inside names.
        (
            "- Vụ Tổng hợp - Cục Thống kê - Các đơn vị liên quan",
            ["Vụ Tổng hợp", "Cục Thống kê", "Các đơn vị liên quan"],
        ),
        (
            "Vụ Tổng hợp - kinh tế, Vụ Tổ chức cán bộ",
            ["Vụ Tổng hợp - kinh tế", "Vụ Tổ chức cán bộ"],
        ),
        # What a unit does is not its name.
        ("Sở Xây dựng trình Ủy ban nhân dân tỉnh", ["Sở Xây dựng"]),
        ("Đơn vị, địa phương có liên quan tham mưu thực hiện.", ["Đơn vị, địa phương có liên quan"]),
    ],
)
def test_split_units_without_separators_and_with_verbs(cell, units):
    assert split_units(cell) == units


def test_units_the_document_names_alone_split_a_glued_group():
    assert split_units("Sở Xây dựng cơ quan liên quan", lexicon=frozenset({"sở xây dựng"})) == [
        "Sở Xây dựng",
        "Cơ quan liên quan",
    ]


@pytest.mark.parametrize(
    ("text", "lead", "coordinating"),
    [
        (
            "Sở Tài chính chủ trì, phối hợp với Sở Nội vụ; các sở, ngành",
            "Sở Tài chính",
            "Sở Nội vụ; các sở, ngành",
        ),
        ("Sở Tài chính chủ trì; Sở Nội vụ, Sở Tư pháp phối hợp", "Sở Tài chính", "Sở Nội vụ, Sở Tư pháp"),
        ("Sở Tài chính (chủ trì), Sở Nội vụ (phối hợp)", "Sở Tài chính", "Sở Nội vụ"),
        ("Sở Tài chính chủ trì thực hiện", "Sở Tài chính", ""),
        ("Sở Tài chính", "Sở Tài chính", ""),
    ],
)
def test_split_assignment(text, lead, coordinating):
    from kehoach.imports.parsing.units import split_assignment

    assert split_assignment(text) == (lead, coordinating)


def test_sentences_are_not_units():
    from kehoach.imports.parsing.units import looks_like_sentence

    assert looks_like_sentence("Theo phân công tại Quyết định số 12/QĐ-UBND")
    assert looks_like_sentence("Căn cứ chức năng, nhiệm vụ được giao")
    assert not looks_like_sentence("Các đơn vị được giao nhiệm vụ")
    assert not looks_like_sentence("Sở Văn hóa, Thể thao và Du lịch")


def test_products_are_cut_at_separators_only():
    assert split_products("Đề án/kế hoạch; Báo cáo") == ["Đề án", "Kế hoạch", "Báo cáo"]
    assert split_products("Quyết định số 12/2026/QĐ-UBND") == ["Quyết định số 12/2026/QĐ-UBND"]


@pytest.mark.parametrize(
    ("label", "roles"),
    [
        ("Đơn vị chủ trì", ["lead"]),
        ("Cơ quan thực hiện", ["lead"]),
        ("Cơ quan chủ trì, phối hợp", ["lead", "coordinating"]),
        ("Thời hạn hoàn thành", ["timeframe"]),
        ("Cơ quan theo dõi, đôn đốc", ["monitoring"]),
        ("Nội dung, biện pháp", ["content"]),
        ("Tổ chức triển khai thực hiện", None),
        ("Giao Sở Tài chính", None),
    ],
)
def test_label_roles(label, roles):
    from kehoach.imports.parsing.columns import label_roles

    assert label_roles(label) == roles


@pytest.mark.parametrize(
    ("line", "pieces"),
    [
        (
            "2. Phát triển dịch vụ công 2.1. Rà soát thủ tục",
            ["2. Phát triển dịch vụ công", "2.1. Rà soát thủ tục"],
        ),
        ("III. TỔ CHỨC THỰC HIỆN 1.", ["III. TỔ CHỨC THỰC HIỆN", "1."]),
        (
            "1.1. Tổ chức hội nghị. 1.2. Nâng cao chất lượng.",
            ["1.1. Tổ chức hội nghị.", "1.2. Nâng cao chất lượng."],
        ),
        (
            "- Cơ quan thực hiện: Sở Tài chính -Thời gian thực hiện: Năm 2026",
            ["- Cơ quan thực hiện: Sở Tài chính", "- Thời gian thực hiện: Năm 2026"],
        ),
        (
            "Đơn vị chủ trì: Sở Nội vụ; đơn vị phối hợp: Sở Tư pháp.",
            ["Đơn vị chủ trì: Sở Nội vụ;", "Đơn vị phối hợp: Sở Tư pháp."],
        ),
        (
            "a) Tổ chức hội nghị (Đơn vị chủ trì: Sở Nội vụ; thời gian: Quý II/2026).",
            ["a) Tổ chức hội nghị", "- Đơn vị chủ trì: Sở Nội vụ", "- Thời gian: Quý II/2026"],
        ),
        ("3. Thời gian thực hiện: Năm 2026.", ["3. Thời gian thực hiện: Năm 2026."]),
        ("1. Thực hiện theo mục 1.1. của Kế hoạch", ["1. Thực hiện theo mục 1.1. của Kế hoạch"]),
    ],
)
def test_copies_that_glued_items_together_are_split_again(line, pieces):
    from kehoach.imports.parsing.cleanup import _split_glued

    assert _split_glued(line) == pieces
