"""The second sample plan becomes the cooperation register; agreements and events keep their rules."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from kehoach.cooperation.models import Activity, Agreement, Event
from kehoach.cooperation.services import activities_sync_from_plan, agreement_save, event_save, record_archive
from kehoach.core.models import AuditEntry
from kehoach.core.testing import tiny_pdf

pytestmark = pytest.mark.django_db


def _by_title(start: str) -> Activity:
    return Activity.objects.prefetch_related("partners", "countries", "units").get(title__startswith=start)


def test_second_sample_plan_gives_sixteen_activities_with_partners_countries_and_funding(coop_plan):
    activities = Activity.objects.filter(plan=coop_plan, is_archived=False)
    assert activities.count() == 16

    first = _by_title("Tổ chức các lớp học đào tạo tại chỗ")
    assert {c.code for c in first.countries.all()} == {"CO", "KR", "AU", "CH"}
    assert {p.name for p in first.partners.all()} == {"Colombia", "Hàn Quốc", "Úc", "Thụy Sỹ"}
    assert "nguồn thu để lại" in first.funding
    assert first.funding_sources == ["sponsorship", "retained"]
    assert [u.name for u in first.units.all()] == ["Trường Cao đẳng Du lịch Hà Nội"]
    assert (first.year_start, first.year_end) == (2021, 2025)

    assert {c.code for c in _by_title("Học hỏi kinh nghiệm xây dựng, quản lý").countries.all()} == {"US", "KR"}
    assert {c.code for c in _by_title("Học hỏi công nghệ 3D VR").countries.all()} == {"FR"}
    alma = _by_title("- Xây dựng cơ sở dữ liệu")
    assert {c.code for c in alma.countries.all()} == {"IT"}
    assert (alma.year_start, alma.year_end) == (2021, 2023)
    assert {c.code for c in _by_title("Tổ chức tập huấn về chuyển đổi số").countries.all()} == {"MY"}
    asean = _by_title("Dự án Lưu trữ kỹ thuật số")
    assert {c.code for c in asean.countries.all()} == {"JP"}
    assert asean.funding_sources == ["sponsorship", "counterpart"]
    icom = _by_title("Công nghệ mới trong trưng bày")
    assert [p.name for p in icom.partners.all()] == ["ICOM"]
    assert "Cục Di sản văn hóa" in {u.name for u in icom.units.all()}


def test_sync_is_idempotent_and_audited_once(coop_plan):
    entries = AuditEntry.objects.filter(action__startswith="activity.").count()
    assert entries == 16
    activities_sync_from_plan(plan=coop_plan, actor=None)
    assert Activity.objects.filter(plan=coop_plan).count() == 16
    assert AuditEntry.objects.filter(action__startswith="activity.").count() == entries


def test_only_the_coordinator_syncs(coop_plan, personas):
    for user in (personas.focal_a, personas.finance, personas.leader, personas.viewer):
        with pytest.raises(PermissionDenied):
            activities_sync_from_plan(plan=coop_plan, actor=user)
    assert len(activities_sync_from_plan(plan=coop_plan, actor=personas.coordinator)) == 16


def test_expiry_before_signature_is_refused_and_nothing_saved(personas):
    with pytest.raises(ValidationError) as exc:
        agreement_save(actor=personas.coordinator, data={
            "title": "MoU", "signed_on": dt.date(2025, 5, 1), "expires_on": dt.date(2025, 4, 30)})
    assert "không được trước ngày ký" in str(exc.value)
    assert Agreement.objects.count() == 0


def test_agreement_file_must_be_pdf_or_docx(personas):
    with pytest.raises(ValidationError):
        agreement_save(actor=personas.coordinator, data={
            "title": "MoU", "file": SimpleUploadedFile("x.exe", b"MZ")})
    assert Agreement.objects.count() == 0
    with pytest.raises(ValidationError) as exc:
        agreement_save(actor=personas.coordinator, data={"title": "MoU", "file": SimpleUploadedFile("x.pdf", b"MZ")})
    assert "không phải PDF/DOCX" in str(exc.value)
    from kehoach.cooperation import models

    big = SimpleUploadedFile("big.pdf", b"%PDF" + b"0" * models.MAX_AGREEMENT_FILE_BYTES)
    with pytest.raises(ValidationError) as exc:
        agreement_save(actor=personas.coordinator, data={"title": "MoU", "file": big})
    assert "quá lớn" in str(exc.value)
    assert Agreement.objects.count() == 0
    ok = agreement_save(actor=personas.coordinator, data={
        "title": "MoU", "file": SimpleUploadedFile("mou.pdf", tiny_pdf())})
    ok = agreement_save(actor=personas.coordinator, agreement=ok, data={"title": "MoU v2", "file": ok.file})
    assert ok.file.name.endswith("mou.pdf")


def test_units_file_for_themselves_only(personas):
    agreement = agreement_save(actor=personas.focal_a, data={"title": "MoU A", "owner_unit": personas.unit_b})
    assert agreement.owner_unit == personas.unit_a
    assert personas.unit_a in agreement.units.all()
    with pytest.raises(PermissionDenied):
        agreement_save(actor=personas.focal_b, agreement=agreement, data={"title": "changed"})
    with pytest.raises(PermissionDenied):
        agreement_save(actor=personas.viewer, data={"title": "x"})
    agreement.refresh_from_db()
    assert agreement.title == "MoU A"


def test_event_end_before_start_and_archive_keeps_row(personas):
    with pytest.raises(ValidationError):
        event_save(actor=personas.coordinator, data={"title": "Tuần Văn hóa", "start_date": dt.date(2026, 5, 3),
                                                     "end_date": dt.date(2026, 5, 1)})
    event = event_save(actor=personas.coordinator, data={"title": "Tuần Văn hóa", "start_date": dt.date(2026, 5, 3)})
    record_archive(obj=event, actor=personas.coordinator)
    assert Event.objects.get(pk=event.pk).is_archived
    assert AuditEntry.objects.filter(action="event.archive", object_id=str(event.pk)).exists()
