"""Public side of the objection period: the provisional list and the objection form.

A provisional list is public only once the secretariat announced it (an
ObjectionWindow exists) and only until the final list is published; before that every
URL here is a 404, like any unpublished result. The form works without JavaScript,
keeps what was typed on every error, and is protected by CSRF, a honeypot field and a
per-client rate limit: the client address comes from portal.client_ip (the real client
behind TRUSTED_PROXY_COUNT proxies), hashed, counted atomically (add + incr) in the
'default' cache, which is Redis, shared by every app server, when REDIS_URL is set.
"""

from django import forms
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext as _

from judging.models import (
    EntryDecisionAction,
    Objection,
    ObjectionDecision,
    ObjectionStatus,
    RoundResult,
)
from judging.models.objections import FINAL_STATUSES
from judging.models.publication import tier_from_slug
from judging.publication import leaderboards as lb
from judging.services import limits
from judging.services.objections import MIN_REASON_LENGTH, file_objection, hash_ip
from portal.client_ip import client_ip

RATE_LIMIT = 3  # objections per hashed IP ...
RATE_WINDOW = 60 * 60  # ... per hour


def provisional_result(*, competition, tier):
    """The announced result of ``tier`` whose round has no published final list yet (the
    later round wins), or None. It stays the provisional list as announced when a
    decision on an objection supersedes it."""
    return (RoundResult.objects.filter(round__competition=competition, round__tier=tier,
                                       published=False, objection_window__isnull=False)
            .exclude(round__results__published=True)
            .select_related("round__competition", "objection_window")
            .order_by("-round__order").first())


def get_provisional(page, tier_slug):
    tier = tier_from_slug(tier_slug)
    result = provisional_result(competition=page.competition, tier=tier) if tier else None
    if result is None:
        raise Http404(_("No provisional list for this tier."))
    return result


def provisional_redirect(request, *, page, tier_slug):
    """/top-99/ of a tier that has no final list yet but an announced provisional one
    leads to the provisional list; otherwise None (the final leaderboard answers)."""
    tier = tier_from_slug(tier_slug)
    if tier is None or lb.published_results().filter(
            round__competition=page.competition, round__tier=tier).exists():
        return None
    if provisional_result(competition=page.competition, tier=tier) is None:
        return None
    return redirect(page.tier_url(request, tier_slug=tier_slug, route="provisional_leaderboard"))


def objection_outcomes(round):
    """The decided objections of ``round`` as public facts, in filing order (one query):
    the objection's number, the innovation and what was decided. The objector and the
    reasons stay private (the objector receives the outcome by e-mail)."""
    objections = (Objection.objects.filter(result__round_id=round.pk,
                                           status__in=FINAL_STATUSES)
                  .select_related("entry__innovation", "decision").order_by("pk"))
    tier = round.get_tier_display() or round.name
    outcomes = []
    for objection in objections:
        try:
            decision = objection.decision
        except ObjectionDecision.DoesNotExist:
            decision = None
        if objection.status == ObjectionStatus.REJECTED:
            text = _("Objection rejected: the entry stays in %(tier)s.")
        elif decision is None:
            text = _("Objection upheld: the decision on the entry is pending.")
        elif decision.action == EntryDecisionAction.REMOVE:
            text = _("Objection upheld: the entry is removed from %(tier)s.")
        elif decision.action == EntryDecisionAction.REINSTATE:
            text = _("Objection upheld: the entry is reinstated in %(tier)s.")
        elif decision.action == EntryDecisionAction.RESCORE:
            text = _("Objection upheld: the entry is scored again; the list follows the new "
                     "scores.")
        else:
            text = _("Objection upheld: the entry stays in %(tier)s.")
        outcomes.append({"number": objection.pk, "innovation": objection.entry.innovation.title,
                         "removed": bool(decision and decision.action
                                         == EntryDecisionAction.REMOVE),
                         "outcome": text % {"tier": tier},
                         "decided_at": decision.decided_at if decision else objection.decided_at})
    return outcomes


def _context(request, page, result, tier_slug):
    window = result.objection_window
    now = timezone.now()
    return {
        "competition": page.competition, "result": result, "round": result.round,
        "window": window, "window_open": window.is_open(now),
        "window_pending": now < window.opens_at, "window_closed": window.has_closed(now),
        "provisional_url": page.tier_url(request, tier_slug=tier_slug,
                                         route="provisional_leaderboard"),
        "form_url": page.tier_url(request, tier_slug=tier_slug, route="objection_form"),
        "thanks_url": page.tier_url(request, tier_slug=tier_slug, route="objection_thanks"),
        "overview_url": page.get_url(request=request),
        "outcomes": objection_outcomes(result.round),
    }


def provisional_leaderboard(request, *, page, tier_slug):
    result = get_provisional(page, tier_slug)
    rows = lb.attach_links(request, list(lb.leaderboard_rows(result)))
    context = _context(request, page, result, tier_slug)
    context.update({"rows": rows, "show_scores": result.round.publish_scores})
    return page.render(request, template="judging/provisional_leaderboard.html",
                       context_overrides=context)


class ObjectionForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Your name"), max_length=limits.NAME_MAX)
    email = forms.EmailField(label=gettext_lazy("Your e-mail address"),
                             max_length=limits.EMAIL_MAX,
                             help_text=gettext_lazy("The outcome is sent to this address."))
    entry = forms.TypedChoiceField(label=gettext_lazy("Innovation on the provisional list"),
                                   coerce=int)
    reason = forms.CharField(
        label=gettext_lazy("Reason for the objection"), min_length=MIN_REASON_LENGTH,
        max_length=limits.LONG_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 7}),
        help_text=lazy(
            lambda: gettext("At least %(n)s characters: what is wrong and why.")
            % {"n": MIN_REASON_LENGTH}, str)())
    evidence_url = forms.URLField(
        label=gettext_lazy("Link to evidence (optional)"), required=False,
        max_length=limits.URL_MAX,
        assume_scheme="https",
        help_text=gettext_lazy("For example a document, news article or photo online."))
    # Honeypot: hidden from people and screen readers; bots that fill it are thanked
    # and nothing is stored.
    website = forms.CharField(label=gettext_lazy("Leave this field empty"), required=False)

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = {row.entry_id: row for row in rows}
        self.fields["entry"].choices = [("", _("Choose an innovation"))] + [
            (row.entry_id, f"{row.rank or '–'}. {row.entry.innovation.title} — "
                           f"{row.entry.innovation.agency.name}") for row in rows]
        for name in ("name", "email", "reason", "evidence_url"):
            self.fields[name].widget.attrs.setdefault("autocomplete", {
                "name": "name", "email": "email"}.get(name, "off"))
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})


def _rate_key(ip_hash):
    return f"objection-rate:{ip_hash}"


def over_limit(ip_hash):
    return (cache.get(_rate_key(ip_hash)) or 0) >= RATE_LIMIT


def count_submission(ip_hash):
    # add() starts the hour on the first submission; incr() keeps its expiry.
    cache.add(_rate_key(ip_hash), 0, RATE_WINDOW)
    try:
        cache.incr(_rate_key(ip_hash))
    except ValueError:  # expired between add and incr
        cache.set(_rate_key(ip_hash), 1, RATE_WINDOW)


def _add_service_errors(form, error):
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def objection_form(request, *, page, tier_slug):
    result = get_provisional(page, tier_slug)
    context = _context(request, page, result, tier_slug)
    template = "judging/objection_form.html"
    if not context["window_open"]:
        return page.render(request, template=template, context_overrides=context)
    rows = list(lb.leaderboard_rows(result))
    status = 200
    if request.method == "POST":
        form = ObjectionForm(request.POST, rows=rows)
        ip = client_ip(request)
        ip_hash = hash_ip(ip)
        if over_limit(ip_hash):
            context["rate_limited"] = True
            status = 429
        elif form.is_valid():
            data = form.cleaned_data
            thanks = redirect(context["thanks_url"])
            if data["website"]:
                count_submission(ip_hash)
                return thanks
            try:
                file_objection(result=result, entry=form.rows[data["entry"]].entry,
                               name=data["name"], email=data["email"], reason=data["reason"],
                               evidence_url=data["evidence_url"],
                               ip=ip)
            except ValidationError as error:
                _add_service_errors(form, error)
            else:
                count_submission(ip_hash)
                return thanks
    else:
        initial = {}
        if request.GET.get("entri", "").isdigit():
            initial["entry"] = int(request.GET["entri"])
        form = ObjectionForm(rows=rows, initial=initial)
    context["form"] = form
    response = page.render(request, template=template, context_overrides=context)
    response.status_code = status
    return response


def objection_thanks(request, *, page, tier_slug):
    result = get_provisional(page, tier_slug)
    return page.render(request, template="judging/objection_thanks.html",
                       context_overrides=_context(request, page, result, tier_slug))
