"""Workspace views for agency admins: the review list, one entry, forward and return."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innovations import services
from innovations.sections import SECTIONS
from innovations.workspace.access import workspace_view
from innovations.workspace.forms import ReturnForm
from judging.models import Entry, EntryEvent, EntryStatus
from judging.services import disclosure
from judging.services import entries as lifecycle

# Entries per page of the agency admin's list (a province or a ministry can have
# hundreds across the editions).
REVIEW_PAGE_SIZE = 50


def _agency_entries(request):
    who = request.workspace
    if not who.is_agency_admin:
        raise PermissionDenied
    # What the agency admin sees of each entry's outcome follows the unit's rule.
    return disclosure.for_units(Entry.objects.filter(innovation__agency_id__in=who.agency_ids))


def _get_entry(request, entry_id):
    entry = (_agency_entries(request).select_related(
        "innovation", "innovation__unit", "innovation__agency", "competition", "category")
        .filter(pk=entry_id).first())
    if entry is None:
        raise Http404
    return entry


@workspace_view
def review_list(request):
    entries = _agency_entries(request)
    status = request.GET.get("status", EntryStatus.SUBMITTED)
    if status not in EntryStatus.values and status != "all":
        status = EntryStatus.SUBMITTED
    counts = dict(entries.values_list("unit_status").annotate(n=Count("pk")).order_by())
    listed = entries if status == "all" else entries.filter(unit_status=status)
    listed = (listed.select_related("innovation", "innovation__unit", "competition")
              .order_by("-submitted_at", "-pk"))
    page_obj = Paginator(listed, REVIEW_PAGE_SIZE).get_page(request.GET.get("halaman"))
    tabs = [{"code": code, "label": label, "count": counts.get(code, 0)}
            for code, label in EntryStatus.choices if counts.get(code) or code == status]
    return render(request, "innovations/workspace/review_list.html", {
        "entries": list(page_obj.object_list), "page_obj": page_obj, "status": status,
        "tabs": tabs, "total": sum(counts.values()),
    })


@workspace_view
def review(request, entry_id):
    entry = _get_entry(request, entry_id)
    events = list(disclosure.unit_events(EntryEvent.objects.filter(entry=entry))
                  .select_related("actor").order_by("-created_at", "-pk"))
    # The text as submitted (the entry's frozen revision), so the agency admin reads what
    # they forward without leaving the page.
    submitted = entry.revision.as_object() if entry.revision_id else \
        entry.innovation.get_latest_revision_as_object()
    sections = [{"key": section.key, "label": section.label,
                 "text": getattr(submitted, section.key, "") or ""}
                for section in SECTIONS]
    return render(request, "innovations/workspace/review.html", {
        "entry": entry, "events": events, "return_form": ReturnForm(),
        "sections": [item for item in sections if item["text"].strip()],
    })


@workspace_view
@require_POST
def forward(request, entry_id):
    entry = _get_entry(request, entry_id)
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Not forwarded: tick the box to confirm that you have read "
                                  "the proposal and want to forward and publish it."))
        return redirect("workspace:review", entry_id=entry.pk)
    try:
        lifecycle.forward_entry(entry=entry, user=request.user)
    except services.ProposalRuleError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Forwarded to %(competition)s; the public profile is "
                                    "published.") % {"competition": entry.competition.name})
    return redirect("workspace:review", entry_id=entry.pk)


@workspace_view
@require_POST
def return_to_unit(request, entry_id):
    entry = _get_entry(request, entry_id)
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            lifecycle.return_entry(entry=entry, user=request.user, note=form.cleaned_data["note"])
        except services.ProposalRuleError as error:
            for message in error.messages:
                form.add_error("note", message)
        else:
            messages.success(request, _("Returned to the unit with your note."))
            return redirect("workspace:review", entry_id=entry.pk)
    events = list(disclosure.unit_events(EntryEvent.objects.filter(entry=entry))
                  .select_related("actor")
                  .order_by("-created_at", "-pk"))
    return render(request, "innovations/workspace/review.html", {
        "entry": entry, "events": events, "return_form": form,
    }, status=422)
