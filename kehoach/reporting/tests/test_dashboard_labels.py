"""The period dashboard's chart speaks the reader's language, the "not reported" bar included."""

import pytest
from django.utils import translation

from kehoach.reporting import selectors


@pytest.mark.django_db
@pytest.mark.parametrize(("lang", "label"), [("vi", "Chưa báo cáo"), ("en", "Not reported")])
def test_not_reported_bar_is_translated(period, lang, label):
    with translation.override(lang):
        board = selectors.period_dashboard(period)
        labels = [str(bar["label"]) for bar in board["chart"]]
    assert labels[-1] == label
