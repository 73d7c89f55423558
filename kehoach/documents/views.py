"""documents views: ask for a document, follow its generation, download it; signature profiles."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kehoach.core.feedback import service_errors
from kehoach.core.files import stored_file_response
from kehoach.core.rules import may, require
from kehoach.plans import selectors as plan_selectors

from . import selectors, services
from .choices import PLAN_EXPORT_KINDS, DocumentKind, DocumentStatus
from .forms import ConsolidationDraftForm, SignatureProfileForm


def document_list(request):
    documents = selectors.documents_visible_to(request.user).select_related("plan", "unit", "created_by")[:100]
    return render(request, "documents/document_list.html", {"documents": documents})


def document_detail(request, pk: int):
    document = selectors.document_get(request.user, pk)
    template = "documents/_document_status.html" if request.headers.get("HX-Request") else \
        "documents/document_detail.html"
    return render(request, template, {"document": document})


def document_download(request, pk: int):
    document = selectors.document_get(request.user, pk)
    if document.status != DocumentStatus.DONE or not document.file:
        raise Http404
    return stored_file_response(document.file, filename=document.filename, content_type=document.content_type)


@require_POST
def plan_export(request, plan_pk: int, kind: str):
    plan = plan_selectors.plan_get(request.user, plan_pk)
    if kind not in PLAN_EXPORT_KINDS:
        raise Http404
    document = services.document_request(actor=request.user, plan=plan, kind=kind)
    if request.headers.get("HX-Request"):
        return render(request, "documents/_document_status.html", {"document": document})
    return redirect(document)


def consolidated(request, plan_pk: int | None = None, period_pk: int | None = None):
    """The coordinator edits the consolidated report's texts (prefilled from the accepted unit reports), then
    generates a new version; for a reporting period, or for the plan's state today."""
    period = selectors.period_get(request.user, period_pk) if period_pk else None
    plan = period.plan if period else plan_selectors.plan_get(request.user, plan_pk)
    require(request.user, "documents.draft_consolidated")
    period_id = period.pk if period else None
    draft = selectors.consolidation_draft(plan, period_id)
    initial = {}
    if period and not draft.pk:
        initial["difficulties"], initial["proposals"] = selectors.merged_texts(period)
    if not draft.pk:
        kinh_gui, recipients = selectors.plan_default_addressees(plan)
        initial["kinh_gui"], initial["recipients"] = "\n".join(kinh_gui), "\n".join(recipients)
    form = ConsolidationDraftForm(request.POST or None, instance=draft, initial=initial, coordinator=plan.coordinator)
    sources = selectors.task_sources(period, draft) if period else []
    if request.method == "POST" and form.is_valid():
        texts = {row["lineage"]: request.POST[f"task-{row['lineage']}"] for row in sources
                 if f"task-{row['lineage']}" in request.POST}
        with service_errors(form=form):
            services.consolidation_draft_save(actor=request.user, plan=plan, period_id=period_id,
                                              task_texts=texts, **form.cleaned_data)
        if form.errors:
            return render(request, "documents/consolidated_form.html",
                          {"plan": plan, "period": period, "form": form, "previous": [], "sources": sources})
        if "generate" not in request.POST:
            messages.success(request, _("Đã lưu dự thảo báo cáo tổng hợp."))
            return redirect(request.path)
        document = services.consolidated_request(actor=request.user, plan=plan, period_id=period_id)
        if request.headers.get("HX-Request"):
            return render(request, "documents/_document_status.html", {"document": document})
        return redirect(document)
    previous = selectors.documents_visible_to(request.user).filter(
        plan=plan, period_id=period_id, kind=DocumentKind.CONSOLIDATED_REPORT).select_related("created_by")[:10]
    return render(request, "documents/consolidated_form.html",
                  {"plan": plan, "period": period, "form": form, "previous": previous, "sources": sources})


def period_documents(request, pk: int):
    """The documents of a reporting period: what the user may generate, and what was generated."""
    period = selectors.period_get(request.user, pk)
    if not may(request.user, "documents.see_period_documents", period):
        raise Http404
    units = selectors.period_units_for(request.user, period)
    documents = selectors.documents_visible_to(request.user).filter(period=period).select_related(
        "unit", "created_by")[:50]
    return render(request, "documents/period_documents.html",
                  {"period": period, "units": units, "documents": documents})


@require_POST
def period_generate(request, pk: int, kind: str):
    period = selectors.period_get(request.user, pk)
    unit = None
    if kind == DocumentKind.UNIT_REPORT:
        unit = selectors.unit_for_report_get(request.user, period, request.POST.get("unit"))
    elif kind not in (DocumentKind.URGING_LETTER, DocumentKind.MATRIX_XLSX):
        raise Http404
    document = services.period_document_request(actor=request.user, period=period, kind=kind, unit=unit)
    if request.headers.get("HX-Request"):
        return render(request, "documents/_document_status.html", {"document": document})
    return redirect(document)


def signature_profiles(request):
    require(request.user, "documents.edit_signers")
    form = SignatureProfileForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_errors(form=form):
            services.signature_profile_set(actor=request.user, **form.cleaned_data)
            messages.success(request, _("Đã lưu người ký văn bản."))
            return redirect("documents:signatures")
    return render(request, "documents/signature_profiles.html",
                  {"form": form, "profiles": selectors.signature_profiles()})


def period_urge(request, pk: int):
    """The urging letter of a period, built on demand (served under reporting's URL, see kehoach/urls.py)."""
    period = selectors.period_get(request.user, pk)
    content = services.urging_letter_bytes(period=period, actor=request.user)
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument."
                                                  "wordprocessingml.document")
    response["Content-Disposition"] = f'attachment; filename="cong-van-don-doc-ky-{period.pk}.docx"'
    return response
