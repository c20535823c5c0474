"""Quota clusters taken from the data, and the proportional proposal of minimums.

A quota's cluster is one value of its dimension that exists in the data: an agency
type, a region group or a province code of the province table, a category or a group of
the edition, or the remote/border (3T) flag of the agency's province
(``Province.remote_border``). ``entry_clusters`` gives every entry of a round its value
per dimension, which is what selection counts.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from innovations.models import AgencyType, Category, InnovationGroup, Province
from judging.maths.selection import proportional_minimums
from judging.models import QuotaDimension, RoundQuota
from judging.models.rounds import REMOTE_NO, REMOTE_YES

from .audit import log
from .permissions import require_secretariat
from .rounds import ensure_not_finalised, lock_round, round_entries

REMOTE_LABELS = {REMOTE_YES: gettext_lazy("3T region (remote, border, left-behind)"),
                 REMOTE_NO: gettext_lazy("Not a 3T region")}


def entry_clusters(round):
    """{entry_id: {dimension: cluster}} for the entries of ``round`` (one query). An
    entry without a value in a dimension (a ministry has no province) gets ""."""
    rows = round_entries(round).values_list(
        "pk", "innovation__agency__agency_type", "innovation__agency__province__region_group",
        "innovation__agency__province_id", "innovation__agency__province__remote_border",
        "category__slug", "innovation__category__slug", "group")
    clusters = {}
    for pk, agency_type, region, province, remote, category, fallback, group in rows:
        clusters[pk] = {
            QuotaDimension.AGENCY_TYPE: agency_type or "",
            QuotaDimension.REGION_GROUP: region or "",
            QuotaDimension.PROVINCE: province or "",
            QuotaDimension.REMOTE_BORDER: "" if province is None
            else (REMOTE_YES if remote else REMOTE_NO),
            QuotaDimension.CATEGORY: category or fallback or "",
            QuotaDimension.GROUP: group or "",
        }
    return {pk: {str(k): v for k, v in values.items()} for pk, values in clusters.items()}


def _edition_categories(competition):
    categories = Category.objects.all()
    if competition is not None and competition.pk and competition.categories.exists():
        categories = competition.categories.all()
    return [(c.slug, str(c.name)) for c in categories.order_by("sort_order", "name_id")]


def cluster_choices(*, dimension, competition=None):
    """[(cluster, label)] that exist for ``dimension``; categories and groups are those of
    ``competition`` when given (all categories when the edition names none)."""
    if dimension == QuotaDimension.AGENCY_TYPE:
        return [(value, str(label)) for value, label in AgencyType.choices]
    if dimension == QuotaDimension.REGION_GROUP:
        groups = Province.objects.order_by("region_group").values_list(
            "region_group", flat=True).distinct()
        return [(g, g) for g in groups]
    if dimension == QuotaDimension.PROVINCE:
        return [(p.code, f"{p.name} ({p.code})") for p in Province.objects.order_by("code")]
    if dimension == QuotaDimension.CATEGORY:
        return _edition_categories(competition)
    if dimension == QuotaDimension.GROUP:
        running = (competition.groups if competition is not None else None) or \
            InnovationGroup.values
        return [(value, str(label)) for value, label in InnovationGroup.choices
                if value in running]
    if dimension == QuotaDimension.REMOTE_BORDER:
        return [(value, str(label)) for value, label in REMOTE_LABELS.items()]
    return []


def grouped_cluster_choices(*, competition=None):
    """Choices for a select with one group per dimension (the admin quota form)."""
    return [(str(label), cluster_choices(dimension=value, competition=competition))
            for value, label in QuotaDimension.choices]


def cluster_error(*, dimension, cluster, competition=None):
    """The message when ``cluster`` is not a value of ``dimension`` in the data, else
    None."""
    if dimension not in QuotaDimension.values:
        return _("Choose a quota dimension from the list.")
    if cluster in {value for value, _label in cluster_choices(dimension=dimension,
                                                               competition=competition)}:
        return None
    return _("“%(cluster)s” is not a %(dimension)s of this edition's data; choose one from "
             "the list.") % {"cluster": cluster,
                             "dimension": QuotaDimension(dimension).label.lower()}


def validate_cluster(*, dimension, cluster, competition=None):
    message = cluster_error(dimension=dimension, cluster=cluster, competition=competition)
    if message:
        raise ValidationError({"cluster": message}, code="invalid_cluster")


def cluster_names(keys):
    """{(dimension, cluster): name} for the data-named clusters among ``keys`` (province
    and category names; two queries at most). Stored with a result, so a later rename
    does not change what a published reason says."""
    keys = list(keys)
    provinces = {c for d, c in keys if d == QuotaDimension.PROVINCE}
    categories = {c for d, c in keys if d == QuotaDimension.CATEGORY}
    names = {}
    if provinces:
        names.update({(QuotaDimension.PROVINCE.value, code): name for code, name in
                      Province.objects.filter(code__in=provinces).values_list("code", "name")})
    if categories:
        names.update({(QuotaDimension.CATEGORY.value, slug): name for slug, name in
                      Category.objects.filter(slug__in=categories).values_list("slug",
                                                                               "name_id")})
    return names


def cluster_display(dimension, cluster, name=None):
    """'Agency type: Regency government', 'Province: Aceh', … in the active language."""
    try:
        dimension_label = QuotaDimension(dimension).label
    except ValueError:
        return str(cluster)
    if dimension == QuotaDimension.AGENCY_TYPE and cluster in AgencyType.values:
        value = AgencyType(cluster).label
    elif dimension == QuotaDimension.GROUP and cluster in InnovationGroup.values:
        value = InnovationGroup(cluster).label
    elif dimension == QuotaDimension.REMOTE_BORDER and cluster in REMOTE_LABELS:
        value = REMOTE_LABELS[cluster]
    else:
        value = name or cluster
    return f"{dimension_label}: {value}"


def entrant_counts(*, round, dimension):
    """{cluster: number of the round's entries in it} for one dimension ("" left out)."""
    counts = {}
    for values in entry_clusters(round).values():
        cluster = values.get(dimension, "")
        if cluster:
            counts[cluster] = counts.get(cluster, 0) + 1
    return counts


def propose_minimums(*, round, dimension, reserve=1.0):
    """{cluster: minimum} proportional to the round's entrants (see
    judging.maths.selection.proportional_minimums), for the round's Top N."""
    if dimension not in QuotaDimension.values:
        raise ValidationError(_("Choose a quota dimension from the list."))
    if not round.advance_count:
        raise ValidationError(_("Set the round's advance count (Top N) first: the proposal "
                                "shares out its seats."))
    return proportional_minimums(entrants=entrant_counts(round=round, dimension=dimension),
                                 seats=round.advance_count, reserve=reserve)


@transaction.atomic
def apply_proportional_minimums(*, round, user, dimension, reserve=1.0):
    """Set the minimums of ``dimension``'s quotas to the proportional proposal: a quota
    per cluster given a seat (maximums kept), minimum 0 for the dimension's other
    quotas. Audited; running it again with the same entrants changes nothing and writes
    nothing. Returns the proposal {cluster: minimum}."""
    require_secretariat(user)
    round = lock_round(round.pk)
    ensure_not_finalised(round)
    proposal = propose_minimums(round=round, dimension=dimension, reserve=reserve)
    existing = {q.cluster: q for q in RoundQuota.objects.filter(round=round,
                                                                dimension=dimension)}
    changes = []
    for cluster, minimum in proposal.items():
        quota = existing.get(cluster)
        if quota is not None and quota.max_seats is not None and quota.max_seats < minimum:
            raise ValidationError(
                _("The proposed minimum %(min)s for %(cluster)s is above its maximum of "
                  "%(max)s; raise or clear the maximum first.") % {
                    "min": minimum, "max": quota.max_seats,
                    "cluster": cluster_display(dimension, cluster)})
        if quota is None and minimum == 0:
            continue
        if quota is None:
            RoundQuota.objects.create(round=round, dimension=dimension, cluster=cluster,
                                      min_seats=minimum)
            changes.append([cluster, None, minimum])
        elif quota.min_seats != minimum:
            changes.append([cluster, quota.min_seats, minimum])
            quota.min_seats = minimum
            quota.save(update_fields=["min_seats"])
    for cluster, quota in sorted(existing.items()):
        if cluster not in proposal and quota.min_seats:
            changes.append([cluster, quota.min_seats, 0])
            quota.min_seats = 0
            quota.save(update_fields=["min_seats"])
    if changes:
        log(instance=round, action="judging.quota_proposal", user=user,
            data={"dimension": dimension, "reserve": str(reserve), "seats": round.advance_count,
                  "changes": changes})
    return proposal
