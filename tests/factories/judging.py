"""Builders for judging: competitions, rounds, entries, judges and the secretariat."""

import datetime

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from judging.models import (
    Competition,
    EditionSection,
    Entry,
    EntryStatus,
    JudgeProfile,
    Round,
    RoundKind,
    RoundPanelMember,
)
from judging.services import JUDGE_GROUP, SECRETARIAT_GROUP

from .innovations import UserFactory


class CompetitionFactory(factory.django.DjangoModelFactory):
    """A competition whose registration has closed (the judging case); one per year.

    ``CompetitionFactory(open=True)`` takes submissions now (opened ten days ago, closes
    in ten days), as the workspace needs.
    """

    class Meta:
        model = Competition
        django_get_or_create = ("year",)

    class Params:
        open = factory.Trait(
            registration_opens_at=factory.LazyFunction(
                lambda: timezone.now() - datetime.timedelta(days=10)),
            submission_deadline=factory.LazyFunction(
                lambda: timezone.now() + datetime.timedelta(days=10)),
        )

    name = factory.LazyAttribute(lambda o: f"KIPP {o.year}")
    year = factory.Sequence(lambda n: 2100 + n)
    slug = factory.LazyAttribute(lambda o: f"kipp-{o.year}")
    registration_opens_at = factory.LazyFunction(
        lambda: timezone.now() - datetime.timedelta(days=60))
    submission_deadline = factory.LazyFunction(
        lambda: timezone.now() - datetime.timedelta(days=10))
    # The model's default is 85 (2025); tests of selection set a passing grade when they
    # mean one, so made-up scores are not silently filtered.
    default_passing_grade = None


def edition_sections(competition, rows):
    """Give ``competition`` exactly ``rows``: (group, key, word limit, required)."""
    competition.sections.all().delete()
    EditionSection.objects.bulk_create(
        EditionSection(competition=competition, group=group, key=key, max_words=limit,
                       required=required) for group, key, limit, required in rows)
    return competition


def sections_post(rows, *, initial=0):
    """The admin edition form's "sections" formset as POSTed: ``rows`` of (group, key,
    word limit, required, id or None); ``initial`` of them were shown as initial forms."""
    data = {"sections-TOTAL_FORMS": str(len(rows)), "sections-INITIAL_FORMS": str(initial),
            "sections-MIN_NUM_FORMS": "0", "sections-MAX_NUM_FORMS": "1000"}
    for number, (group, key, limit, required, pk) in enumerate(rows):
        prefix = f"sections-{number}-"
        data.update({prefix + "group": group, prefix + "key": key,
                     prefix + "max_words": str(limit), prefix + "id": str(pk or "")})
        if required:
            data[prefix + "required"] = "on"
    return data


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Round

    competition = factory.SubFactory(CompetitionFactory)
    order = factory.Sequence(lambda n: n + 1)
    kind = RoundKind.DESK
    name = factory.LazyAttribute(lambda o: f"Round {o.order}")
    status = "open"
    judges_per_entry = 3


class EntryFactory(factory.django.DjangoModelFactory):
    """An entry forwarded to the competition; pass innovation=InnovationPageFactory(...)."""

    class Meta:
        model = Entry

    competition = factory.SubFactory(CompetitionFactory)
    group = "umum"
    status = EntryStatus.FORWARDED
    submitted_at = factory.LazyFunction(timezone.now)
    forwarded_at = factory.LazyFunction(timezone.now)


def judge(username, *, agency=None, province=None, max_load=None):
    user = UserFactory(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name=JUDGE_GROUP))
    JudgeProfile.objects.update_or_create(
        user=user, defaults={"agency": agency, "province": province, "max_load": max_load})
    return user


def panel(round, judges, *, caps=None):
    """Put ``judges`` on the panel of ``round`` (caps: {judge: cap for the round})."""
    caps = caps or {}
    for user in judges:
        RoundPanelMember.objects.update_or_create(
            round=round, judge=user, defaults={"max_entries": caps.get(user)})
    return round


def secretariat(username="sekretariat"):
    user = UserFactory(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name=SECRETARIAT_GROUP))
    return user
