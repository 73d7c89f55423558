"""Every form field, however a template renders it, has a name screen readers announce, Bootstrap's look, and
its error tied to it (settings.FORM_RENDERER)."""

import re

import pytest
from django import forms


class Sample(forms.Form):
    status = forms.ChoiceField(label="Trạng thái", choices=[("", "Tất cả"), ("a", "A")], required=False)
    amount = forms.IntegerField(label="Số tiền", help_text="Đơn vị: đồng")
    styled = forms.CharField(label="Đã có lớp", widget=forms.TextInput(attrs={"class": "mine"}), required=False)
    agree = forms.BooleanField(label="Đồng ý", required=False)
    secret = forms.CharField(widget=forms.HiddenInput, required=False)


def test_a_bare_widget_is_named_by_its_label_and_styled():
    form = Sample()
    status = str(form["status"])
    assert 'aria-label="Trạng thái"' in status and 'class="form-select form-select-sm"' in status
    assert 'class="form-control form-control-sm"' in str(form["amount"])
    assert 'class="mine"' in str(form["styled"])  # a form's own classes are kept
    assert 'class="form-check-input"' in str(form["agree"])
    assert "aria-label" not in str(form["secret"])


def test_an_error_is_tied_to_its_field():
    form = Sample(data={"amount": "nhiều"})
    assert not form.is_valid()
    widget = str(form["amount"])
    assert 'aria-invalid="true"' in widget
    described = re.search(r'aria-describedby="([^"]+)"', widget).group(1).split()
    assert "id_amount_error" in described and "id_amount_helptext" in described
    assert 'id="id_amount_error"' in str(form["amount"].errors)


@pytest.mark.django_db
def test_audit_log_filter_error_is_tied_to_the_date_field(client, personas):
    client.force_login(personas.coordinator)
    response = client.get("/amendments/audit-log/", {"date_from": "32/13/2026"})
    assert response.status_code == 200
    html = response.content.decode()
    field = re.search(r'<input[^>]*name="date_from"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in field and 'aria-describedby="id_date_from_error"' in field
    assert re.search(r'id="id_date_from_error"[^>]*>[^<]+', html)
    assert '<label class="form-label small" for="id_date_from">' in html
