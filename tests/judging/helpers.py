"""Test helpers: score every active assignment of an entry with one value per criterion."""

from judging.models import Assignment, AssignmentStatus
from judging.services import save_scores


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
