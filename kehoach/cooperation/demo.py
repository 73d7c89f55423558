"""Demo register: activities from the cooperation plan, three agreements (one expiring soon), four events."""

from __future__ import annotations

import datetime as dt

from kehoach.accounts.models import User
from kehoach.core.text import name_key
from kehoach.organizations.models import Country, Organization
from kehoach.organizations.services import partner_get_or_create

from .choices import AgreementKind, AgreementStatus, EventKind
from .models import Agreement, Event
from .services import activities_sync_from_plan, agreement_save, countries_extra_load, event_save


def _org(name: str) -> Organization | None:
    return Organization.objects.filter(name_key=name_key(name)).first()


def populate(*, stdout, plans, today: dt.date) -> None:
    added = countries_extra_load()
    coordinator = User.objects.filter(role="coordinator").order_by("id").first()
    activities = activities_sync_from_plan(plan=plans[1], actor=None) if len(plans) > 1 and plans[1] else []
    heritage, cinema = _org("Cục Di sản văn hóa"), _org("Cục Điện ảnh")
    icom = _org("ICOM") or partner_get_or_create(name="ICOM")
    korea, france, japan = (Country.objects.filter(code=c).first() for c in ("KR", "FR", "JP"))
    kr_partner = partner_get_or_create(name="Hàn Quốc")
    fr_partner = partner_get_or_create(name="Pháp")
    agreements = [
        {"title": "Bản ghi nhớ hợp tác về bảo tàng học giữa Cục Di sản văn hóa và ICOM", "kind": AgreementKind.MOU,
         "partners": [icom], "units": [u for u in [heritage] if u], "owner_unit": heritage,
         "signed_on": today - dt.timedelta(days=3 * 365), "expires_on": today + dt.timedelta(days=20),
         "status": AgreementStatus.SIGNED},
        {"title": "Chương trình hợp tác văn hóa Việt Nam – Hàn Quốc giai đoạn 2024–2027",
         "kind": AgreementKind.PROGRAMME, "partners": [kr_partner], "units": [], "owner_unit": None,
         "signed_on": dt.date(2024, 3, 15), "expires_on": dt.date(2027, 12, 31), "status": AgreementStatus.SIGNED},
        {"title": "Thỏa thuận hợp tác điện ảnh với Trung tâm Điện ảnh Quốc gia Pháp",
         "kind": AgreementKind.ARRANGEMENT, "partners": [fr_partner], "units": [u for u in [cinema] if u],
         "owner_unit": cinema, "signed_on": None, "expires_on": None, "status": AgreementStatus.DRAFTING},
    ]
    events = [
        {"title": "Ngày Văn hóa Việt Nam tại Hàn Quốc", "kind": EventKind.CULTURE_DAYS, "place": "Seoul",
         "country": korea, "start_date": today + dt.timedelta(days=12), "end_date": today + dt.timedelta(days=14)},
        {"title": "Tuần Văn hóa Việt Nam tại Pháp", "kind": EventKind.CULTURE_WEEK, "place": "Paris",
         "country": france, "start_date": today + dt.timedelta(days=40), "end_date": today + dt.timedelta(days=46)},
        {"title": "Liên hoan phim quốc tế Hà Nội", "kind": EventKind.FESTIVAL, "place": "Hà Nội", "country": None,
         "start_date": today + dt.timedelta(days=5), "end_date": today + dt.timedelta(days=9)},
        {"title": "Khu trưng bày Việt Nam tại EXPO Osaka", "kind": EventKind.EXPO, "place": "Osaka",
         "country": japan, "start_date": today - dt.timedelta(days=20), "end_date": today + dt.timedelta(days=2)},
    ]
    made = 0
    if coordinator is not None:
        for data in agreements:
            if not Agreement.objects.filter(title=data["title"]).exists():
                agreement_save(actor=coordinator, data=data)
                made += 1
        for data in events:
            if not Event.objects.filter(title=data["title"]).exists():
                event_save(actor=coordinator, data={**data, "units": [u for u in [cinema] if u and "phim" in
                                                                        data["title"]]})
                made += 1
    stdout.write(f"Hợp tác quốc tế: {len(activities)} hoạt động, {made} văn kiện/sự kiện mới, "
                 f"{added} quốc gia bổ sung.")
