"""Workflow actions take effect once under repeated or concurrent requests: one event,
one audit entry, one revision, one e-mail per recipient."""

import threading

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from wagtail.models import ModelLogEntry, PageLogEntry, Revision

from innovations import audit
from innovations.models import Achievement, InnovationPage, Role
from innovations.services import ProposalRuleError
from judging.models import EntryEvent, RoundKind, RoundResult
from judging.services import (
    assign_manually,
    finalise_round,
    publish_result,
    record_screening,
    save_scores,
)
from judging.services import entries as lifecycle
from tests.factories import MembershipFactory, RoundFactory, UserFactory, make_proposal
from tests.judging.helpers import close_round, sheet


def revisions(page):
    return Revision.page_revisions.filter(object_id=str(page.pk)).count()


def submit_audits(page):
    return PageLogEntry.objects.filter(page_id=page.pk, action=audit.PROPOSAL_SUBMIT).count()


@pytest.mark.django_db
def test_repeated_submit_of_an_unchanged_proposal_takes_effect_once(
        world, django_capture_on_commit_callbacks):
    page = make_proposal(unit=world["unit_a1"], user=world["op_a1"])
    before = revisions(page)
    with django_capture_on_commit_callbacks(execute=True):
        first = lifecycle.submit_proposal(innovation=page, user=world["op_a1"],
                                          competition=world["competition"])
    sent = len(mail.outbox)
    assert sent == 1

    with django_capture_on_commit_callbacks(execute=True):
        again = lifecycle.submit_proposal(innovation=page, user=world["op_a1"],
                                          competition=world["competition"])

    assert again.pk == first.pk
    assert again.revision_id == first.revision_id
    assert EntryEvent.objects.filter(entry=first).count() == 1
    assert submit_audits(page) == 1
    assert revisions(page) == before + 1
    assert len(mail.outbox) == sent


@pytest.mark.django_db
def test_repeated_forward_is_refused_and_records_once(world, django_capture_on_commit_callbacks):
    page = make_proposal(unit=world["unit_a1"], user=world["op_a1"])
    entry = lifecycle.submit_proposal(innovation=page, user=world["op_a1"],
                                      competition=world["competition"])
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.forward_entry(entry=entry, user=world["admin_a"])
    sent = len(mail.outbox)

    with pytest.raises(ProposalRuleError), django_capture_on_commit_callbacks(execute=True):
        lifecycle.forward_entry(entry=entry, user=world["admin_a"])
    with pytest.raises(ProposalRuleError):
        lifecycle.return_entry(entry=entry, user=world["admin_a"], note="Lengkapi data.")

    assert EntryEvent.objects.filter(entry=entry).count() == 2  # submitted, forwarded
    assert PageLogEntry.objects.filter(page_id=page.pk, action=audit.ENTRY_FORWARD).count() == 1
    assert len(mail.outbox) == sent


@pytest.mark.django_db
def test_repeated_screening_decision_takes_effect_once(
        competition, staff, make_entries, django_capture_on_commit_callbacks):
    screening = RoundFactory(competition=competition, order=1, kind=RoundKind.SCREENING)
    entry = make_entries(competition, 1)[0]
    operator = UserFactory(username="op-twice", email="op@example.org")
    MembershipFactory(user=operator, unit=entry.innovation.unit,
                      agency=entry.innovation.agency, role=Role.OPERATOR)

    for _attempt in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            record_screening(round=screening, entry=entry, user=staff, passed=False,
                             reasons="Formulir tidak lengkap", checklist={"complete": False})

    assert EntryEvent.objects.filter(entry=entry).count() == 1
    assert ModelLogEntry.objects.filter(action="judging.screening").count() == 1
    assert len(mail.outbox) == 1
    close_round(screening, staff)
    with pytest.raises(ValidationError):
        record_screening(round=screening, entry=entry, user=staff, passed=True)


@pytest.mark.django_db
def test_second_finalise_and_second_publish_are_refused(desk, judges, staff, make_entries):
    entry = make_entries(desk.competition, 1)[0]
    desk.tier = "top45"
    desk.save()
    # An edition without field verification: its Top 45 may come straight from a round.
    desk.competition.stages = ["screening", "desk", "interview", "award"]
    desk.competition.save()
    assignment = assign_manually(round=desk, entry=entry, judge=judges[0], user=staff)
    save_scores(assignment=assignment, user=judges[0], values=sheet(desk), submit=True)
    close_round(desk, staff)
    result = finalise_round(round=desk, user=staff)
    with pytest.raises(ValidationError):
        finalise_round(round=desk, user=staff)
    stale = RoundResult.objects.get(pk=result.pk)

    publish_result(result=result, user=staff)
    with pytest.raises(ValidationError):
        publish_result(result=stale, user=staff)  # a double-click with the page's copy

    assert ModelLogEntry.objects.filter(action="judging.finalise").count() == 1
    assert ModelLogEntry.objects.filter(action="judging.publish").count() == 1
    assert EntryEvent.objects.filter(entry=entry).count() == 1
    assert Achievement.objects.filter(tier="top45").count() == 1


def run_concurrently(count, action):
    """Run ``action()`` in ``count`` threads started together; [(result or error)]."""
    start = threading.Barrier(count)
    outcomes = []

    def worker():
        try:
            start.wait()
            outcomes.append(action())
        except Exception as error:  # noqa: BLE001 - the caller inspects them
            outcomes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_eight_concurrent_submits_take_effect_once(world):
    page = make_proposal(unit=world["unit_a1"], user=world["op_a1"])
    before = revisions(page)

    outcomes = run_concurrently(8, lambda: lifecycle.submit_proposal(
        innovation=InnovationPage.objects.get(pk=page.pk), user=world["op_a1"],
        competition=world["competition"]))

    assert [type(o).__name__ for o in outcomes] == ["Entry"] * 8
    assert len({o.pk for o in outcomes}) == 1
    assert EntryEvent.objects.filter(entry_id=outcomes[0].pk).count() == 1
    assert submit_audits(page) == 1
    assert revisions(page) == before + 1
    assert len(mail.outbox) == 1


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_double_click_finalise_and_publish_take_effect_once(desk, judges, staff, make_entries):
    entries = make_entries(desk.competition, 2)
    desk.tier = "top45"
    desk.save()
    # An edition without field verification: its Top 45 may come straight from a round.
    desk.competition.stages = ["screening", "desk", "interview", "award"]
    desk.competition.save()
    for entry in entries:
        assignment = assign_manually(round=desk, entry=entry, judge=judges[0], user=staff)
        save_scores(assignment=assignment, user=judges[0], values=sheet(desk), submit=True)
    close_round(desk, staff)

    finalised = run_concurrently(2, lambda: finalise_round(round=desk, user=staff))
    assert sorted(type(o).__name__ for o in finalised) == ["RoundResult", "ValidationError"]
    result = RoundResult.objects.get(round=desk)
    published = run_concurrently(2, lambda: publish_result(
        result=RoundResult.objects.get(pk=result.pk), user=staff))
    assert sorted(type(o).__name__ for o in published) == ["RoundResult", "ValidationError"]

    assert ModelLogEntry.objects.filter(action="judging.finalise").count() == 1
    assert ModelLogEntry.objects.filter(action="judging.publish").count() == 1
    assert EntryEvent.objects.filter(entry__in=entries).count() == 2
    assert Achievement.objects.filter(tier="top45").count() == 2
