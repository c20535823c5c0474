"""The registration rules as pure functions: word limits, window, age, quota, title."""

import datetime

import pytest
from django.utils import translation

from innovations import rules
from innovations.models import InnovationPage
from judging.models import Competition, EditionSection

OPENS = datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC)
DEADLINE = datetime.datetime(2030, 6, 30, 16, 59, 59, tzinfo=datetime.UTC)
# Building an unsaved Page looks up the default locale, hence the database mark.
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The rules speak the active language (Indonesian by default); these tests pin the
    English source text so they check the rule itself, not the catalogue."""
    with translation.override("en"):
        yield


def competition(sections=(), **kwargs):
    """An unsaved edition; ``sections``: (group, key, word limit, required) rows."""
    comp = Competition(name="KIPP 2030", year=2030, registration_opens_at=OPENS,
                       submission_deadline=DEADLINE, **kwargs)
    comp.sections = [EditionSection(group=group, key=key, max_words=limit, required=required)
                     for group, key, limit, required in sections]
    return comp


def proposal(**kwargs):
    values = dict.fromkeys(rules.required_sections(None), "isi")
    values.update(locale_id=1, group="umum", category_id=1,
                  started_on=datetime.date(2027, 1, 1), title="T")
    values.update(kwargs)
    return InnovationPage(**values)


def test_word_limit_boundary_200_ok_201_rejected():
    assert rules.word_limit_errors({"summary": " ".join(["a"] * 200)}) == {}
    assert rules.word_limit_errors({"summary": " ".join(["a"] * 201)}) == {
        "summary": "Summary has 201 words; the limit is 200 words."}


def test_word_count_splits_on_any_white_space():
    assert rules.word_limit_errors({"summary": "a\nb\t c  " * 67}) == {
        "summary": "Summary has 201 words; the limit is 200 words."}


def test_window_just_before_and_just_after_the_deadline():
    comp = competition()
    assert rules.check_window(competition=comp, at=DEADLINE) == []
    late = rules.check_window(competition=comp, at=DEADLINE + datetime.timedelta(seconds=1))
    early = rules.check_window(competition=comp, at=OPENS - datetime.timedelta(seconds=1))
    assert len(late) == 1 and "has passed" in late[0]
    assert len(early) == 1 and "opens on" in early[0]


def test_minimum_age_counts_completed_years():
    comp = competition(min_age_years=2)
    today = datetime.date(2030, 3, 1)
    assert rules.check_age(proposal=proposal(started_on=datetime.date(2028, 3, 1)),
                           competition=comp, today=today) == []
    assert rules.check_age(proposal=proposal(started_on=datetime.date(2028, 3, 2)),
                           competition=comp, today=today) == [
        "The innovation has run for 1 full years; this competition requires at least 2."]
    assert rules.check_age(proposal=proposal(started_on=None), competition=comp,
                           today=today) == [
        "Give the date the innovation started; it must have run for at least 2 years."]


def test_required_sections_follow_the_competition():
    comp = competition(sections=[("umum", "summary", 200, True), ("umum", "lessons", 300, True),
                                 ("umum", "novelty", 600, False)])
    problems = rules.check_sections(proposal=proposal(summary="", lessons=""), competition=comp)
    assert problems == ["The section “Summary” is required.",
                        "The section “Lessons learned” is required."]


def test_quota_allows_up_to_the_limit():
    comp = competition(max_general_per_agency=10, max_replication_per_agency=5)
    assert rules.check_quota(proposal=proposal(), competition=comp, entries_in_group=9) == []
    assert len(rules.check_quota(proposal=proposal(), competition=comp,
                                 entries_in_group=10)) == 1
    assert len(rules.check_quota(proposal=proposal(group="replikasi"), competition=comp,
                                 entries_in_group=5)) == 1


def test_group_and_category_must_be_allowed():
    comp = competition(groups=["umum"])
    problems = rules.check_group_and_category(
        proposal=proposal(group="replikasi", category_id=9), competition=comp,
        allowed_category_ids={1, 2}, category_labels={2: "Kesehatan", 1: "Pendidikan"})
    assert problems == [
        "The group “Replication” does not run in KIPP 2030 (open: General).",
        "The chosen category is not one of the categories of KIPP 2030 (open: Pendidikan, "
        "Kesehatan)."]
    assert rules.check_group_and_category(proposal=proposal(), competition=comp,
                                          allowed_category_ids=set()) == []


def test_title_rule_can_be_switched_off():
    assert len(rules.check_title(competition=competition(), title_taken=True)) == 1
    assert rules.check_title(competition=competition(unique_title_per_agency=False),
                             title_taken=True) == []


def test_completeness_counts_required_sections():
    comp = competition(sections=[("umum", "summary", 200, True),
                                 ("umum", "background", 600, True),
                                 ("umum", "novelty", 600, True), ("umum", "lessons", 300, False)])
    result = rules.completeness(proposal(summary="ada", background=" ", novelty=""), comp)
    assert (result["filled"], result["total"], result["percent"]) == (1, 3, 33)
    assert [str(label) for label in result["missing"]] == [
        "Background and goals", "Novelty and added value"]


def test_a_complete_proposal_has_no_errors():
    at = datetime.datetime(2030, 3, 1, tzinfo=datetime.UTC)
    assert rules.submission_errors(
        proposal=proposal(), competition=competition(), at=at, entries_in_group=0,
        title_taken=False, allowed_category_ids={1}) == []
