"""Workspace views for unit operators: dashboard, proposal steps, preview and submit.

Views stay thin: they load what the user may see (access.py), bind forms and call
the services; rule breaks come back as ProposalRuleError messages shown on the page.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string, select_template
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.models import Revision

from innovations import rules, services
from innovations.models import InnovationGroup, InnovationPage
from innovations.sections import count_words
from innovations.workspace.access import get_innovation, workspace_view
from innovations.workspace.forms import (
    STEPS,
    STEPS_BY_SLUG,
    CreateProposalForm,
    IndicatorFormSet,
    StatusUpdateForm,
    indicator_rows,
    step_form,
    step_menu,
    steps_for,
)
from judging.models import Entry, EntryEvent, EntryStatus
from judging.models.blind import withheld_innovations
from judging.services import disclosure
from judging.services import entries as lifecycle
from judging.services.blind import is_withheld

DRAFT = "draft"
# Entries awaiting the agency admin shown on the dashboard (the rest: the review list).
AWAITING_SHOWN = 20


def _status(entry):
    """(code, label) of a proposal as its unit may see it: its latest entry's status
    (``for_units``: an undisclosed outcome reads "In judging"), or draft."""
    if entry is None:
        return DRAFT, _("Draft")
    return entry.unit_status, entry.get_unit_status_display()


def _latest_entries(innovation_ids):
    """{innovation id: its entry in the latest competition}, in one query."""
    latest = {}
    for entry in (disclosure.for_units(Entry.objects.filter(innovation_id__in=innovation_ids))
                  .select_related("competition").order_by("competition__year", "pk")):
        latest[entry.innovation_id] = entry
    return latest


@workspace_view
def dashboard(request):
    who = request.workspace
    editions = lifecycle.open_competitions()
    competition = editions[0] if editions else None
    rows = []
    if who.is_operator:
        innovations = list(
            InnovationPage.objects.filter(unit_id__in=who.unit_ids)
            .select_related("unit").order_by("-latest_revision_created_at", "-pk")
        )
        ids = [innovation.pk for innovation in innovations]
        entries = _latest_entries(ids)
        withheld = set(withheld_innovations().filter(innovation_id__in=ids)
                       .values_list("innovation_id", flat=True))
        for innovation in innovations:
            entry = entries.get(innovation.pk)
            code, label = _status(entry)
            rows.append({"innovation": innovation, "entry": entry, "status": code,
                         "status_label": label, "withheld": innovation.pk in withheld})
    awaiting, awaiting_more = [], 0
    if who.is_agency_admin:
        queue = (Entry.objects.filter(innovation__agency_id__in=who.agency_ids,
                                      status=EntryStatus.SUBMITTED)
                 .select_related("innovation", "innovation__unit", "competition")
                 .order_by("submitted_at", "pk"))
        # The oldest first, a screenful of them: at a deadline a province's admin can
        # have hundreds waiting, which the review list pages through.
        awaiting = list(queue[:AWAITING_SHOWN + 1])
        if len(awaiting) > AWAITING_SHOWN:
            awaiting_more = queue.count() - AWAITING_SHOWN
            awaiting = awaiting[:AWAITING_SHOWN]
    return render(request, "innovations/workspace/dashboard.html", {
        "who": who, "competition": competition, "editions": editions, "rows": rows,
        "awaiting": awaiting, "awaiting_more": awaiting_more,
        "units": list(who.units()) if who.is_operator else [],
    })


@workspace_view
@require_http_methods(["GET", "POST"])
def create(request):
    who = request.workspace
    if not who.is_operator:
        raise PermissionDenied
    units = who.units()
    form = CreateProposalForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            page = services.create_proposal(
                unit=form.cleaned_data["unit"], user=request.user,
                title=form.cleaned_data["title"], group=form.cleaned_data["group"])
        except services.ProposalRuleError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Draft created. Write it step by step; every step "
                                        "is saved on its own."))
            return redirect("workspace:edit", pk=page.pk, step=STEPS[0].slug)
    return render(request, "innovations/workspace/create.html", {"form": form})


def _section_stats(proposal, competition):
    """Words written and the limit of every section ``competition`` asks of the group."""
    return [
        {"section": section, "words": count_words(getattr(proposal, section.key) or "")}
        for section in services.proposal_sections(proposal=proposal, competition=competition)
    ]


@workspace_view
def proposal_detail(request, pk):
    innovation = get_innovation(request, pk)
    proposal = innovation.get_latest_revision_as_object()
    editions = lifecycle.open_competitions()
    entries = list(disclosure.for_units(Entry.objects.filter(innovation=innovation))
                   .select_related("competition").order_by("-competition__year"))
    # The entry in an open edition (the one closing first), else the latest one.
    by_edition = {e.competition_id: e for e in entries}
    current = next((by_edition[c.pk] for c in editions if c.pk in by_edition),
                   entries[0] if entries else None)
    competition = (current.competition if current is not None and any(
        c.pk == current.competition_id for c in editions) else
        (editions[0] if editions else None))
    events = list(disclosure.unit_events(EntryEvent.objects.filter(entry__innovation=innovation))
                  .select_related("actor", "entry__competition").order_by("-created_at", "-pk"))
    can_edit = request.workspace.can_edit(innovation)
    # Any open edition the proposal is not in yet (or may be resubmitted to) can be
    # chosen on the submit page.
    status_in = {e.competition_id: e.status for e in entries}
    can_submit = bool(can_edit and any(
        c.pk not in status_in or status_in[c.pk] in lifecycle.RESUBMITTABLE
        for c in editions))
    code, label = _status(current)
    return render(request, "innovations/workspace/proposal.html", {
        "innovation": innovation, "proposal": proposal, "competition": competition,
        "entry": current, "status": code, "status_label": label, "events": events,
        "withheld": innovation.live and is_withheld(innovation.pk),
        "steps": steps_for(services.proposal_sections(proposal=proposal,
                                                      competition=competition)),
        "can_edit": can_edit, "can_submit": can_submit,
        "completeness": rules.completeness(proposal, competition),
        "section_stats": _section_stats(proposal, competition),
        "can_review": (current is not None and current.status == EntryStatus.SUBMITTED
                       and innovation.agency_id in request.workspace.agency_ids),
        "can_withdraw": bool(current is not None and can_edit and lifecycle.can_withdraw(current)),
        "changed_since_submit": bool(current and current.revision_id
                                     and innovation.latest_revision_id != current.revision_id),
    })


def _step_data(form, *, is_indicators):
    """What a bound step form saves: every field when valid; for a background save the
    valid fields only (the invalid ones are reported and kept in the browser)."""
    if is_indicators:
        return {"indicators": indicator_rows(form)} if form.is_valid() else None
    form.is_valid()
    return {name: form.cleaned_data[name] for name in form.fields
            if name in form.cleaned_data and name not in form.errors}


def _autosave(request, *, innovation, step_def, form, is_indicators, keys, competition):
    """The background save of a step while the operator types (autosave.js): the same
    form and the same service as the Save button, answered in JSON."""
    data = _step_data(form, is_indicators=is_indicators)
    invalid = {name: [str(e) for e in errors] for name, errors in form.errors.items()} \
        if not is_indicators else ({} if data is not None else {"indicators": [
            _("Check the indicator rows: they are not saved until they are correct.")]})
    if not data:
        return JsonResponse({"status": "invalid", "errors": invalid, "message": _(
            "Not saved automatically: correct the marked fields, then save.")}, status=422)
    try:
        proposal, warnings = services.save_proposal(
            innovation=innovation, user=request.user, data=data,
            base=request.POST.get("base"), fields=keys, autosave=True, step=step_def.slug,
            competition=competition)
    except services.ProposalConflict as conflict:
        return JsonResponse({"status": "conflict", "message": conflict.messages[0],
                             "base": conflict.token}, status=409)
    except services.ProposalRuleError as error:
        return JsonResponse({"status": "invalid", "errors": invalid,
                             "message": " ".join(error.messages)}, status=422)
    time = formats.time_format(timezone.localtime(), "TIME_FORMAT")
    if invalid:
        message = _("Saved automatically at %(time)s, except the marked fields: correct "
                    "them, then save.") % {"time": time}
    elif warnings:
        message = _("Saved automatically at %(time)s as a draft; some text is over its "
                    "word limit.") % {"time": time}
    else:
        message = _("Saved automatically at %(time)s.") % {"time": time}
    return JsonResponse({"status": "saved", "message": message, "errors": invalid,
                         "warnings": warnings,
                         "base": services.fields_token(proposal, keys)})


@workspace_view
@require_http_methods(["GET", "POST"])
def edit_step(request, pk, step):
    innovation = get_innovation(request, pk, edit=True)
    if step not in STEPS_BY_SLUG:
        raise Http404
    proposal = innovation.get_latest_revision_as_object()
    # The sections (and so the steps) of the edition the proposal is written for and
    # of its group; a step the group is not asked (the group changed) leads to the first.
    open_editions = lifecycle.open_competitions()
    competition = lifecycle.choose_competition(open_editions=open_editions,
                                               innovation=innovation)
    sections = services.proposal_sections(proposal=proposal, competition=competition)
    steps = steps_for(sections)
    step_def = next((item for item in steps if item.slug == step), None)
    if step_def is None:
        return redirect("workspace:edit", pk=pk, step=STEPS[0].slug)
    is_indicators = step_def.slug == "indikator"
    keys = ("indicators",) if is_indicators else step_def.fields
    if is_indicators:
        initial = [{"name": i.name, "unit": i.unit, "value_before": i.value_before,
                    "value_after": i.value_after} for i in proposal.indicators.all()]
        form = IndicatorFormSet(request.POST or None, initial=initial, prefix="indicators")
    else:
        form = step_form(step_def, proposal=proposal,
                         data=request.POST if request.method == "POST" else None,
                         open_editions=open_editions, sections=sections)
    base = services.fields_token(proposal, keys)
    if request.method == "POST" and request.POST.get("autosave") == "1":
        return _autosave(request, innovation=innovation, step_def=step_def, form=form,
                         is_indicators=is_indicators, keys=keys, competition=competition)
    if request.method == "POST":
        if form.is_valid():
            data = ({"indicators": indicator_rows(form)} if is_indicators
                    else dict(form.cleaned_data))
            try:
                saved, warnings = services.save_proposal(
                    innovation=innovation, user=request.user, data=data,
                    base=request.POST.get("base"), fields=keys, competition=competition)
            except services.ProposalConflict as conflict:
                # Kept on the page with what was typed; the next Save replaces the other
                # version knowingly (the form now carries the newer token).
                messages.error(request, conflict.messages[0])
                base = conflict.token
            except services.ProposalRuleError as error:
                for message in error.messages:
                    messages.error(request, message)
            else:
                if warnings:
                    # Saved as typed; the operator stays here to shorten it.
                    messages.warning(request, _(
                        "Saved as a draft: %(step)s. Some text is over its word limit; "
                        "shorten it before submitting.") % {"step": step_def.title})
                    return redirect("workspace:edit", pk=pk, step=step_def.slug)
                messages.success(request, _("Saved: %(step)s.") % {"step": step_def.title})
                # The next step of the saved proposal (its group may just have changed).
                steps = steps_for(services.proposal_sections(proposal=saved,
                                                             competition=competition))
                slugs = [item.slug for item in steps]
                index = slugs.index(step_def.slug)
                if "next" in request.POST and index + 1 < len(steps):
                    return redirect("workspace:edit", pk=pk, step=steps[index + 1].slug)
                if "next" in request.POST:
                    return redirect("workspace:files", pk=pk)
                return redirect("workspace:edit", pk=pk, step=step_def.slug)
        else:
            messages.error(request, _("Nothing was saved yet: correct the fields marked below. "
                                      "Your text is still in the form."))
    index = steps.index(step_def)
    nav, step_number, step_total = step_menu(proposal, current=step_def.slug,
                                             sections=sections)
    # Over-limit text stays a draft: each such field says so under itself.
    over = {} if is_indicators else rules.word_limit_errors(
        {name: (form[name].value() or "") for name in form.fields}, sections)
    return render(request, "innovations/workspace/edit_step.html", {
        "innovation": innovation, "proposal": proposal, "step": step_def, "form": form,
        "fields": [] if is_indicators else [(field, over.get(field.name)) for field in form],
        "is_indicators": is_indicators, "nav": nav, "base": base,
        "step_number": step_number, "step_total": step_total,
        "previous_step": steps[index - 1] if index else None,
        "completeness": rules.completeness(proposal, competition),
    })


@workspace_view
def preview(request, pk):
    """The public profile as it would appear, rendered from the latest (or a given) revision."""
    innovation = get_innovation(request, pk)
    revision_id = request.GET.get("revisi")
    if revision_id:
        revision = Revision.page_revisions.filter(
            pk=revision_id if revision_id.isdigit() else 0, object_id=str(innovation.pk)).first()
        if revision is None:
            raise Http404
        proposal = revision.as_object()
    else:
        proposal = innovation.get_latest_revision_as_object()
    request.is_preview = True
    request.preview_mode = ""
    try:
        select_template([proposal.get_template(request)])
    except TemplateDoesNotExist:
        response = render(request, "innovations/workspace/preview_fallback.html",
                          {"page": proposal, "self": proposal})
    else:
        response = proposal.serve(request)
        response.render()
        # The public template knows nothing of previews: add a visible banner after <main>.
        banner = render_to_string("innovations/workspace/_preview_banner.html",
                                  {"innovation": innovation}, request=request)
        response.content = response.content.decode().replace(
            '<main id="main" tabindex="-1">', '<main id="main" tabindex="-1">' + banner, 1)
    response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = "private, no-store"
    return response


def _edition_rows(open_editions):
    """Each open edition with the groups and categories it accepts, for the choice."""
    labels = dict(InnovationGroup.choices)
    return [{"competition": c, "groups": [labels[g] for g in (c.groups or []) if g in labels],
             "categories": [category.name for category in c.categories.all()]}
            for c in open_editions]


@workspace_view
@require_http_methods(["GET", "POST"])
def submit(request, pk):
    """Submit to the open edition the operator chooses (``edisi``: its id; by default
    the one the proposal is already entered in, else the one closing first). The
    chosen edition's rules, groups and categories decide, server-side."""
    innovation = get_innovation(request, pk, edit=True)
    open_editions = lifecycle.open_competitions()
    if not open_editions:
        messages.error(request, _("No competition is taking submissions at the moment."))
        return redirect("workspace:proposal", pk=pk)
    key = request.POST.get("edisi") if request.method == "POST" else request.GET.get("edisi")
    competition = lifecycle.choose_competition(open_editions=open_editions, key=key,
                                               innovation=innovation)
    status = 200
    if competition is None:
        competition = lifecycle.choose_competition(open_editions=open_editions,
                                                   innovation=innovation)
        problems = [_("Choose one of the editions taking submissions.")]
        status = 400
    elif request.method == "POST":
        try:
            lifecycle.submit_proposal(innovation=innovation, user=request.user,
                                     competition=competition)
        except services.ProposalRuleError as error:
            problems = error.messages
            status = 422
        else:
            messages.success(request, _("Submitted to %(name)s. Your agency admin has been "
                                        "told and will forward it or return it with a note.")
                             % {"name": competition.name})
            return redirect("workspace:proposal", pk=pk)
    else:
        problems = lifecycle.proposal_problems(innovation=innovation, competition=competition)
    return render(request, "innovations/workspace/submit.html", {
        "innovation": innovation, "competition": competition, "problems": problems,
        "editions": _edition_rows(open_editions),
    }, status=status)


@workspace_view
@require_POST
def withdraw(request, pk, entry_id):
    """The unit takes its entry out of the competition (until scoring starts)."""
    innovation = get_innovation(request, pk, edit=True)
    entry = get_object_or_404(Entry, pk=entry_id, innovation=innovation)
    try:
        lifecycle.withdraw_entry(entry=entry, user=request.user,
                                 note=request.POST.get("note", "")[:1000])
    except services.ProposalRuleError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The entry is withdrawn from %(competition)s. You can "
                                    "submit it again while registration is open.")
                         % {"competition": entry.competition.name})
    return redirect("workspace:proposal", pk=pk)


@workspace_view
@require_http_methods(["GET", "POST"])
def status_update(request, pk):
    """The yearly follow-up of a published innovation, by its unit or agency admin."""
    innovation = get_innovation(request, pk)
    if not innovation.live:
        raise Http404
    today = timezone.localdate()
    form = StatusUpdateForm(request.POST or None,
                            initial={"year": today.year, "as_of": today})
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            _update, changed = services.record_status_update(
                innovation=innovation, user=request.user, **form.cleaned_data)
        except services.ProposalRuleError as error:
            problems = error.messages
        else:
            messages.success(request, _("Thank you: the status is on the public profile.")
                             if changed else _("Nothing changed: this was already reported."))
            return redirect("workspace:proposal", pk=pk)
    return render(request, "innovations/workspace/status_update.html", {
        "innovation": innovation, "form": form, "problems": problems,
        "updates": innovation.status_updates.all(),
    }, status=422 if request.method == "POST" else 200)
