"""Helpers for the judging tests: assignments, score sheets and objections made through
the services, the admin's "permission denied" answer, and a query counter."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from judging.models import Assignment, AssignmentStatus, RoundPanelMember, RoundStatus
from judging.services import assign_manually, save_scores, set_round_status
from judging.services.objections import file_objection

REASON = "Inovasi ini sudah tidak berjalan sejak awal tahun dan layanannya tidak dapat diakses."


def assign(*, round, entry, judge, staff):
    """Assign by hand, putting the judge on the round's panel first when needed."""
    RoundPanelMember.objects.get_or_create(round=round, judge=judge)
    return assign_manually(round=round, entry=entry, judge=judge, user=staff)


def sheet(round, value=7, comment="Bukti cukup jelas."):
    """Values for every criterion of the round's rubric: {key: (value, comment)}."""
    return {c.key: (str(value), comment) for c in round.rubric.criteria.all()}


def submit(assignment, value=7, comment="Bukti cukup jelas."):
    assignment = Assignment.objects.get(pk=assignment.pk)
    return save_scores(assignment=assignment, user=assignment.judge,
                       values=sheet(assignment.round, value, comment), submit=True)


def total_for(value):
    """The rubric total (0-100) of a sheet giving ``value`` on every criterion (1-10 scale)."""
    return 100 * (value - 1) / 9


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


def post_data(round, value=7, comment="Bukti cukup jelas.", **extra):
    data = {}
    for key, (v, c) in sheet(round, value, comment).items():
        data[f"value-{key}"] = v
        data[f"comment-{key}"] = c
    data.update(extra)
    return data


def assert_denied(response):
    """Wagtail turns PermissionDenied in admin views into a redirect to the admin home
    with a "you do not have permission" message (a 403 for XHR)."""
    assert response.status_code == 302, response
    assert response["Location"] == reverse("wagtailadmin_home")


def count_queries(func):
    with CaptureQueriesContext(connection) as context:
        func()
    return len(context.captured_queries)


def file(result, entry, **kwargs):
    """An objection by Budi against ``entry`` on the provisional ``result``."""
    args = {"name": "Budi", "email": "budi@example.org", "reason": REASON,
            "evidence_url": "", "ip": "203.0.113.9"}
    args.update(kwargs)
    return file_objection(result=result, entry=entry, **args)


def close_round(round, staff):
    """Close ``round`` (finalising needs a closed round)."""
    set_round_status(round=round, user=staff, status=RoundStatus.CLOSED)
    round.refresh_from_db()
    return round


def score_everything(*, round, entries, values, judges, staff, comment):
    """Open the round with ``judges`` as its panel; each judge submits ``value`` on every
    criterion of each entry (``comment`` where one is required)."""
    from judging import services

    set_round_status(round=round, user=staff, status=RoundStatus.OPEN)
    services.set_panel(round=round, user=staff, members={judge.pk: None for judge in judges})
    criteria = list(round.rubric.criteria.all())
    for entry, value in zip(entries, values, strict=True):
        for judge in judges:
            assignment = assign_manually(round=round, entry=entry, judge=judge, user=staff)
            save_scores(assignment=assignment, user=judge, submit=True, values={
                c.key: (value, comment if c.comment_required else "") for c in criteria})


def announced_top3(desk, staff):
    """Top 3 of the desk round's four scored entries (9, 8, 8 | 5) finalised and announced,
    its objection period closed an hour ago; an interview round follows.
    Returns (result, interview round)."""
    import datetime

    from django.utils import timezone

    from judging.models import RoundKind
    from judging.services import finalise_round
    from judging.services.objections import announce_provisional
    from tests.factories import RoundFactory

    interview = RoundFactory(competition=desk.competition, order=2, kind=RoundKind.INTERVIEW,
                             rubric=desk.competition.rubrics.get(kind="interview"),
                             name="Wawancara")
    desk.advance_count = 3
    desk.save()
    result = finalise_round(round=desk, user=staff)
    now = timezone.now()
    announce_provisional(result=result, user=staff, opens_at=now - datetime.timedelta(days=8),
                         closes_at=now - datetime.timedelta(hours=1))
    return result, interview
