"""Reads shared by several judging screens: a judge's assignment list (the judge's
home list, the home-page panel and the conflict screen), titles redacted in blind rounds.
"""

from django.db.models import Q
from django.db.models.fields.json import KeyTextTransform
from django.utils.translation import gettext_lazy

from judging.models import Assignment, AssignmentStatus, RescoreStatus, RoundStatus, ScoreStatus

from .proposal import identity_terms, redactor

# Pending work first (drafts, then not started), submitted last.
STATUS_ORDER = {ScoreStatus.DRAFT: 0, None: 1, ScoreStatus.SUBMITTED: 2}
STATUS_LABELS = {
    None: gettext_lazy("Not started"),
    ScoreStatus.DRAFT: gettext_lazy("Draft"),
    ScoreStatus.SUBMITTED: gettext_lazy("Submitted"),
}


def assignment_rows(user):
    """The judge's active assignments in open rounds (and those of a re-score after an
    objection, whose round is finalised), in ONE query, as plain dicts."""
    return list(
        Assignment.objects.filter(Q(round__status=RoundStatus.OPEN)
                                  | Q(rescore__status=RescoreStatus.PENDING),
                                  judge=user, status=AssignmentStatus.ACTIVE)
        .annotate(frozen_title=KeyTextTransform("title", "entry__revision__content"))
        .values("pk", "entry_id", "round_id", "round__name", "round__blind", "round__closes_at",
                "round__competition__name", "score__status", "score__updated_at",
                "frozen_title", "entry__innovation__title", "entry__innovation__agency__name",
                "entry__innovation__unit__name", "entry__innovation__agency__province__name")
        .order_by("round__competition__year", "round__order", "entry_id")
    )


def group_by_round(rows):
    rounds = {}
    for row in rows:
        group = rounds.setdefault(row["round_id"], {
            "name": row["round__name"], "competition": row["round__competition__name"],
            "blind": row["round__blind"], "closes_at": row["round__closes_at"],
            "rows": [], "submitted": 0,
        })
        title = row["frozen_title"] or row["entry__innovation__title"]
        if row["round__blind"]:
            title = redactor(identity_terms(
                agency_name=row["entry__innovation__agency__name"] or "",
                unit_name=row["entry__innovation__unit__name"] or "",
                province_name=row["entry__innovation__agency__province__name"] or "",
            ))(title)
        status = row["score__status"]
        group["rows"].append({
            "pk": row["pk"], "entry_id": row["entry_id"], "title": title, "status": status,
            "status_label": STATUS_LABELS[status], "updated_at": row["score__updated_at"],
            "agency": "" if row["round__blind"] else row["entry__innovation__agency__name"],
        })
        group["submitted"] += status == ScoreStatus.SUBMITTED
    for group in rounds.values():
        group["rows"].sort(key=lambda r: (STATUS_ORDER[r["status"]], r["entry_id"]))
        group["total"] = len(group["rows"])
        group["percent"] = round(100 * group["submitted"] / group["total"])
    return list(rounds.values())
