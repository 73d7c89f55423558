"""documents views: ask for a document, follow its generation, download it; signature profiles."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kehoach.core.permissions import is_manager, require
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
    response = FileResponse(document.file.open("rb"), content_type=document.content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(document.filename)}"
    return response


@require_POST
def plan_export(request, plan_pk: int, kind: str):
    plan = plan_selectors.plan_get(request.user, plan_pk)
    if kind not in PLAN_EXPORT_KINDS:
        raise Http404
    document = services.document_request(actor=request.user, plan=plan, kind=kind)
    if request.headers.get("HX-Request"):
        return render(request, "documents/_document_status.html", {"document": document})
    return redirect(document)


def consolidated(request, plan_pk: int):
    """The coordinator edits the consolidated report's texts, then generates a new version."""
    plan = plan_selectors.plan_get(request.user, plan_pk)
    require(is_manager(request.user), _("Chỉ đơn vị đầu mối mới được soạn báo cáo tổng hợp."))
    draft = selectors.consolidation_draft(plan)
    form = ConsolidationDraftForm(request.POST or None, instance=draft)
    if request.method == "POST" and form.is_valid():
        services.consolidation_draft_save(actor=request.user, plan=plan, **form.cleaned_data)
        if "generate" not in request.POST:
            messages.success(request, _("Đã lưu dự thảo báo cáo tổng hợp."))
            return redirect("documents:consolidated", plan.pk)
        document = services.consolidated_request(actor=request.user, plan=plan)
        if request.headers.get("HX-Request"):
            return render(request, "documents/_document_status.html", {"document": document})
        return redirect(document)
    previous = [d for d in selectors.plan_documents(request.user, plan, limit=50)
                if d.kind == DocumentKind.CONSOLIDATED_REPORT][:10]
    return render(request, "documents/consolidated_form.html", {"plan": plan, "form": form, "previous": previous})


def signature_profiles(request):
    require(is_manager(request.user), _("Chỉ đơn vị đầu mối mới được sửa người ký văn bản."))
    form = SignatureProfileForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.signature_profile_set(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã lưu người ký văn bản."))
            return redirect("documents:signatures")
    return render(request, "documents/signature_profiles.html",
                  {"form": form, "profiles": selectors.signature_profiles()})
