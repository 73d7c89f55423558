"""How a page shows a service's refusal: as a message (or on the form) instead of an error page.

    with service_errors(request):
        services.report_submit(report=report, actor=request.user)
        messages.success(request, _("Đã gửi."))
    return redirect(report)
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _


@dataclass
class Outcome:
    """What happened inside ``service_errors``: ``failed`` once a refusal was caught."""

    failed: bool = False
    error: Exception | None = None


def error_text(exc: Exception) -> str:
    """One line for a refusal: a ValidationError's messages joined; a PermissionDenied's own words."""
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc) or _("Bạn không có quyền thực hiện thao tác này.")


def form_errors(form, exc: ValidationError) -> None:
    """Show a service's refusal on the field it names, or above the form."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@contextmanager
def service_errors(request=None, *, form=None, each: bool = False, permission: bool = False) -> Iterator[Outcome]:
    """Catch the service's ValidationError (and PermissionDenied with ``permission=True``) raised inside.

    It becomes one error message (``each=True``: one message per error), or with ``form`` the form's
    errors. Anything else propagates. The ``Outcome`` says whether it failed.
    """
    outcome = Outcome()
    caught = (ValidationError, PermissionDenied) if permission else (ValidationError,)
    try:
        yield outcome
    except caught as exc:
        outcome.failed, outcome.error = True, exc
        if form is not None:
            form_errors(form, exc)
        elif each and isinstance(exc, ValidationError):
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.error(request, error_text(exc))
