"""The CLI hooks: `kehoach demo` data is idempotent, `kehoach status` counts documents."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from kehoach.documents import demo, status
from kehoach.documents.models import ConsolidationDraft, SignatureProfile

pytestmark = pytest.mark.django_db


def test_demo_twice_duplicates_nothing(make_plan):
    plans = [make_plan("000"), make_plan("001")]
    for _ in range(2):
        demo.populate(stdout=io.StringIO(), plans=plans, today=dt.date(2026, 11, 23))
    assert SignatureProfile.objects.count() == 2 and ConsolidationDraft.objects.count() == 1
    assert status.counts() == {"documents_generated": 0, "documents_failed": 0, "signature_profiles": 2}
