"""Deadline extensions with permissions, people per task, the summary dashboard and "Việc của tôi"."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kehoach.core.models import AuditEntry
from kehoach.plans.choices import ExtensionState, TaskClass, TaskProgress
from kehoach.plans.models import Task, TaskAssignment
from kehoach.plans.selectors import class_summary
from kehoach.plans.services import (
    extension_approve,
    extension_refuse,
    extension_request,
    plan_new_version,
    task_rows,
    task_set_tracking,
)

TODAY = timezone.localdate()


@pytest.fixture
def plan(make_plan):
    return make_plan("000")


@pytest.fixture
def task(plan, personas):
    """A task unit A leads, due yesterday, with the leadership persona in charge."""
    task = plan.tasks.filter(is_current=True).order_by("position").first()
    task.assignments.filter(role="lead").delete()  # unit A alone leads it (not a group every unit is in)
    TaskAssignment.objects.create(task=task, organization=personas.unit_a, role="lead", raw_name=personas.unit_a.name,
                                  position=9)
    Task.objects.filter(pk=task.pk).update(timeframe_start=None, timeframe_end=TODAY - dt.timedelta(days=1),
                                           progress=TaskProgress.IN_PROGRESS)
    task = Task.objects.get(pk=task.pk)
    return task_set_tracking(task=task, actor=personas.coordinator, data={
        "leader_in_charge": personas.leader, "tracking_officer": personas.coordinator,
        "focal_point": personas.focal_a, "is_key": True, "assigned_by_number": "123/QĐ-BVHTTDL",
        "assigned_by_date": dt.date(2026, 3, 2), "assigned_by_issuer": "Bộ Văn hóa, Thể thao và Du lịch"})


def test_people_and_document_are_set_by_the_coordinator_only(task, personas):
    assert task.leader_in_charge == personas.leader and task.is_key
    assert AuditEntry.objects.filter(action="task.tracking", object_id=str(task.pk)).exists()
    with pytest.raises(PermissionDenied):
        task_set_tracking(task=task, actor=personas.focal_a, data={"is_key": False})
    with pytest.raises(ValidationError) as err:
        task_set_tracking(task=task, actor=personas.coordinator, data={"focal_point": personas.focal_b})
    assert "focal_point" in err.value.error_dict
    with pytest.raises(ValidationError) as err:
        task_set_tracking(task=task, actor=personas.coordinator, data={"leader_in_charge": personas.viewer})
    assert "leader_in_charge" in err.value.error_dict


def test_extension_workflow(task, personas):
    assert task.task_class == TaskClass.OVERDUE
    original = task.deadline
    # Unit B does not lead the task; the leader cannot decide before there is a request.
    with pytest.raises(PermissionDenied):
        extension_request(task=task, actor=personas.focal_b, reason="Chờ ý kiến", proposed_date=TODAY)
    # A date not after the current deadline is refused, naming the field.
    with pytest.raises(ValidationError) as err:
        extension_request(task=task, actor=personas.focal_a, reason="Chờ ý kiến", proposed_date=original)
    assert "proposed_date" in err.value.error_dict and original.strftime("%d/%m/%Y") in err.value.messages[0]
    with pytest.raises(ValidationError) as err:
        extension_request(task=task, actor=personas.focal_a, reason=" ", proposed_date=TODAY + dt.timedelta(30))
    assert "reason" in err.value.error_dict

    first = extension_request(task=task, actor=personas.focal_a, reason="Chờ ý kiến các bộ",
                              proposed_date=TODAY + dt.timedelta(days=10))
    assert first.previous_deadline == original and first.requested_unit == personas.unit_a
    # Only the leader in charge decides (the plan's default); a refusal needs a comment.
    for outsider in (personas.coordinator, personas.focal_a, personas.head_a):
        with pytest.raises(PermissionDenied):
            extension_approve(extension=first, actor=outsider)
    with pytest.raises(ValidationError) as err:
        extension_refuse(extension=first, actor=personas.leader, comment="")
    assert "comment" in err.value.error_dict
    extension_refuse(extension=first, actor=personas.leader, comment="Đề nghị hoàn thành đúng hạn")
    first.refresh_from_db()
    task.refresh_from_db()
    assert first.state == ExtensionState.REFUSED and task.deadline == original and not task.is_extended

    second = extension_request(task=task, actor=personas.focal_a, reason="Chờ ý kiến các bộ",
                               proposed_date=TODAY + dt.timedelta(days=20))
    extension_approve(extension=second, actor=personas.leader, comment="Đồng ý")
    task.refresh_from_db()
    assert task.deadline == TODAY + dt.timedelta(days=20) and task.original_deadline == original
    assert task.is_extended and task.task_class == TaskClass.IN_TIME
    # Completed within the extension: on time, and still marked extended.
    task.progress = TaskProgress.COMPLETED
    task.save()
    assert task.task_class == TaskClass.DONE_ON_TIME and task.is_extended
    with pytest.raises(ValidationError) as err:
        extension_request(task=task, actor=personas.focal_a, reason="Thêm", proposed_date=TODAY + dt.timedelta(40))
    assert "proposed_date" in err.value.error_dict
    assert AuditEntry.objects.filter(action__startswith="task.extension_").count() >= 5


def test_minister_decides_when_the_plan_says_so(task, personas, django_user_model):
    task.plan.extension_approver = "minister"
    task.plan.save()
    minister = django_user_model.objects.create_user("minister", password="pw", role="leadership",
                                                     position="Bộ trưởng")
    extension = extension_request(task=task, actor=personas.focal_a, reason="Lý do",
                                  proposed_date=TODAY + dt.timedelta(days=5))
    with pytest.raises(PermissionDenied):
        extension_approve(extension=extension, actor=personas.leader)
    from kehoach.plans.selectors import my_tasks

    assert list(my_tasks(minister)["decide"]) == [extension] and not my_tasks(personas.leader)["decide"]
    extension_approve(extension=extension, actor=minister)
    extension.refresh_from_db()
    assert extension.state == ExtensionState.APPROVED


def test_extensions_and_people_survive_a_new_version(task, personas):
    extension = extension_request(task=task, actor=personas.focal_a, reason="Lý do",
                                  proposed_date=TODAY + dt.timedelta(days=5))
    extension_approve(extension=extension, actor=personas.leader)
    plan = task.plan
    old_rows = list(plan.tasks.filter(is_current=True).order_by("position"))
    plan_new_version(plan=plan, rows=task_rows(old_rows), lineages=[t.lineage for t in old_rows], actor=None,
                     source="manual", note="v2")
    new = Task.objects.get(plan=plan, lineage=task.lineage, is_current=True)
    assert new.pk != task.pk and new.deadline == TODAY + dt.timedelta(days=5) and new.is_extended
    assert new.leader_in_charge == personas.leader and new.assigned_by_number == "123/QĐ-BVHTTDL"


def test_pages_show_and_refuse_with_400(client, task, personas):
    client.force_login(personas.focal_a)
    url = reverse("plans:extension_request", args=[task.pk])
    response = client.post(url, {"proposed_date": task.deadline.strftime("%d/%m/%Y"), "reason": "Lý do"})
    assert response.status_code == 400
    assert "Thời hạn đề nghị phải sau thời hạn hiện tại" in response.content.decode()
    assert not task.extensions.exists()
    later = (TODAY + dt.timedelta(days=9)).strftime("%d/%m/%Y")
    assert client.post(url, {"proposed_date": later, "reason": "Lý do"}).status_code == 302
    page = client.get(task.get_absolute_url()).content.decode()
    assert later in page and "Chờ duyệt" in page and 'data-testid="extension-decide"' not in page
    client.force_login(personas.leader)
    page = client.get(task.get_absolute_url()).content.decode()
    assert 'data-testid="extension-decide"' in page
    ext = task.extensions.get()
    assert client.post(reverse("plans:extension_decide", args=[ext.pk]), {"decision": "refuse"}).status_code == 400
    assert client.post(reverse("plans:extension_decide", args=[ext.pk]),
                       {"decision": "approve", "comment": "Đồng ý"}).status_code == 302
    page = client.get(task.get_absolute_url()).content.decode()
    assert "đã gia hạn" in page and "Đã chấp thuận" in page
    # The coordinator's tracking form, on its own page; a bad date names the field.
    assert client.get(reverse("plans:task_tracking", args=[task.pk])).status_code == 404
    client.force_login(personas.coordinator)
    form_page = client.get(reverse("plans:task_tracking", args=[task.pk]))
    assert form_page.status_code == 200 and personas.leader.get_full_name() in form_page.content.decode()
    response = client.post(reverse("plans:task_tracking", args=[task.pk]), {"deadline_set": "31/02/2026"})
    assert response.status_code == 400 and "Thời hạn" in response.content.decode()


def test_summary_counts_match_a_hand_count(client, plan, personas):
    tasks = list(plan.tasks.filter(is_current=True).order_by("position"))
    Task.objects.filter(plan=plan).update(timeframe_start=None, timeframe_end=None, progress="not_started",
                                          completed_on=None, leader_in_charge=None)
    yesterday, tomorrow = TODAY - dt.timedelta(days=1), TODAY + dt.timedelta(days=1)
    # Hand count: 2 overdue (both led by the leader), 1 done late, 3 not due (one led by the leader), 1 in
    # time; the other 29 - 7 = 22 have no deadline.
    Task.objects.filter(pk__in=[t.pk for t in tasks[:2]]).update(timeframe_end=yesterday, progress="in_progress",
                                                                 leader_in_charge=personas.leader)
    Task.objects.filter(pk=tasks[2].pk).update(timeframe_end=yesterday, progress="completed", completed_on=TODAY)
    Task.objects.filter(pk__in=[t.pk for t in tasks[3:6]]).update(timeframe_end=tomorrow)
    Task.objects.filter(pk=tasks[3].pk).update(leader_in_charge=personas.leader)
    Task.objects.filter(pk=tasks[6].pk).update(timeframe_end=tomorrow, progress="in_progress")
    summary = class_summary(personas.coordinator)
    assert summary["total"].counts == {"done_on_time": 0, "done_late": 1, "in_time": 1, "overdue": 2,
                                       "not_due": 3, "no_deadline": 22}
    assert summary["plans"][0].counts["overdue"] == 2
    assert [(r.label, r.counts["overdue"], r.counts["not_due"], r.total) for r in summary["leaders"]] == [
        ("Leader", 2, 1, 3)]
    assert summary["total"].on_time_percent == 0
    client.force_login(personas.leader)
    page = client.get(reverse("plans:task_summary"))
    assert page.status_code == 200 and 'data-class="overdue">2<' in page.content.decode()
    client.force_login(personas.focal_a)
    assert client.get(reverse("plans:task_summary")).status_code == 404


def test_summary_and_my_tasks_queries_stay_constant(client, make_plan, personas):
    first = make_plan("000")
    Task.objects.filter(plan=first).update(leader_in_charge=personas.leader, timeframe_end=TODAY - dt.timedelta(1))
    client.force_login(personas.leader)

    def queries(url, params=None):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url, params or {}).status_code == 200
        return len(ctx.captured_queries)

    before = (queries(reverse("plans:task_summary")), queries(reverse("plans:my_tasks")),
              queries(reverse("plans:my_tasks"), {"tab": "lead"}))
    second = make_plan("001")
    Task.objects.filter(plan=second).update(leader_in_charge=personas.leader, timeframe_end=TODAY - dt.timedelta(1))
    after = (queries(reverse("plans:task_summary")), queries(reverse("plans:my_tasks")),
             queries(reverse("plans:my_tasks"), {"tab": "lead"}))
    assert before == after
    page = client.get(reverse("plans:my_tasks")).content.decode()
    assert "Quá hạn" in page and first.tasks.first().title[:30] in page


def test_api_carries_deadline_class_people_and_extensions(client, task, personas):
    extension = extension_request(task=task, actor=personas.focal_a, reason="Lý do",
                                  proposed_date=TODAY + dt.timedelta(days=5))
    extension_approve(extension=extension, actor=personas.leader)
    client.force_login(personas.viewer)
    data = client.get(f"/api/tasks/{task.pk}/").json()
    assert data["task_class"] == "in_time" and data["is_extended"] and data["is_key"]
    assert data["deadline"] == (TODAY + dt.timedelta(days=5)).isoformat()
    assert data["original_deadline"] == (TODAY - dt.timedelta(days=1)).isoformat()
    assert data["leader_in_charge"]["id"] == personas.leader.pk
    assert data["assigned_by"]["number"] == "123/QĐ-BVHTTDL"
    assert [e["state"] for e in data["extensions"]] == ["approved"]
    listed = client.get("/api/tasks/", {"task_class": "in_time", "plan": task.plan_id}).json()
    assert task.pk in [t["id"] for t in listed["results"]]
    assert all(t["task_class"] == "in_time" for t in listed["results"])


def test_plan_page_counts_and_status_workbook_grouped_by_class(client, task, personas):
    import io

    from openpyxl import load_workbook

    client.force_login(personas.viewer)
    page = client.get(task.plan.get_absolute_url()).content.decode()
    overdue = Task.objects.filter(plan=task.plan, is_current=True, timeframe_end__lt=TODAY).exclude(
        progress="completed").count()  # the task and the sample plan's tasks of past years
    assert 'data-testid="plan-classes"' in page and f'data-class="overdue">{overdue}<' in page
    response = client.get(reverse("plans:plan_status_xlsx", args=[task.plan_id]))
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    values = [[c for c in row] for row in ws.iter_rows(values_only=True)]
    headings = [r[0] for r in values if r[0] and str(r[0]).startswith(("Quá hạn", "Không có thời hạn"))]
    assert headings[0] == f"Quá hạn ({overdue})"
    overdue_row = next(r for r in values if r[1] == task.title)
    assert overdue_row[4] == task.deadline.strftime("%d/%m/%Y") and overdue_row[10] == "Leader"


def test_pages_in_english(client, task, personas, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(personas.leader)
    summary = client.get(reverse("plans:task_summary")).content.decode()
    assert "Completed on time" in summary and "By leader in charge" in summary
    page = client.get(task.get_absolute_url()).content.decode()
    assert "Leader in charge" in page and "Overdue" in page and "Request an extension" not in page
    client.force_login(personas.focal_a)
    assert "Request an extension" in client.get(task.get_absolute_url()).content.decode()
