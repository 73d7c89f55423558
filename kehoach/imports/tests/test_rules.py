"""The imports app's rules, every role × own/other unit (see ``kehoach.core.tests.rulebook``)."""

from __future__ import annotations

import pytest

from kehoach.core.tests.rulebook import RuleCase, nothing, rule_test

pytestmark = pytest.mark.django_db


def draft_plan(world, unit):
    from kehoach.plans.models import Plan

    return Plan(status="draft", title="Bản nháp")


def published_plan(world, unit):
    from kehoach.plans.models import Plan

    return Plan(status="published", title="Kế hoạch")


TABLE = [
    RuleCase("imports.import_document", nothing, own="coordinator admin system", other="coordinator admin system"),
    RuleCase("imports.review_import", draft_plan, own="coordinator admin", other="coordinator admin"),
    RuleCase("imports.review_import", published_plan, own="", other="", label="published"),
    RuleCase("imports.see_scan_crop", nothing, own="coordinator admin", other="coordinator admin"),
]


test_rule = rule_test(TABLE)
