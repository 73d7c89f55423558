"""Obligations explained: why each task is owed, unit pages count only what is real, publishing flags groups
that route to nobody and closed units, a successor takes over a closed unit's obligations and history."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kehoach.organizations.models import Organization
from kehoach.organizations.services import organization_set_successor
from kehoach.reporting.models import Obligation, UnitReport


def test_unit_page_says_why_each_task_is_owed(client, period, personas):
    client.force_login(personas.focal_a)
    page = client.get(reverse("organizations:unit_detail", args=[personas.unit_a.pk])).content.decode()
    assert "chủ trì qua nhóm Các đơn vị thuộc Bộ; thời gian Thường xuyên" in page
    # Another unit's focal point does not read unit A's obligations.
    client.force_login(personas.focal_b)
    page = client.get(reverse("organizations:unit_detail", args=[personas.unit_a.pk])).content.decode()
    assert 'data-testid="why-owed"' not in page


def test_successor_takes_over_obligations_and_history(client, period, personas, django_user_model):
    # Unit A leads task 11 alone; it merges into unit B.
    task = Obligation.objects.get(period=period, unit=personas.unit_a, task__ref="11").task
    with pytest.raises(ValidationError) as err:
        organization_set_successor(actor=personas.coordinator, organization=personas.unit_a,
                                   successor=personas.unit_a, since=dt.date(2025, 3, 1))
    assert "successor" in err.value.message_dict
    closed = Organization.objects.get(pk=personas.finance.unit.pk)
    closed.is_active = False
    closed.save()
    with pytest.raises(ValidationError, match="đã ngừng hoạt động") as err:
        organization_set_successor(actor=personas.coordinator, organization=personas.unit_a, successor=closed,
                                   since=dt.date(2025, 3, 1))
    assert "successor" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        organization_set_successor(actor=personas.coordinator, organization=personas.unit_a,
                                   successor=personas.unit_b, since=None)
    assert "successor_since" in err.value.message_dict
    assert Organization.objects.get(pk=personas.unit_a.pk).is_active  # nothing written

    organization_set_successor(actor=personas.coordinator, organization=personas.unit_a, successor=personas.unit_b,
                               since=dt.date(2025, 3, 1))
    ob = Obligation.objects.get(period=period, task=task, role="lead")
    assert ob.unit_id == personas.unit_b.pk and "kế thừa Cục Di sản văn hóa" in ob.reason
    report_b = UnitReport.objects.get(period=period, unit=personas.unit_b)
    assert report_b.entries.filter(task=task).exists()
    # Unit B's people read unit A's history on B's page.
    client.force_login(personas.focal_b)
    page = client.get(reverse("organizations:unit_detail", args=[personas.unit_b.pk])).content.decode()
    old_report = UnitReport.objects.get(period=period, unit=personas.unit_a)
    assert old_report.get_absolute_url() in page
    assert client.get(old_report.get_absolute_url()).status_code == 200


def test_publishing_flags_groups_with_no_members_and_closed_units(make_plan, registry):
    from conftest import gold
    from kehoach.plans.services import plan_create_from_parsed, plan_publish

    parsed = gold("000")
    parsed["tasks"][5]["lead"] = ["Các Hãng phim"]
    parsed["tasks"][6]["lead"] = ["Cục Điện ảnh"]
    Organization.objects.filter(name="Cục Điện ảnh").update(is_active=False)
    plan = plan_create_from_parsed(parsed=parsed, actor=None, source_name="x.txt")
    plan = plan_publish(plan=plan, actor=None, create_unknown=True)
    gaps = " ".join(plan.assignment_gaps)
    assert "Cục Điện ảnh" in gaps and "kế thừa" in gaps
    assert "Các Hãng phim" in gaps and "chưa có đơn vị thành viên" in gaps
    assert set(plan.assignment_gaps) <= set(plan.import_warnings)


def test_unit_page_counts_only_published_current_tasks(client, make_plan, personas):
    make_plan("000")
    client.force_login(personas.coordinator)
    url = reverse("organizations:unit_detail", args=[personas.unit_a.pk])

    def counts():
        context = client.get(url).context
        return context["leading"].paginator.count, context["coordinating"].paginator.count

    before = counts()
    assert before[0] > 0
    make_plan("000", publish=False)  # a draft re-import of the same plan: its rows are not owed
    assert counts() == before


def test_a_group_with_no_members_is_refused(registry, personas):
    from kehoach.organizations.services import group_set_members, organization_create_from_import

    group = organization_create_from_import(name="Các Hãng phim", kind="group")
    with pytest.raises(ValidationError) as err:
        group_set_members(actor=personas.coordinator, group=group, members=[])
    assert "members" in err.value.message_dict and "ít nhất một đơn vị" in err.value.message_dict["members"][0]
    assert not group.members.exists()
    with pytest.raises(Exception):  # noqa: B017 - PermissionDenied for a unit's focal point
        group_set_members(actor=personas.focal_a, group=group, members=[personas.unit_b])
    group_set_members(actor=personas.coordinator, group=group, members=[personas.unit_b])
    from kehoach.organizations.selectors import assignment_gaps, expand_to_units
    assert [u.pk for u in expand_to_units(Organization.objects.get(pk=group.pk))] == [personas.unit_b.pk]
    assert assignment_gaps([Organization.objects.get(pk=group.pk)]) == []
