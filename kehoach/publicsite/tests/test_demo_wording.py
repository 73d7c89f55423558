"""The demo speaks Vietnamese and, under --no-serve, does not claim to be serving."""

import io
import re

import pytest
from django.core.management import call_command


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_demo_output_is_vietnamese_and_honest_about_serving(settings, tmp_path):
    out = io.StringIO()
    call_command("demo", "--no-serve", stdout=out)
    text = out.getvalue()
    assert "sẵn sàng tại" not in text  # nothing is listening under --no-serve
    assert "kehoach serve" in text
    assert "/cong-khai/" in text  # the public page the demo opted in
    # Words of the code (app labels, states) never leak into what the demo prints.
    for word in ("accepted", "submitted", "returned", "documents:", "amendments:", "unitplans:", "approved"):
        assert not re.search(rf"\b{re.escape(word)}\b", text), word
