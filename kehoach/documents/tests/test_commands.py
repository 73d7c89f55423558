"""`kehoach export`: the same files as the web, written where asked."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command

from kehoach.documents.models import GeneratedDocument

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("fmt,magic", [("xlsx", b"PK"), ("docx", b"PK"), ("json", b"{"), ("activities", b"PK")])
def test_export_writes_the_file_and_stores_a_version(plan, tmp_path, fmt, magic):
    out = tmp_path / f"plan.{fmt}"
    call_command("export", str(plan.pk), "--format", fmt, "-o", str(out))
    assert out.read_bytes()[:len(magic)] == magic
    assert GeneratedDocument.objects.get().version == 1
    if fmt == "json":
        assert len(json.loads(out.read_text(encoding="utf-8"))["tasks"]) == 29


def test_export_of_an_unknown_plan_says_so(registry, tmp_path):
    with pytest.raises(CommandError, match="Không có kế hoạch số 4242"):
        call_command("export", "4242", "--format", "xlsx", "-o", str(tmp_path / "x.xlsx"))
