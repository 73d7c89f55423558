"""The consolidated report a clerk does not retouch: each task's wording edited and saved with the draft,
addressees and Nơi nhận per document, the signer picked from the coordinating unit's signers with the right
authority mark."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kehoach.documents import selectors, services
from kehoach.documents.choices import DocumentKind
from kehoach.documents.models import ConsolidationDraft
from kehoach.documents.render.readback import full_text, open_docx
from kehoach.plans.selectors import current_tasks

pytestmark = pytest.mark.django_db


def _text(period, actor) -> str:
    document = services.period_document_request(actor=actor, period=period, kind=DocumentKind.CONSOLIDATED_REPORT,
                                                enqueue=False)
    document = services.document_generate(document_id=document.pk)
    with document.file.open("rb") as fh:
        return full_text(open_docx(fh.read()))


def test_authority_marks_are_checked(personas):
    org = personas.coordinator.unit
    with pytest.raises(ValidationError) as err:
        services.signature_profile_set(actor=None, organization=org, authority="", title="Phó Cục trưởng", name="A")
    assert "KT." in err.value.message_dict["authority"][0]
    with pytest.raises(ValidationError) as err:
        services.signature_profile_set(actor=None, organization=org, authority="THAY CỤC TRƯỞNG", title="X", name="A")
    assert "TM., KT., TL., TUQ. hoặc Q." in err.value.message_dict["authority"][0]
    assert not org.signature_profiles.exists()


def test_signer_wording_and_addressees_chosen_for_the_document(client, period, personas):
    org = personas.coordinator.unit
    services.signature_profile_set(actor=None, organization=org, authority="", title="CỤC TRƯỞNG",
                                   name="Nguyễn Văn Hùng")
    deputy = services.signature_profile_set(actor=None, organization=org, authority="KT. CỤC TRƯỞNG",
                                            title="PHÓ CỤC TRƯỞNG", name="Trần Thị Mai", is_default=False)
    first = list(current_tasks(period.plan))[0]
    client.force_login(personas.coordinator)
    url = reverse("documents:period_consolidated", args=[period.pk])
    page = client.get(url).content.decode()
    # Each task's wording is prefilled from the accepted entry, and shown beside it as source.
    assert "Đã tổ chức 3 hội nghị quán triệt." in page and f'name="task-{first.lineage}"' in page
    assert "KT. CỤC TRƯỞNG — PHÓ CỤC TRƯỞNG — Trần Thị Mai" in page
    response = client.post(url, {"grouping": "group", "kinh_gui": "Lãnh đạo Bộ\nBộ Ngoại giao",
                                 "recipients": "Như trên\nBộ trưởng (để báo cáo)", "signer": deputy.pk,
                                 "difficulties": "", "proposals": "",
                                 f"task-{first.lineage}": "Tổ chức 3 hội nghị quán triệt tại Hà Nội, Huế và TP.HCM."})
    assert response.status_code == 302
    draft = ConsolidationDraft.objects.get(period=period)
    assert draft.signer == deputy and draft.task_texts[str(first.lineage)].startswith("Tổ chức 3 hội nghị")
    text = _text(period, personas.coordinator)
    assert "Tổ chức 3 hội nghị quán triệt tại Hà Nội, Huế và TP.HCM." in text
    assert "Trần Thị Mai" in text and "KT. CỤC TRƯỞNG" in text and "Nguyễn Văn Hùng" not in text
    noi_nhan = text.split("Nơi nhận:", 1)[1]
    assert "Bộ trưởng (để báo cáo)" in noi_nhan
    assert selectors.period_urging_spec(period).signer.name == "Trần Thị Mai"  # the period's letters too
    assert "Bộ Ngoại giao" in text.split("Nơi nhận:", 1)[0]
    # A signer of another organisation is refused, naming the field; nothing changes.
    other = services.signature_profile_set(actor=None, organization=personas.unit_a, title="CỤC TRƯỞNG", name="X")
    response = client.post(url, {"grouping": "group", "signer": other.pk, "kinh_gui": "", "recipients": "",
                                 "difficulties": "", "proposals": ""})
    assert response.status_code == 200 and "Người ký không có trong danh sách" in response.content.decode()
    assert ConsolidationDraft.objects.get(period=period).signer == deputy


def test_default_addressees_come_from_the_plan_text():
    from kehoach.documents.specs.addressees import addressees_from_text

    text = ("Định kỳ báo cáo tình hình thực hiện các nhiệm vụ tại Kế hoạch này gửi Cục Hợp tác quốc tế\n"
            "(trước ngày 30 tháng 11 hàng năm) hoặc khi có yêu cầu để tổng hợp, báo cáo\n"
            "Lãnh đạo Bộ và gửi Bộ Ngoại giao.")
    assert addressees_from_text(text) == ["Lãnh đạo Bộ", "Bộ Ngoại giao"]
    assert addressees_from_text("… để tổng hợp, báo cáo Thủ tướng Chính phủ và gửi Bộ Kế hoạch và Đầu tư;") == [
        "Thủ tướng Chính phủ", "Bộ Kế hoạch và Đầu tư"]
    assert addressees_from_text("Không có câu nào như vậy.") == []
    assert selectors.recipients_for(["Lãnh đạo Bộ", "Bộ Ngoại giao"]) == [
        "Lãnh đạo Bộ (để báo cáo)", "Bộ Ngoại giao", "Văn phòng Bộ"]


def test_addressees_chosen_for_a_plan_carry_over_to_its_next_report(client, period, personas):
    import datetime as dt

    from kehoach.reporting.models import ReportingPeriod

    services.consolidation_draft_save(actor=personas.coordinator, plan=period.plan, period_id=period.pk,
                                      kinh_gui="Bộ trưởng\nBộ Ngoại giao", recipients="Như trên\nVăn phòng Bộ")
    later = ReportingPeriod.objects.create(plan=period.plan, year=2026, label="năm 2026",
                                           opens_on=dt.date(2026, 11, 1), cutoff=dt.date(2026, 11, 15),
                                           deadline=dt.date(2026, 11, 30))
    client.force_login(personas.coordinator)
    page = client.get(reverse("documents:period_consolidated", args=[later.pk])).content.decode()
    assert "Bộ trưởng\nBộ Ngoại giao</textarea>" in page
    inputs = selectors.period_inputs(period.plan, later.pk)
    assert inputs.kinh_gui == ["Bộ trưởng", "Bộ Ngoại giao"] and inputs.recipients == ["Như trên", "Văn phòng Bộ"]
