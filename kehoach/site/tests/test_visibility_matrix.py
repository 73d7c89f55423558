"""The draft rule, proved by a generated matrix (issue 15, item 1).

Two units each hold a draft and a sent object of every family that has drafts (unit report with its entries,
budget line, amendment proposal, yearly unit plan) and a print of the draft report; the coordinator has an
unpublished plan. Each draft carries a unique marker string. Then, for every role, every URL pattern of the
site (walked from the URL resolver, ids filled from these objects) and every GET operation of the OpenAPI
schema is requested: no response may be a server error, and no body — HTML, JSON or the text inside a DOCX/XLSX
— may contain the marker of a draft the role may not see. The detail pages, API objects, documents and audit
trails of each draft are checked one by one against the rule: allowed for its unit, 403/404 for everyone else.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from conftest import build_personas, build_plan, gold, load_registry

pytestmark = pytest.mark.django_db

ROLES = ["focal_a", "head_a", "focal_b", "head_b", "coordinator", "finance", "leader", "viewer"]
UNIT_OF_ROLE = {"focal_a": "A", "head_a": "A", "focal_b": "B", "head_b": "B"}
DENIED = (403, 404)


@dataclass
class World:
    personas: object
    media: object = None  # where the world's printed documents are
    ids: dict[str, list[int]] = field(default_factory=dict)  # family -> ids, for filling URL patterns
    drafts: dict[str, dict[str, int]] = field(default_factory=dict)  # unit "A"/"B" -> family -> id of the draft
    sent: dict[str, dict[str, int]] = field(default_factory=dict)
    draft_plan: int = 0

    def add(self, family, pk, unit=None, *, draft=False):
        self.ids.setdefault(family, []).append(pk)
        if unit:
            (self.drafts if draft else self.sent).setdefault(unit, {})[family] = pk


def marker(unit: str, family: str) -> str:
    return f"MKDRAFT{unit}{family.upper()}X"


def _lead_task(plan, unit):
    from kehoach.plans.models import Task

    return Task.objects.filter(version_id=plan.current_version_id, assignments__organization=unit,
                               assignments__role="lead").order_by("position").first()


def _fill(report, actor, text):
    from kehoach.reporting import services

    report.refresh_from_db()
    entries = {e.id: {"status": "in_progress", "percent": 40, "results": text, "evidence_number": "1/BC"}
               for e in report.entries.all()}
    return services.report_save_draft(report=report, actor=actor, version=report.version, entries=entries,
                                      data={"summary": text, "difficulties": text, "proposals": text})


@pytest.fixture(scope="module")
def _world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once for the module, inside a transaction rolled back at its end; each test runs in a savepoint
    within it (pytest-django's ``db``), so what a test writes is gone before the next (~2.5 s a test saved)."""
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.test import override_settings

    media = tmp_path_factory.mktemp("visibility-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        load_registry()
        w = _build_world(build_personas(get_user_model()), build_plan)
        w.media = media
        yield w
        transaction.set_rollback(True)


@pytest.fixture
def world(_world, db):
    return _world


@pytest.fixture
def personas(world):
    return world.personas


@pytest.fixture(autouse=True)
def _media_root(settings, _world):
    """The world's documents are in its own media folder (this overrides the suite's per-test one)."""
    settings.MEDIA_ROOT = _world.media


def _build_world(personas, make_plan) -> World:
    from kehoach.amendments import services as amendments
    from kehoach.budgets.services import budget_line_save, budget_line_submit
    from kehoach.documents import services as documents
    from kehoach.documents.choices import DocumentKind
    from kehoach.plans.services import tracking
    from kehoach.reporting import services as reporting
    from kehoach.reporting.models import UnitReport
    from kehoach.unitplans import services as unitplans

    p = personas
    w = World(personas=p)
    plan = make_plan("000")
    w.add("plan", plan.pk)
    parsed = gold("001")
    parsed["document"]["title"] = "Kế hoạch MKDRAFTPLANX chưa ban hành"
    draft_plan = make_plan("001", publish=False, parsed=parsed)
    w.draft_plan = draft_plan.pk
    w.add("plan", draft_plan.pk)
    this_year = reporting.period_open_yearly(plan=plan, year=2026, actor=p.coordinator, opens_on=dt.date(2026, 10, 1))
    last_year = reporting.period_open_yearly(plan=plan, year=2025, actor=p.coordinator, opens_on=dt.date(2025, 10, 1))
    w.add("period", this_year.pk)
    w.add("period", last_year.pk)
    units = {"A": (p.unit_a, p.focal_a, p.head_a), "B": (p.unit_b, p.focal_b, p.head_b)}
    for name, (unit, focal, head) in units.items():
        task = _lead_task(plan, unit)
        w.add("task", task.pk)
        # Reports: this year's a draft, last year's sent.
        draft = _fill(UnitReport.objects.get(period=this_year, unit=unit), focal, marker(name, "report"))
        w.add("report", draft.pk, name, draft=True)
        w.add("entry", draft.entries.first().pk, name, draft=True)
        sent = _fill(UnitReport.objects.get(period=last_year, unit=unit), focal, f"MKSENT{name}REPORT")
        sent = reporting.report_approve(report=sent, actor=head)
        sent = reporting.report_submit(report=sent, actor=focal)
        w.add("report", sent.pk, name)
        w.add("entry", sent.entries.first().pk, name)
        # The unit prints its own draft report (a DOCX that holds the draft's text).
        doc = documents.period_document_request(actor=focal, period=this_year, kind=DocumentKind.UNIT_REPORT,
                                                unit=unit, enqueue=False)
        documents.document_generate(document_id=doc.pk)
        w.add("document", doc.pk, name, draft=True)
        # Budget lines.
        line = budget_line_save(actor=focal, data={"unit": unit, "year": 2026, "title": marker(name, "budget"),
                                                   "source": "state_budget", "currency": "VND", "amount": "1000000",
                                                   "note": marker(name, "budget")})
        w.add("budget", line.pk, name, draft=True)
        line = budget_line_save(actor=focal, data={"unit": unit, "year": 2026, "title": f"MKSENT{name}BUDGET",
                                                   "source": "state_budget", "currency": "VND", "amount": "2000000"})
        budget_line_submit(line=line, actor=focal)
        w.add("budget", line.pk, name)
        # Amendment proposals.
        proposal = amendments.proposal_create(plan=plan, actor=focal, title=marker(name, "amendment"),
                                              reason=marker(name, "amendment"))
        amendments.item_add(proposal=proposal, actor=focal, kind="change", task=task,
                            data={"reason": marker(name, "amendment"), "title": marker(name, "amendment")})
        w.add("amendment", proposal.pk, name, draft=True)
        w.add("amendment_item", proposal.items.first().pk)
        proposal = amendments.proposal_create(plan=plan, actor=focal, title=f"MKSENT{name}AMENDMENT")
        amendments.item_add(proposal=proposal, actor=focal, kind="drop", task=task, data={"reason": "Lý do"})
        amendments.proposal_submit(proposal=proposal, actor=head)
        w.add("amendment", proposal.pk, name)
        # Yearly unit plans.
        year_plan = unitplans.yearplan_create(unit=unit, year=2026, actor=focal)
        item = unitplans.item_add(year_plan=year_plan, actor=focal, title=marker(name, "unitplan"),
                                  planned_output=marker(name, "unitplan"))
        w.add("unitplan", year_plan.pk, name, draft=True)
        w.add("unitplan_item", item.pk)
        year_plan = unitplans.yearplan_create(unit=unit, year=2027, actor=focal)
        unitplans.item_add(year_plan=year_plan, actor=focal, title=f"MKSENT{name}UNITPLAN")
        unitplans.yearplan_submit(year_plan=year_plan, actor=head)
        w.add("unitplan", year_plan.pk, name)
        # A deadline extension the lead unit asked for (sent to the leader: no draft, but its pages are walked).
        task = tracking.task_set_tracking(task=task, actor=p.coordinator, data={"deadline_set": dt.date(2026, 12, 31)})
        extension = tracking.extension_request(task=task, actor=focal, reason=f"MKSENT{name}EXTENSION",
                                               proposed_date=dt.date(2027, 6, 30))
        w.add("extension", extension.pk)
    w.add("unit", p.unit_a.pk)
    w.add("unit", p.unit_b.pk)
    return w


def forbidden_markers(role: str) -> list[str]:
    """The draft markers this role must never read: every other unit's (the marker of an unpublished plan too,
    for everyone but the coordinator who imported it)."""
    own = UNIT_OF_ROLE.get(role)
    found = [marker(unit, family) for unit in "AB" if unit != own
             for family in ("report", "budget", "amendment", "unitplan")]
    if role != "coordinator":
        found.append("MKDRAFTPLANX")
    return found


def body_text(response) -> str:
    """What a reader gets: the body, and for DOCX/XLSX the text of every XML part."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content[:2] == b"PK":
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                return " ".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist()
                                if n.endswith(".xml"))
        except zipfile.BadZipFile:
            pass
    return content.decode("utf-8", "replace")


# -- the URL patterns, filled with ids ------------------------------------------------------------------------

# Which objects a URL parameter names, by the path's first segment and the parameter.
PARAM_FAMILIES = {
    ("plans", "pk"): "plan", ("plans/tasks", "pk"): "task", ("reporting", "plan_pk"): "plan",
    ("reporting/periods", "pk"): "period", ("reporting/periods", "task_pk"): "task",
    ("reporting/reports", "pk"): "report", ("reporting/entries", "pk"): "entry", ("reporting/evidence", "pk"): "entry",
    ("documents", "pk"): "document", ("documents/plan", "plan_pk"): "plan", ("documents/period", "pk"): "period",
    ("documents/period", "period_pk"): "period", ("amendments", "pk"): "amendment",
    ("amendments", "item_pk"): "amendment_item", ("amendments", "plan_pk"): "plan", ("budgets", "pk"): "budget",
    ("budgets", "task_pk"): "task", ("unitplans", "pk"): "unitplan", ("unitplans", "item_pk"): "unitplan_item",
    ("organizations", "pk"): "unit", ("imports", "pk"): "plan", ("cooperation", "plan_pk"): "plan",
    ("plans/extensions", "pk"): "extension", ("cong-khai", "pk"): "plan",
}
STRING_VALUES = {"kind": ["unit_report", "plan_docx", "plan_xlsx", "plan_json", "matrix_xlsx", "urging_letter"],
                 "action": ["submit", "approve"], "fmt": ["csv", "xlsx", "json"]}
SKIP_PREFIXES = ("admin/", "api/", "accounts/logout/", "i18n/", "calendar/feed/")
AUDIT_FAMILIES = {"report": "reporting/unitreport", "budget": "budgets/budgetline",
                  "amendment": "amendments/amendmentproposal", "unitplan": "unitplans/unityearplan",
                  "document": "documents/generateddocument", "plan": "plans/plan"}


def _patterns(patterns=None, prefix=""):
    for p in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(p, URLResolver):
            yield from _patterns(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern)


def _family(path: str, param: str) -> str:
    segments = path.split("/")
    for depth in (2, 1):
        key = ("/".join(segments[:depth]), param)
        if key in PARAM_FAMILIES:
            return PARAM_FAMILIES[key]
    return ""


def page_urls(w: World) -> list[str]:
    """Every page pattern, each parameter filled with every id of the family it names (audit trails with every
    draft and sent object of the families that have a trail)."""
    urls = []
    for pattern in _patterns():
        if pattern.startswith(SKIP_PREFIXES) or "(?P" in pattern:
            continue
        if pattern.startswith("audit/"):
            for family, path in AUDIT_FAMILIES.items():
                urls += [f"/audit/{path}/{pk}/" for pk in w.ids[family]]
            continue
        filled = [pattern]
        for conv, name in re.findall(r"<(?:(\w+):)?(\w+)>", pattern):
            values = STRING_VALUES.get(name) if conv in ("str", "slug") else \
                w.ids.get(_family(pattern, name)) or [1]
            filled = [u.replace(f"<{conv}:{name}>" if conv else f"<{name}>", str(v), 1) for u in filled
                      for v in values]
        urls += ["/" + u for u in filled]
    return sorted(set(urls))


def api_urls(w: World) -> list[str]:
    """Every GET operation of the OpenAPI schema, `{id}` filled with the ids of the family it serves."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    families = {"plans": "plan", "tasks": "task", "units": "unit", "reporting/periods": "period",
                "reporting/reports": "report", "reporting/entries": "entry", "budget-lines": "budget",
                "amendments": "amendment", "unitplans": "unitplan"}
    urls = []
    for path, operations in schema["paths"].items():
        if "get" not in operations:
            continue
        params = re.findall(r"{(\w+)}", path)
        if not params:
            urls.append(path)
            continue
        resource = path.removeprefix("/api/").split("/{")[0]
        for pk in w.ids.get(families.get(resource, ""), [1]):
            urls.append(re.sub(r"{\w+}", str(pk), path))
    return sorted(set(urls))


@pytest.mark.slow
def test_every_page_and_api_operation_hides_other_units_drafts(world, personas):
    urls = page_urls(world) + api_urls(world)
    assert len(urls) > 150
    served = errors = 0
    leaks, failures = [], []
    for role in ROLES:
        user = getattr(personas, role)
        client = Client()
        client.force_login(user)
        forbidden = forbidden_markers(role)
        for url in [*urls, f"/calendar/feed/{user.feed_token}.ics"]:  # the role's own iCal feed too
            response = client.get(url, HTTP_HOST="127.0.0.1")
            served += 1
            if response.status_code >= 500:
                errors += 1
                failures.append((role, url, response.status_code))
                continue
            text = body_text(response)
            leaks += [(role, url, m) for m in forbidden if m in text]
    print(f"visibility matrix: {len(ROLES)} roles x {len(urls)} URLs = {served} requests")
    assert not failures, failures[:20]
    assert not leaks, leaks[:20]


def _draft_targets(w: World, unit: str) -> list[str]:
    d = w.drafts[unit]
    return [
        reverse("reporting:report", args=[d["report"]]), f"/api/reporting/reports/{d['report']}/",
        f"/api/reporting/entries/{d['entry']}/", f"/audit/reporting/unitreport/{d['report']}/",
        reverse("budgets:line_detail", args=[d["budget"]]), f"/api/budget-lines/{d['budget']}/",
        f"/audit/budgets/budgetline/{d['budget']}/",
        reverse("amendments:detail", args=[d["amendment"]]), f"/api/amendments/{d['amendment']}/",
        f"/audit/amendments/amendmentproposal/{d['amendment']}/",
        reverse("unitplans:detail", args=[d["unitplan"]]), f"/api/unitplans/{d['unitplan']}/",
        f"/audit/unitplans/unityearplan/{d['unitplan']}/",
        reverse("documents:detail", args=[d["document"]]), reverse("documents:download", args=[d["document"]]),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_each_draft_is_its_units_alone(world, personas, role):
    """Own unit / other unit × draft / sent, object by object: a unit reads its own drafts; nobody else does.
    Sent objects are read by their unit and by the roles that see every unit."""
    client = Client()
    client.force_login(getattr(personas, role))
    own = UNIT_OF_ROLE.get(role)
    for unit in "AB":
        for url in _draft_targets(world, unit):
            status = client.get(url, HTTP_HOST="127.0.0.1").status_code
            if unit == own:
                assert status == 200, (role, url, status)
            else:
                assert status in DENIED, (role, url, status)
        sent = world.sent[unit]
        for url in (reverse("reporting:report", args=[sent["report"]]),
                    reverse("budgets:line_detail", args=[sent["budget"]]),
                    reverse("amendments:detail", args=[sent["amendment"]]),
                    reverse("unitplans:detail", args=[sent["unitplan"]])):
            status = client.get(url, HTTP_HOST="127.0.0.1").status_code
            sees = unit == own or role in ("coordinator", "finance", "leader")
            assert (status == 200) if sees else (status in DENIED), (role, url, status)


@pytest.mark.parametrize("role", ["coordinator", "leader", "focal_b", "head_b"])
def test_another_units_draft_report_cannot_be_printed(world, personas, role):
    """`POST /documents/period/<id>/unit_report/` for unit A's never-sent report: refused, nothing queued."""
    from kehoach.documents.models import GeneratedDocument

    client = Client()
    client.force_login(getattr(personas, role))
    before = GeneratedDocument.objects.count()
    period = world.ids["period"][0]
    response = client.post(f"/documents/period/{period}/unit_report/", {"unit": personas.unit_a.pk},
                           HTTP_HOST="127.0.0.1")
    assert response.status_code in DENIED
    assert GeneratedDocument.objects.count() == before
    # Unit A's report of the year before was sent: the coordinator and leadership may print it.
    response = client.post(f"/documents/period/{world.ids['period'][1]}/unit_report/",
                           {"unit": personas.unit_a.pk}, HTTP_HOST="127.0.0.1")
    assert response.status_code == (302 if role in ("coordinator", "leader") else 404)


def test_audit_log_shows_sent_objects_but_no_draft(world, personas):
    """The global audit log lists the trail of what was sent, never a draft's before/after."""
    for role in ("coordinator", "leader"):
        client = Client()
        client.force_login(getattr(personas, role))
        text = "".join(client.get("/amendments/audit-log/", {"page": n}, HTTP_HOST="127.0.0.1").content.decode()
                       for n in range(1, 6))
        assert "MKSENTABUDGET" in text and "MKSENTBAMENDMENT" in text
        assert not [m for m in forbidden_markers(role) if m in text]


@pytest.mark.parametrize("role", ["focal_b", "head_b", "coordinator", "finance", "leader", "viewer"])
def test_nobody_else_can_act_on_a_units_draft(world, personas, role):
    """POSTs to every action of unit A's drafts by anyone outside unit A: refused (403/404), nothing changes."""
    from kehoach.amendments.models import AmendmentProposal
    from kehoach.budgets.models import BudgetLine
    from kehoach.reporting.models import UnitReport
    from kehoach.unitplans.models import UnitYearPlan

    d = world.drafts["A"]
    rows = [(UnitReport, d["report"]), (BudgetLine, d["budget"]), (AmendmentProposal, d["amendment"]),
            (UnitYearPlan, d["unitplan"])]
    before = [model.objects.filter(pk=pk).values().get() for model, pk in rows]
    posts = [
        (reverse("reporting:report_save", args=[d["report"]]), {"version": 1, "summary": "x"}),
        (reverse("reporting:report_action", args=[d["report"], "approve"]), {}),
        (reverse("reporting:report_action", args=[d["report"], "submit"]), {}),
        (reverse("reporting:evidence_upload", args=[d["entry"]]), {}),
        (reverse("budgets:line_submit", args=[d["budget"]]), {}),
        (reverse("budgets:line_appraise", args=[d["budget"]]), {"approved_amount": "1"}),
        (reverse("amendments:action", args=[d["amendment"], "submit"]), {}),
        (reverse("amendments:item_add", args=[d["amendment"]]), {"kind": "drop", "reason": "x"}),
        (reverse("unitplans:action", args=[d["unitplan"], "submit"]), {}),
        (reverse("unitplans:item_add", args=[d["unitplan"]]), {"title": "x"}),
        (f"/api/reporting/reports/{d['report']}/save/", {"version": 1, "summary": "x"}),
        (f"/api/reporting/reports/{d['report']}/submit/", {}),
        (f"/api/budget-lines/{d['budget']}/submit/", {}),
        (f"/api/amendments/{d['amendment']}/submit/", {}),
        (f"/api/unitplans/{d['unitplan']}/submit/", {}),
    ]
    client = Client()
    client.force_login(getattr(personas, role))
    for url, data in posts:
        status = client.post(url, data, HTTP_HOST="127.0.0.1").status_code
        assert status in DENIED, (role, url, status)
    assert [model.objects.filter(pk=pk).values().get() for model, pk in rows] == before
