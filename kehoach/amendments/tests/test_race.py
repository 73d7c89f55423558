"""Two approvals of proposals made on the same version, at the same moment: one wins, the other is refused."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from kehoach.amendments.choices import ProposalStatus
from kehoach.amendments.models import AmendmentProposal


@pytest.mark.django_db(transaction=True)
def test_racing_approvals_make_one_version(make_plan, personas, flow):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are only meaningful on PostgreSQL")
    plan = make_plan("000")
    p = personas
    first = flow.to_leadership(flow.draft(plan, p.focal_a, [("change", "11", {"title": "A"})]), p.head_a,
                               p.coordinator)
    second = flow.to_leadership(flow.draft(plan, p.focal_b, [("change", "21", {"title": "B"})]), p.head_b,
                                p.coordinator)
    barrier, results = threading.Barrier(2), {}

    def approve(proposal, number):
        from django.db import connections

        try:
            barrier.wait()
            flow.approve(AmendmentProposal.objects.get(pk=proposal.pk), p.leader, number=number)
            results[proposal.pk] = "ok"
        except ValidationError as exc:
            results[proposal.pk] = " ".join(exc.messages)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            results[proposal.pk] = repr(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(first, "1/QĐ")),
               threading.Thread(target=approve, args=(second, "2/QĐ"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results.values(), key=len)[0] == "ok", results
    refused = [v for v in results.values() if v != "ok"]
    assert len(refused) == 1 and "phiên bản 2" in refused[0], (results, list(plan.versions.values_list("number", flat=True)))
    plan.refresh_from_db()
    assert plan.versions.count() == 2
    assert AmendmentProposal.objects.filter(status=ProposalStatus.APPROVED).count() == 1
