"""Workspace views for a proposal's photos and PDF documents."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from innovations import rules, services, uploads
from innovations.workspace.access import get_innovation, workspace_view
from innovations.workspace.forms import (
    FILES_SLUG,
    DocumentUploadForm,
    ImageUploadForm,
    step_menu,
)
from judging.services import entries as lifecycle


@workspace_view
@require_http_methods(["GET", "POST"])
def files(request, pk):
    innovation = get_innovation(request, pk)
    can_edit = request.workspace.can_edit(innovation)
    image_form, document_form = ImageUploadForm(), DocumentUploadForm()
    status = 200
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if "upload_image" in request.POST:
            image_form = ImageUploadForm(request.POST, request.FILES)
            if image_form.is_valid():
                image = uploads.store_image(upload=image_form.cleaned_data["image"],
                                            title=image_form.cleaned_data["caption"]
                                            or innovation.draft_title, user=request.user)
                services.add_gallery_image(innovation=innovation, user=request.user,
                                           image=image,
                                           caption=image_form.cleaned_data["caption"])
                messages.success(request, _("Photo added."))
                return redirect("workspace:files", pk=pk)
            status = 422
        elif "upload_document" in request.POST:
            document_form = DocumentUploadForm(request.POST, request.FILES)
            if document_form.is_valid():
                title = document_form.cleaned_data["title"]
                document = uploads.store_document(
                    upload=document_form.cleaned_data["document"],
                    title=title or document_form.cleaned_data["document"].name,
                    user=request.user)
                services.add_document(innovation=innovation, user=request.user,
                                      document=document, title=title)
                messages.success(request, _("Document added."))
                return redirect("workspace:files", pk=pk)
            status = 422
    proposal = innovation.get_latest_revision_as_object()
    steps = {}
    if can_edit:  # the operator's step menu; the agency admin only reads the files
        nav, number, total = step_menu(proposal, current=FILES_SLUG)
        steps = {"nav": nav, "step_number": number, "step_total": total,
                 "completeness": rules.completeness(proposal, lifecycle.open_competition())}
    return render(request, "innovations/workspace/files.html", {
        **steps,
        "innovation": innovation, "proposal": proposal, "can_edit": can_edit,
        # A handful of files per proposal: one query each is fine here.
        "gallery": list(proposal.gallery_images.all()),
        "documents": list(proposal.documents.all()),
        "image_form": image_form, "document_form": document_form,
    }, status=status)


@workspace_view
@require_POST
def remove(request, pk, kind, object_id):
    innovation = get_innovation(request, pk, edit=True)
    try:
        services.remove_upload(innovation=innovation, user=request.user, kind=kind,
                               object_id=object_id)
    except services.ProposalRuleError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("File removed from the proposal."))
    return redirect("workspace:files", pk=pk)
