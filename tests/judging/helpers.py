"""Test helpers: score every active assignment of an entry with one value per criterion."""

from judging.models import Assignment, AssignmentStatus, RoundStatus
from judging.services import save_scores, set_round_status


def score_entry(round, entry, value, *, submit=True):
    """Every active judge of ``entry`` gives ``value`` (or value(judge_index)) on every
    criterion, with the comments the rubric requires."""
    assignments = Assignment.objects.filter(round=round, entry=entry,
                                            status=AssignmentStatus.ACTIVE).order_by("judge_id")
    criteria = list(round.rubric.criteria.all())
    for index, assignment in enumerate(assignments):
        v = value(index) if callable(value) else value
        values = {c.key: (v, "Komentar juri" if c.comment_required else "") for c in criteria}
        save_scores(assignment=assignment, user=assignment.judge, values=values, submit=submit)


def close_round(round, staff):
    """Close ``round`` (finalising needs a closed round)."""
    set_round_status(round=round, user=staff, status=RoundStatus.CLOSED)
    round.refresh_from_db()
    return round
