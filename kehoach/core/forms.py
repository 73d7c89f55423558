"""core forms: how every form's fields render, project-wide (settings.FORM_RENDERER)."""

from django.forms import (
    BoundField,
    CheckboxInput,
    CheckboxSelectMultiple,
    ClearableFileInput,
    RadioSelect,
    Select,
    SelectMultiple,
)
from django.forms.renderers import DjangoTemplates
from django.utils.html import strip_tags


class AccessibleBoundField(BoundField):
    """Every visible field is named by its label, even where a template renders the bare widget (filter bars
    show `{{ form.status }}` with no <label>): screen readers and axe's `label`/`select-name` rules need one.
    Errors are already tied by Django (`aria-describedby` to `<id>_error` when rendered with `{{ field.errors }}`)."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        named = "aria-label" in attrs or "aria-label" in widget.attrs or "aria-labelledby" in widget.attrs
        # Radio and checkbox groups: each option carries its own label.
        if self.label and not widget.is_hidden and not named and not isinstance(
                widget, (RadioSelect, CheckboxSelectMultiple)):
            attrs["aria-label"] = strip_tags(str(self.label)).strip().rstrip(":")
        # Styled like the rest: Bootstrap's classes on any widget a form left bare.
        if not widget.is_hidden and "class" not in attrs and "class" not in widget.attrs:
            if css := _bootstrap_class(widget):
                attrs["class"] = css
        return attrs


def _bootstrap_class(widget) -> str:
    if isinstance(widget, (RadioSelect, CheckboxSelectMultiple)):
        return ""
    if isinstance(widget, CheckboxInput):
        return "form-check-input"
    if isinstance(widget, (Select, SelectMultiple)):
        return "form-select form-select-sm"
    if isinstance(widget, ClearableFileInput):
        return "form-control"
    return "form-control form-control-sm"


class FormRenderer(DjangoTemplates):
    bound_field_class = AccessibleBoundField
