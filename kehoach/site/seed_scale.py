"""`kehoach seed-scale`: a ministry's (or a province's) whole portfolio, for benchmarks and load tests.

Writes with bulk inserts (explicit ids, batches) instead of the per-row services, but the rows are the ones the
services would write: names cleaned with their name keys and folded search columns, one lineage per task across
versions, obligations as `reporting.services._desired_obligations` derives them (group expansion, lead wins over
coordinating, only tasks due in the period), one report per owing unit with an entry per task it leads,
transitions, revisions and audit entries for every state change, and task progress taken from the last accepted
report, as `report_accept` sets it. Deterministic for a given seed.

The shape (see `Shape`): `plans` plans of `tasks_per_plan` tasks, plus one plan of `big_plan_tasks` tasks if asked
(the 60,000-row plan the issue measures); `units` ministry units whose share of tasks follows a long tail (Zipf);
`periods` yearly periods per published plan, the last one open with reports in every state, the earlier ones
closed; about 15 % of plans have a second version (an amendment); two users (focal point, head) per unit.

Extending: each step is a method of `Seeder` listed in `Seeder.STEPS`; rows of one plan are generated together
by `_plan_rows` and handed to `Buffer`, which inserts them model by model in dependency order. A new kind of row
(per-unit progress rows, say) is a new list in `Buffer.MODELS` and a few lines in `_period_rows`.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import time
import uuid
from bisect import bisect
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone

from kehoach.accounts.models import User
from kehoach.core.models import AuditEntry
from kehoach.core.text import clean, fold, name_key
from kehoach.organizations.choices import GroupRule, OrgKind
from kehoach.organizations.models import Country, Organization
from kehoach.organizations.services import countries_load, registry_load
from kehoach.plans.choices import UNDATED_KINDS, AssignmentRole, PlanStatus, TaskProgress, VersionSource
from kehoach.plans.models import (
    LegalBasis,
    Plan,
    PlanVersion,
    Product,
    ReportingDeadline,
    Task,
    TaskAssignment,
    TaskPartner,
)
from kehoach.reporting.choices import (
    EntryStatus,
    ObligationRole,
    PeriodKind,
    PeriodState,
    ProgressRule,
    ReportState,
)
from kehoach.reporting.models import (
    CoordinatorInput,
    Obligation,
    ReportingPeriod,
    ReportTransition,
    TaskPeriodProgress,
    TaskReportEntry,
    UnitReport,
    UnitReportRevision,
)
from kehoach.reporting.services.progress import aggregate, progress_following, unit_effective

# The last reporting year: fixed, so that a seed gives the same rows whatever the day it runs.
LAST_YEAR = 2026
PASSWORD = "scale-pass-2026"
COORDINATOR_UNIT = "Cục Hợp tác quốc tế"
FINANCE_UNIT = "Vụ Kế hoạch, Tài chính"

PROVINCES = [
    "Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế", "An Giang", "Bắc Ninh", "Cà Mau",
    "Cao Bằng", "Đắk Lắk", "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai", "Hà Tĩnh", "Hưng Yên", "Khánh Hòa",
    "Lai Châu", "Lâm Đồng", "Lạng Sơn", "Lào Cai", "Nghệ An", "Ninh Bình", "Phú Thọ", "Quảng Ngãi", "Quảng Ninh",
    "Quảng Trị", "Sơn La", "Tây Ninh", "Thái Nguyên", "Thanh Hóa", "Tuyên Quang", "Vĩnh Long", "Bắc Giang",
    "Bình Định", "Bình Thuận", "Kiên Giang", "Long An", "Nam Định", "Phú Yên", "Quảng Nam", "Sóc Trăng",
    "Thái Bình", "Tiền Giang", "Trà Vinh", "Yên Bái", "Hà Giang", "Hòa Bình", "Kon Tum", "Bến Tre", "Bạc Liêu",
]
UNIT_KINDS = [
    ("Sở Văn hóa, Thể thao và Du lịch", "agency"), ("Trung tâm Văn hóa - Điện ảnh", "centre"),
    ("Thư viện tỉnh", "centre"), ("Bảo tàng tỉnh", "museum"), ("Nhà hát Nghệ thuật truyền thống", "art"),
    ("Trung tâm Huấn luyện và Thi đấu thể thao", "centre"), ("Trung tâm Xúc tiến du lịch", "centre"),
    ("Ban Quản lý di tích", "other"), ("Trường Cao đẳng Văn hóa Nghệ thuật", "school"),
    ("Đoàn Nghệ thuật dân tộc", "art"), ("Trung tâm Thông tin du lịch", "centre"),
    ("Ban Quản lý khu du lịch", "other"), ("Trung tâm Phát hành phim", "centre"),
    ("Trung tâm Bảo tồn di sản văn hóa", "centre"), ("Câu lạc bộ Thể thao", "other"),
]
DOMAINS = [
    "hợp tác quốc tế", "bảo tồn di sản văn hóa", "phát triển du lịch", "thể dục thể thao quần chúng",
    "chuyển đổi số", "công nghiệp văn hóa", "nghệ thuật biểu diễn", "điện ảnh", "quyền tác giả", "thư viện",
    "gia đình", "báo chí", "xuất bản", "quảng bá hình ảnh quốc gia", "đào tạo nguồn nhân lực", "mỹ thuật",
]
ACTIONS = [
    "Tổ chức", "Triển khai", "Xây dựng", "Hoàn thiện", "Nghiên cứu, đề xuất", "Rà soát, sửa đổi", "Tăng cường",
    "Đẩy mạnh", "Phối hợp tổ chức", "Khảo sát, đánh giá",
]
OBJECTS = [
    "chương trình", "đề án", "hội nghị", "tuần văn hóa", "cơ sở dữ liệu", "hội thảo quốc tế", "lớp tập huấn",
    "kế hoạch hành động", "triển lãm", "liên hoan", "bộ tiêu chí", "chiến dịch truyền thông",
]
PLACES = ["tại các nước ASEAN", "với các đối tác chiến lược", "trên nền tảng số", "tại địa phương",
          "ở nước ngoài", "trong các trường học", "cho cộng đồng người Việt Nam ở nước ngoài", ""]
GROUP_TITLES = ["Hoàn thiện thể chế, chính sách", "Hợp tác song phương", "Hợp tác đa phương",
                "Quảng bá, xúc tiến", "Đào tạo, bồi dưỡng", "Chuyển đổi số", "Bảo tồn và phát huy di sản",
                "Tổ chức sự kiện", "Nghiên cứu khoa học", "Công tác thông tin, tuyên truyền"]
PRODUCTS = ["Báo cáo", "Đề án/Kế hoạch", "Sự kiện", "Cơ sở dữ liệu", "Văn bản quy phạm pháp luật",
            "Hội nghị, hội thảo", "Ấn phẩm", "Thỏa thuận hợp tác"]
PARTNER_KINDS = ["Bộ Văn hóa", "Đại sứ quán", "Trung tâm Văn hóa", "Viện Nghiên cứu", "Bảo tàng Quốc gia",
                 "Hiệp hội Du lịch", "Liên đoàn Thể thao", "Trường Đại học", "Quỹ Văn hóa"]
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
# Timeframes as plans write them: (raw text template, kind); years are filled from the plan's period.
UNDATED = [("Thường xuyên", "continuous"), ("Hàng năm", "annual"), ("Hàng quý", "quarterly"),
           ("Theo kế hoạch đề ra", "as_planned")]


@dataclass
class Shape:
    plans: int = 2000
    tasks_per_plan: int = 30
    units: int = 3000
    periods: int = 6
    big_plan_tasks: int = 0
    seed: int = 1
    partners: int = 400
    batch: int = 5000

    @property
    def total_tasks(self) -> int:
        return self.plans * self.tasks_per_plan + self.big_plan_tasks


class Progress:
    """A one-line progress bar on stderr (no dependency; quiet when stderr is not a terminal)."""

    def __init__(self, label: str, total: int, stream=None):
        self.label, self.total, self.done = label, max(total, 1), 0
        self.stream = stream or sys.stderr
        self.started = self.last = time.perf_counter()
        self.tty = getattr(self.stream, "isatty", lambda: False)()

    def advance(self, n: int = 1) -> None:
        self.done += n
        now = time.perf_counter()
        if now - self.last > (0.2 if self.tty else 10) or self.done >= self.total:
            self.last = now
            self._draw(now)

    def _draw(self, now: float) -> None:
        share = min(self.done / self.total, 1)
        bar = "#" * int(share * 30)
        line = f"{self.label:<12} [{bar:<30}] {share:4.0%} {self.done}/{self.total} {now - self.started:5.1f}s"
        self.stream.write(("\r" + line) if self.tty else line + "\n")
        self.stream.flush()

    def finish(self) -> float:
        elapsed = time.perf_counter() - self.started
        if self.tty or self.done < self.total:
            self._draw(time.perf_counter())
        if self.tty:
            self.stream.write("\n")
        return elapsed


class Ids:
    """Explicit primary keys, so rows can point at each other before anything is inserted."""

    def __init__(self):
        self.next: dict[type, int] = {}

    def __call__(self, model: type[models.Model]) -> int:
        if model not in self.next:
            self.next[model] = (model.objects.aggregate(m=models.Max("pk"))["m"] or 0) + 1
        value = self.next[model]
        self.next[model] += 1
        return value


class Buffer:
    """Rows waiting to be inserted, flushed model by model in foreign-key order."""

    MODELS = [Plan, PlanVersion, LegalBasis, ReportingDeadline, Task, TaskAssignment, TaskPartner,
              Task.products.through, ReportingPeriod, Obligation, UnitReport, TaskReportEntry, ReportTransition,
              UnitReportRevision, CoordinatorInput, TaskPeriodProgress, AuditEntry]

    def __init__(self, batch: int):
        self.batch = batch
        self.rows: dict[type, list] = defaultdict(list)
        self.counts: dict[str, int] = defaultdict(int)
        self.pending = 0

    def add(self, obj: models.Model) -> None:
        self.rows[type(obj)].append(obj)
        self.pending += 1

    def flush(self) -> None:
        for model in self.MODELS:
            objs = self.rows.pop(model, [])
            if objs:
                model.objects.bulk_create(objs, batch_size=self.batch)
                self.counts[model._meta.label] += len(objs)
        self.pending = 0


class Zipf:
    """Draws indexes 0..n-1 with weight 1/(rank+1)^s: a few units lead most tasks, a long tail leads a few."""

    def __init__(self, n: int, s: float, rng: random.Random):
        self.rng = rng
        total, self.cumulative = 0.0, []
        for rank in range(n):
            total += 1 / (rank + 1) ** s
            self.cumulative.append(total)
        self.total = total

    def draw(self) -> int:
        return bisect(self.cumulative, self.rng.random() * self.total)


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _aware(day: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour))


class Seeder:
    STEPS = ["registry", "units", "partners", "products", "users", "plans", "sequences", "statistics"]

    def __init__(self, shape: Shape, stream=None):
        self.shape = shape
        self.rng = random.Random(shape.seed)
        self.stream = stream or sys.stderr
        self.ids = Ids()
        self.buffer = Buffer(shape.batch)
        self.timings: dict[str, float] = {}
        self.ct = {}
        self.user_names: dict[int, str] = {}
        self.tasks_flushed = False

    # ------------------------------------------------------------------ steps

    def run(self) -> dict:
        started = time.perf_counter()
        for step in self.STEPS:
            t0 = time.perf_counter()
            with transaction.atomic():
                getattr(self, f"step_{step}")()
            self.timings[step] = round(time.perf_counter() - t0, 1)
        return {"seconds": round(time.perf_counter() - started, 1), "steps": self.timings,
                "rows": dict(self.buffer.counts), "password": PASSWORD,
                "users": {"coordinator": "scale_htqt", "leadership": "scale_lanhdao", "viewer": "scale_xem",
                          "focal_point": "scale_u1_daumoi", "unit_head": "scale_u1_truong"}}

    def step_registry(self) -> None:
        registry_load()
        countries_load()
        self.ministry = Organization.objects.get(kind=OrgKind.MINISTRY)
        self.coordinator_unit = Organization.objects.get(name_key=name_key(COORDINATOR_UNIT))
        self.finance_unit = Organization.objects.get(name_key=name_key(FINANCE_UNIT))
        for model in (Plan, Task, Organization, UnitReport, ReportingPeriod, User):
            self.ct[model] = ContentType.objects.get_for_model(model)

    def _audit(self, *, action: str, model, pk: int, repr_: str, at: dt.datetime, actor: User | int | None,
               after: dict | None = None, before: dict | None = None, message: str = "") -> None:
        """An audit entry as `core.services.audit_log` writes it (actor name: full name, else username)."""
        actor_id = actor.pk if isinstance(actor, User) else actor
        entry = AuditEntry(id=self.ids(AuditEntry), actor_id=actor_id, action=action, content_type=self.ct[model],
                           object_id=str(pk), object_repr=repr_[:300], before=before, after=after, message=message,
                           actor_name=self.user_names.get(actor_id, "system"))
        entry.created_at = at
        self.buffer.add(entry)

    def step_units(self) -> None:
        """Ministry units beyond the registry's, with names that never repeat; flags as the registry uses."""
        existing = list(Organization.objects.filter(kind=OrgKind.UNIT).order_by("position", "id"))
        wanted = max(self.shape.units - len(existing), 0)
        bar = Progress("units", wanted, self.stream)
        keys = set(Organization.objects.values_list("name_key", flat=True))
        new = []
        n = 0
        while len(new) < wanted:
            kind, unit_type = UNIT_KINDS[n % len(UNIT_KINDS)]
            province = PROVINCES[(n // len(UNIT_KINDS)) % len(PROVINCES)]
            round_ = n // (len(UNIT_KINDS) * len(PROVINCES))
            name = clean(f"{kind} {province}" + (f" số {round_ + 1}" if round_ else ""))
            n += 1
            if name_key(name) in keys:
                continue
            keys.add(name_key(name))
            short = "".join(w[0] for w in name.split() if w[0].isalpha()).upper()[:20]
            org = Organization(
                id=self.ids(Organization), kind=OrgKind.UNIT, name=name, short_name=short, name_key=name_key(name),
                search_text=fold(f"{name} {short}"), parent=self.ministry, unit_type=unit_type,
                is_art_unit=unit_type == "art" and self.rng.random() < 0.3,
                is_training=unit_type == "school" and self.rng.random() < 0.3,
                place=province, position=100 + len(new), needs_review=False, document_code=short[:30],
            )
            new.append(org)
            self._audit(action="organization.create", model=Organization, pk=org.id, repr_=name,
                        at=timezone.now(), actor=None, after={"name": name, "kind": OrgKind.UNIT})
            bar.advance()
        Organization.objects.bulk_create(new, batch_size=self.shape.batch)
        self.buffer.counts["organizations.Organization"] += len(new)
        self.buffer.flush()
        bar.finish()
        # Rank by share of work: the registry's own units first (the real ones lead most), then the rest.
        self.units = existing + new
        self.unit_draw = Zipf(len(self.units), 1.0, self.rng)
        self.groups = {o.group_rule: o for o in Organization.objects.filter(kind=OrgKind.GROUP)}
        self.explicit_members = {g.pk: [m.pk for m in g.members.filter(kind=OrgKind.UNIT, is_active=True)]
                                 for g in Organization.objects.filter(kind=OrgKind.GROUP,
                                                                      group_rule=GroupRule.EXPLICIT)}
        self.explicit_groups = list(Organization.objects.filter(kind=OrgKind.GROUP, group_rule=GroupRule.EXPLICIT))

    def _expand(self, org: Organization) -> list[int]:
        """`organizations.selectors.expand_to_units`, over the units in memory."""
        if org.kind == OrgKind.UNIT:
            return [org.pk]
        if org.kind != OrgKind.GROUP:
            return []
        active = [u for u in self.units if u.is_active]
        rule = org.group_rule
        if rule == GroupRule.ALL_UNITS:
            return [u.pk for u in active]
        if rule == GroupRule.STATE_MANAGEMENT:
            return [u.pk for u in active if u.is_state_management]
        if rule == GroupRule.ART_UNITS:
            return [u.pk for u in active if u.is_art_unit]
        if rule == GroupRule.TRAINING:
            return [u.pk for u in active if u.is_training]
        if rule == GroupRule.EXPLICIT:
            return self.explicit_members.get(org.pk, [])
        return []

    def step_partners(self) -> None:
        countries = list(Country.objects.order_by("code"))
        keys = set(Organization.objects.values_list("name_key", flat=True))
        new = []
        bar = Progress("partners", self.shape.partners, self.stream)
        n = 0
        while len(new) < self.shape.partners and n < self.shape.partners * 5:
            country = countries[n % len(countries)]
            kind = PARTNER_KINDS[(n // len(countries)) % len(PARTNER_KINDS)]
            n += 1
            name = clean(f"{kind} {country.name_vi}")
            if name_key(name) in keys:
                continue
            keys.add(name_key(name))
            new.append(Organization(id=self.ids(Organization), kind=OrgKind.PARTNER, name=name, name_key=name_key(name),
                                    search_text=fold(name), country=country, partner_type="government"))
            bar.advance()
        Organization.objects.bulk_create(new, batch_size=self.shape.batch)
        self.buffer.counts["organizations.Organization"] += len(new)
        self.partners = new
        bar.finish()

    def step_products(self) -> None:
        for i, name in enumerate(PRODUCTS):
            if not Product.objects.filter(name_key=name_key(name)).exists():
                Product.objects.create(name=name, position=i)
        self.products = list(Product.objects.all())

    def step_users(self) -> None:
        """Personas for the benchmark and two people (focal point, head) in every unit; one password for all."""
        password = make_password(PASSWORD)
        taken = set(User.objects.values_list("username", flat=True))
        people = [("scale_htqt", "coordinator", self.coordinator_unit, "Chuyên viên Cục Hợp tác quốc tế"),
                  ("scale_lanhdao", "leadership", None, "Thứ trưởng"),
                  ("scale_khtc", "finance", self.finance_unit, "Chuyên viên Vụ Kế hoạch, Tài chính"),
                  ("scale_xem", "viewer", None, "Người xem")]
        for i, unit in enumerate(self.units, start=1):
            people.append((f"scale_u{i}_daumoi", "focal_point", unit, f"Cán bộ đầu mối {unit.name}"))
            people.append((f"scale_u{i}_truong", "unit_head", unit, f"Lãnh đạo {unit.name}"))
        new = []
        bar = Progress("users", len(people), self.stream)
        for username, role, unit, position in people:
            bar.advance()
            if username in taken:
                continue
            new.append(User(id=self.ids(User), username=username, password=password, role=role, unit=unit,
                            position=position[:200], first_name=position[:150],
                            feed_token=f"{self.rng.getrandbits(128):032x}", email=f"{username}@example.gov.vn"))
        User.objects.bulk_create(new, batch_size=self.shape.batch)
        self.buffer.counts["accounts.User"] += len(new)
        self.coordinator = User.objects.get(username="scale_htqt")
        self.user_names = {pk: full or username for pk, full, username in User.objects.filter(
            username__startswith="scale_").values_list("id", "first_name", "username")}
        self.heads = dict(User.objects.filter(role="unit_head", username__startswith="scale_u")
                          .values_list("unit_id", "id"))
        self.focals = dict(User.objects.filter(role="focal_point", username__startswith="scale_u")
                           .values_list("unit_id", "id"))
        bar.finish()

    def step_plans(self) -> None:
        shape = self.shape
        sizes = [shape.tasks_per_plan] * shape.plans
        if shape.big_plan_tasks:
            sizes.insert(min(6, len(sizes)), shape.big_plan_tasks)  # not first: plans list page 1 stays typical
        bar = Progress("plans", shape.total_tasks, self.stream)
        start_number = Plan.objects.count() + 1
        for i, size in enumerate(sizes):
            self._plan_rows(start_number + i, size, big=size == shape.big_plan_tasks and shape.big_plan_tasks > 0)
            if self.buffer.pending >= shape.batch * 4:
                self.buffer.flush()
            bar.advance(size)
        self.buffer.flush()
        bar.finish()

    def step_sequences(self) -> None:
        """PostgreSQL: move every id sequence past the explicit ids."""
        if connection.vendor != "postgresql":
            return
        sql = connection.ops.sequence_reset_sql(no_style(), [*Buffer.MODELS, Organization, User])
        with connection.cursor() as cursor:
            for statement in sql:
                cursor.execute(statement)

    def step_statistics(self) -> None:
        """Planner statistics for the new rows: without them SQLite picks a sort over every task for the
        first page of a list (236 ms instead of 0.5 ms)."""
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    # ------------------------------------------------------------------ one plan

    def _timeframe(self, start_year: int, end_year: int) -> tuple[str, str, dt.date | None, dt.date | None]:
        r = self.rng.random()
        if r < 0.5:
            raw, kind = self.rng.choice(UNDATED)
            return raw, kind, None, None
        if r < 0.7:
            return f"{start_year}-{end_year}", "range", dt.date(start_year, 1, 1), dt.date(end_year, 12, 31)
        year = self.rng.randint(start_year, end_year)
        if r < 0.85:
            return str(year), "year", dt.date(year, 1, 1), dt.date(year, 12, 31)
        if r < 0.93:
            q = self.rng.randint(1, 4)
            return (f"Quý {ROMAN[q - 1]}/{year}", "quarter", dt.date(year, 3 * q - 2, 1),
                    dt.date(year, 3 * q, 30 if q in (2, 3) else 31))
        month = self.rng.randint(1, 12)
        end = dt.date(year, month, 28)
        return f"Trước ngày 28/{month:02d}/{year}", "deadline", None, end

    def _assignees(self, big: bool, position: int) -> tuple[list[Organization], list[Organization]]:
        rng = self.rng
        if big and position <= len(self.units):
            lead = [self.units[position - 1]]  # every unit leads something in the big plan: a 3,000-unit period
        else:
            lead = [self.units[self.unit_draw.draw()]]
        if rng.random() < 0.08:
            lead.append(self.units[self.unit_draw.draw()])
        coordinating = []
        for _ in range(rng.choice((0, 1, 1, 2, 2, 3))):
            coordinating.append(self.units[self.unit_draw.draw()])
        r = rng.random()
        if r < 0.15:
            coordinating.append(self.groups[GroupRule.NAMED_LATER])
        elif r < 0.155:
            coordinating.append(self.groups[rng.choice([GroupRule.ART_UNITS, GroupRule.TRAINING,
                                                        GroupRule.STATE_MANAGEMENT])])
        elif r < 0.157 and self.explicit_groups:
            coordinating.append(rng.choice(self.explicit_groups))
        seen, unique_coord = {o.pk for o in lead}, []
        for org in coordinating:
            if org.pk not in seen:
                seen.add(org.pk)
                unique_coord.append(org)
        # Lead units once each, in the order drawn.
        return list({o.pk: o for o in lead}.values()), unique_coord

    def _plan_rows(self, number: int, n_tasks: int, *, big: bool) -> None:
        rng, add, ids = self.rng, self.buffer.add, self.ids
        start_year = rng.choice([2021, 2021, 2022, 2023]) if not big else 2021
        end_year = min(start_year + rng.choice([4, 4, 5, 9]), 2030)
        issued = dt.date(start_year - 1, rng.randint(1, 12), rng.randint(1, 28))
        r = rng.random()
        status = PlanStatus.PUBLISHED if big or r < 0.85 else (PlanStatus.ARCHIVED if r < 0.95 else PlanStatus.DRAFT)
        domain = rng.choice(DOMAINS)
        title = clean(f"Kế hoạch triển khai {domain} giai đoạn {start_year}-{end_year}"
                      + (f" ({number})" if number > len(DOMAINS) else ""))
        if big:
            title = clean(f"Kế hoạch tổng thể của Bộ giai đoạn {start_year}-{end_year}: {n_tasks} nhiệm vụ")
        plan = Plan(id=ids(Plan), kind="plan", number=f"{number}/KH-BVHTTDL", issued_on=issued,
                    issuer=self.ministry, issuer_name=self.ministry.name, signer="Nguyễn Văn An",
                    signer_title="Thứ trưởng", title=title, period_start=start_year, period_end=end_year,
                    coordinator=self.coordinator_unit, finance_unit=self.finance_unit, status=status,
                    created_by=self.coordinator, source_name=f"ke-hoach-{number}.docx", source_format="docx")
        created = _aware(issued)
        if status != PlanStatus.DRAFT:
            plan.published_at = _aware(issued + dt.timedelta(days=7))
        if status == PlanStatus.ARCHIVED:
            plan.archived_at = _aware(dt.date(end_year, 12, 31) if end_year < LAST_YEAR else issued)
        add(plan)
        add(LegalBasis(id=ids(LegalBasis), plan=plan, number=f"{rng.randint(1, 300)}/QĐ-TTg",
                       date=issued - dt.timedelta(days=90), text="Quyết định của Thủ tướng Chính phủ", position=0))
        add(ReportingDeadline(id=ids(ReportingDeadline), plan=plan, month=11, day=30,
                              text="trước ngày 30 tháng 11 hằng năm"))
        self._audit(action="plan.import", model=Plan, pk=plan.id, repr_=title, at=created, actor=self.coordinator,
                    after={"status": "draft", "title": title}, message=plan.source_name)
        if plan.published_at:
            self._audit(action="plan.publish", model=Plan, pk=plan.id, repr_=title, at=plan.published_at,
                        actor=self.coordinator, before={"status": "draft"}, after={"status": "published"})
        amended = status == PlanStatus.PUBLISHED and not big and rng.random() < 0.15
        versions = [PlanVersion(id=ids(PlanVersion), plan=plan, number=1, source=VersionSource.IMPORT,
                                created_by=self.coordinator)]
        if amended:
            versions.append(PlanVersion(id=ids(PlanVersion), plan=plan, number=2, source=VersionSource.AMENDMENT,
                                        decision_number=f"{rng.randint(1, 999)}/QĐ-BVHTTDL",
                                        decision_date=issued + dt.timedelta(days=400),
                                        note="Điều chỉnh theo đề nghị của các đơn vị", created_by=self.coordinator))
            self._audit(action="plan.new_version", model=Plan, pk=plan.id, repr_=title,
                        at=_aware(issued + dt.timedelta(days=400)), actor=self.coordinator, message="v2")
        for v in versions:
            add(v)
        plan.current_version_id = versions[-1].id
        tasks = self._task_rows(plan, versions, n_tasks, start_year, end_year, big=big)
        for task in tasks:
            add(task["obj"])
        self.tasks_flushed = False
        if status != PlanStatus.DRAFT:
            years = [y for y in range(LAST_YEAR - self.shape.periods + 1, LAST_YEAR + 1) if start_year <= y]
            if status == PlanStatus.ARCHIVED:
                years = [y for y in years if y < LAST_YEAR]
            self._period_rows(plan, tasks, years)
        if self.tasks_flushed:
            # A big plan went to the database period by period; its progress (set on acceptance) follows.
            self.buffer.flush()
            Task.objects.bulk_update([t["obj"] for t in tasks if t["obj"].progress_updated_at],
                                     ["progress", "progress_percent", "progress_updated_at"], batch_size=2000)

    def _task_rows(self, plan: Plan, versions: list[PlanVersion], n: int, start_year: int, end_year: int,
                   *, big: bool) -> list[dict]:
        """Rows of the current version (returned, as dicts the period step reads) and of the earlier one."""
        rng, add = self.rng, self.buffer.add
        groups_n = max(1, min(10, n // 8))
        current: list[dict] = []
        for position in range(1, n + 1):
            group_i = min((position - 1) * groups_n // n, groups_n - 1)
            group = f"{ROMAN[group_i]}. {GROUP_TITLES[(group_i + plan.id) % len(GROUP_TITLES)]}"
            domain = rng.choice(DOMAINS)
            title = clean(f"{rng.choice(ACTIONS)} {rng.choice(OBJECTS)} về {domain} {rng.choice(PLACES)}")
            raw, kind, tf_start, tf_end = self._timeframe(start_year, end_year)
            lead, coordinating = self._assignees(big, position)
            partners = rng.sample(self.partners, rng.choice((1, 2))) if self.partners and rng.random() < 0.2 else []
            products = rng.sample(self.products, rng.choice((1, 1, 2)))
            row = {"lineage": _uuid(rng), "ref": str(position), "group": group, "title": title, "raw": raw,
                   "kind": kind, "start": tf_start, "end": tf_end, "lead": lead, "coordinating": coordinating,
                   "partners": partners, "products": products,
                   "funding": rng.choice(["Ngân sách nhà nước", "Xã hội hóa", "Ngân sách nhà nước và xã hội hóa", ""]),
                   "note": "", "progress": TaskProgress.NOT_STARTED, "percent": 0, "progress_at": None}
            current.append(row)
        for v_index, version in enumerate(versions):
            is_current = v_index == len(versions) - 1
            for row in current:
                # An amendment reworded a few tasks; the earlier version keeps the words as signed.
                title = row["title"] if is_current or rng.random() > 0.05 else clean(row["title"] + " (dự thảo)")
                task = self._task(plan, version, row, title)
                task.is_current = is_current
                if is_current:
                    row["obj"] = task
                else:
                    add(task)
        return current

    def _task(self, plan: Plan, version: PlanVersion, row: dict, title: str) -> Task:
        ids, add = self.ids, self.buffer.add
        task = Task(id=ids(Task), plan=plan, version=version, lineage=row["lineage"], position=int(row["ref"]),
                    group=row["group"], ref=row["ref"], title=title,
                    product_text=clean(", ".join(p.name for p in row["products"]))[:500],
                    timeframe_raw=row["raw"], timeframe_kind=row["kind"], timeframe_start=row["start"],
                    timeframe_end=row["end"], funding=row["funding"], note=row["note"],
                    seeks_sponsorship=bool(row["partners"]) and self.rng.random() < 0.3)
        task.refresh_search_text([o.name for o in (*row["lead"], *row["coordinating"], *row["partners"])])
        for role, orgs in ((AssignmentRole.LEAD, row["lead"]), (AssignmentRole.COORDINATING, row["coordinating"])):
            for i, org in enumerate(orgs):
                add(TaskAssignment(id=ids(TaskAssignment), task=task, organization=org, role=role,
                                   raw_name=org.name[:300], position=i))
        for i, org in enumerate(row["partners"]):
            add(TaskPartner(id=ids(TaskPartner), task=task, organization=org, raw_name=org.name, position=i))
        for product in row["products"]:
            add(Task.products.through(id=ids(Task.products.through), task_id=task.id, product_id=product.pk))
        return task

    # ------------------------------------------------------------------ periods, reports, entries

    @staticmethod
    def _overlaps(row: dict, start: dt.date, end: dt.date) -> bool:
        """`Task.overlaps`, on the row."""
        if row["kind"] in UNDATED_KINDS or (row["start"] is None and row["end"] is None):
            return True
        task_start = row["start"] or row["end"]
        task_end = row["end"] or row["start"]
        return task_start <= end and task_end >= start

    def _report_state(self, is_last: bool) -> str:
        r = self.rng.random()
        if not is_last:
            return ReportState.ACCEPTED if r < 0.85 else (ReportState.SUBMITTED if r < 0.95 else ReportState.DRAFT)
        for state, share in ((ReportState.DRAFT, 0.35), (ReportState.APPROVED, 0.45), (ReportState.SUBMITTED, 0.70),
                             (ReportState.RETURNED, 0.80)):
            if r < share:
                return state
        return ReportState.ACCEPTED

    def _period_rows(self, plan: Plan, tasks: list[dict], years: list[int]) -> None:
        add, ids = self.buffer.add, self.ids
        expanded: dict[int, list[int]] = {}

        def units_of(org):
            if org.pk not in expanded:
                expanded[org.pk] = self._expand(org)
            return expanded[org.pk]

        for year in years:
            is_last = year == LAST_YEAR
            deadline = dt.date(year, 11, 30)
            period = ReportingPeriod(id=ids(ReportingPeriod), plan=plan, kind=PeriodKind.YEARLY, year=year,
                                     label=f"Báo cáo năm {year}", opens_on=dt.date(year, 10, 1), cutoff=deadline,
                                     deadline=deadline, created_by=self.coordinator,
                                     state=PeriodState.OPEN if is_last else PeriodState.CLOSED,
                                     closed_at=None if is_last else _aware(dt.date(year, 12, 20)))
            add(period)
            self._audit(action="reporting.period_open", model=ReportingPeriod, pk=period.id, repr_=period.label,
                        at=_aware(period.opens_on), actor=self.coordinator,
                        after={"kind": "yearly", "year": year, "deadline": deadline.isoformat()})
            start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
            owed: dict[tuple[int, int], str] = {}
            for row in tasks:
                if not self._overlaps(row, start, end):
                    continue
                task_id = row["obj"].id
                for org in row["lead"]:
                    for unit_id in units_of(org):
                        owed[(unit_id, task_id)] = ObligationRole.LEAD
                for org in row["coordinating"]:
                    for unit_id in units_of(org):
                        owed.setdefault((unit_id, task_id), ObligationRole.COORDINATING)
            lead_tasks: dict[int, list[int]] = defaultdict(list)
            leads_of: dict[int, list[int]] = defaultdict(list)
            for (unit_id, task_id), role in owed.items():
                add(Obligation(id=ids(Obligation), period=period, unit_id=unit_id, task_id=task_id, role=role))
                if role == ObligationRole.LEAD:
                    lead_tasks[unit_id].append(task_id)
                    leads_of[task_id].append(unit_id)
                elif self.rng.random() < 0.4:
                    # A coordinating unit's contribution, which the lead unit reads while it writes.
                    add(CoordinatorInput(id=ids(CoordinatorInput), period=period, unit_id=unit_id, task_id=task_id,
                                         text=f"Phối hợp cung cấp thông tin, số liệu năm {year}.",
                                         updated_by_id=self.focals.get(unit_id)))
            by_id = {row["obj"].id: row for row in tasks}
            words: dict[int, dict[int, tuple[str, int]]] = defaultdict(dict)
            for unit_id, task_ids in lead_tasks.items():
                state, entries = self._report(period, unit_id, [by_id[t] for t in task_ids], is_last)
                if state == ReportState.ACCEPTED:
                    for entry, _row in entries:
                        words[entry.task_id][unit_id] = unit_effective(entry.status, entry.percent,
                                                                       entry.completion_confirmed)
            self._task_progress(period, leads_of, words, by_id)
            if self.buffer.pending > self.shape.batch * 40:
                self.buffer.flush()
                self.tasks_flushed = True

    def _report(self, period: ReportingPeriod, unit_id: int, rows: list[dict], is_last: bool) -> tuple[str, list]:
        rng, add, ids = self.rng, self.buffer.add, self.ids
        state = self._report_state(is_last)
        report = UnitReport(id=ids(UnitReport), period=period, unit_id=unit_id, state=state,
                            updated_by_id=self.focals.get(unit_id))
        sent_day = period.deadline - dt.timedelta(days=rng.randint(-10, 20))
        steps = {ReportState.DRAFT: [], ReportState.APPROVED: [ReportState.APPROVED],
                 ReportState.SUBMITTED: [ReportState.APPROVED, ReportState.SUBMITTED],
                 ReportState.ACCEPTED: [ReportState.APPROVED, ReportState.SUBMITTED, ReportState.ACCEPTED],
                 ReportState.RETURNED: [ReportState.APPROVED, ReportState.SUBMITTED, ReportState.RETURNED]}[state]
        filled = state != ReportState.DRAFT or rng.random() < 0.5
        entries = []
        for row in rows:
            status, percent, results = "", None, ""
            if filled:
                status = rng.choice([EntryStatus.IN_PROGRESS, EntryStatus.IN_PROGRESS, EntryStatus.COMPLETED,
                                     EntryStatus.NOT_STARTED, EntryStatus.LATE])
                percent = {EntryStatus.COMPLETED: 100, EntryStatus.NOT_STARTED: 0}.get(status, rng.randint(10, 90))
                results = "" if status == EntryStatus.NOT_STARTED else f"Đã {row['title'][:1].lower()}{row['title'][1:120]}"
            entry = TaskReportEntry(id=ids(TaskReportEntry), report=report, task_id=row["obj"].id, status=status,
                                    percent=percent, results=results,
                                    evidence_number=f"{rng.randint(1, 999)}/BC-{period.year}"
                                    if status == EntryStatus.COMPLETED else "",
                                    completion_confirmed=state == ReportState.ACCEPTED
                                    and status == EntryStatus.COMPLETED)
            entries.append((entry, row))
            add(entry)
        if filled:
            report.summary = f"Đơn vị đã triển khai {len(rows)} nhiệm vụ được giao trong năm {period.year}."
        report.version = 1 + (1 if filled else 0) + len(steps)
        add(report)
        at = _aware(sent_day - dt.timedelta(days=3))
        previous = ReportState.DRAFT
        for number, to in enumerate(steps):
            actor_id = self.heads.get(unit_id) if to == ReportState.APPROVED else (
                self.focals.get(unit_id) if to == ReportState.SUBMITTED else self.coordinator.id)
            if to == ReportState.SUBMITTED:
                at = _aware(sent_day)
                report.submitted_at = report.first_submitted_at = at
                add(UnitReportRevision(id=ids(UnitReportRevision), report=report, number=1, created_by_id=actor_id,
                                       data=self._revision(report, entries)))
            if to == ReportState.ACCEPTED:
                at = _aware(sent_day + dt.timedelta(days=3))
                report.accepted_at = at
            reason = "Đề nghị bổ sung minh chứng" if to == ReportState.RETURNED else ""
            transition = ReportTransition(id=ids(ReportTransition), report=report, actor_id=actor_id,
                                          from_state=previous, to_state=to, reason=reason)
            transition.at = at
            add(transition)
            self._audit(action=f"reporting.report_{to}", model=UnitReport, pk=report.id, repr_=f"Báo cáo {report.id}",
                        at=at, actor=actor_id, before={"state": previous}, after={"state": to}, message=reason)
            previous = to
            at += dt.timedelta(hours=number + 1)
        return state, entries

    @staticmethod
    def _revision(report: UnitReport, entries) -> dict:
        """`reporting.services._revision_data`'s shape."""
        return {"summary": report.summary, "difficulties": "", "proposals": "", "entries": [
            {"task_id": e.task_id, "lineage": str(row["lineage"]), "ref": row["ref"], "title": row["title"],
             "status": e.status, "percent": e.percent, "results": e.results, "difficulties": "", "proposals": "",
             "evidence_number": e.evidence_number, "evidence_link": "", "files": []} for e, row in entries]}

    def _task_progress(self, period: ReportingPeriod, leads_of: dict[int, list[int]],
                       words: dict[int, dict[int, tuple[str, int]]], by_id: dict[int, dict]) -> None:
        """The period's roll-up of every task across the units that lead it, and the task's own progress from
        it, as `progress_recompute` keeps them after each acceptance (periods run in order, so the latest
        period's roll-up is what the task shows)."""
        at = _aware(period.deadline + dt.timedelta(days=20))
        for task_id, units in leads_of.items():
            values = aggregate(sorted(units), words.get(task_id, {}), rule=ProgressRule.MEAN)
            row = by_id[task_id]
            self.buffer.add(TaskPeriodProgress(id=self.ids(TaskPeriodProgress), period=period, task_id=task_id,
                                               lineage=row["lineage"], rule=ProgressRule.MEAN, **values))
            task = row["obj"]
            followed = progress_following(task, values["status"], values["percent"])
            if followed is not None:
                task.progress, task.progress_percent = followed
                task.progress_updated_at = at


def seed(shape: Shape, stream=None) -> dict:
    result = Seeder(shape, stream).run()
    result["shape"] = {k: getattr(shape, k) for k in Shape.__dataclass_fields__}
    result["database"] = connection.vendor
    return result

