"""Factories and fixtures for the workspace, services and rules tests.

Kept apart from tests/innovations/factories.py (owned by the public-database work) so
the two can change independently; both build the same models.
"""

import datetime

import factory
import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone, translation

from innovations import services
from innovations.models import (
    Agency,
    AgencyType,
    Category,
    InnovationIndexPage,
    Membership,
    Role,
    Unit,
)
from innovations.sections import SECTIONS
from judging.models import Competition

PASSWORD = "secret-pass-123"


class WorkspaceUserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"ws-user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class WorkspaceAgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"Pemerintah Kabupaten Uji {n}")
    slug = factory.Sequence(lambda n: f"kabupaten-uji-{n}")
    agency_type = AgencyType.REGENCY


class WorkspaceUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    agency = factory.SubFactory(WorkspaceAgencyFactory)
    name = factory.Sequence(lambda n: f"Dinas Uji {n}")


class CompetitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Competition

    name = factory.Sequence(lambda n: f"KIPP {2030 + n}")
    year = factory.Sequence(lambda n: 2030 + n)
    slug = factory.Sequence(lambda n: f"kipp-{2030 + n}")
    registration_opens_at = factory.LazyFunction(
        lambda: timezone.now() - datetime.timedelta(days=10))
    submission_deadline = factory.LazyFunction(
        lambda: timezone.now() + datetime.timedelta(days=10))


def operator(unit, **kwargs):
    user = WorkspaceUserFactory(**kwargs)
    Membership.objects.create(user=user, agency=unit.agency, unit=unit, role=Role.OPERATOR)
    return user


def agency_admin(agency, **kwargs):
    user = WorkspaceUserFactory(**kwargs)
    Membership.objects.create(user=user, agency=agency, role=Role.AGENCY_ADMIN)
    return user


def words(n, word="kata"):
    return " ".join([word] * n)


def complete_data(**overrides):
    """Valid values for every field a competition checks."""
    data = {section.key: words(20, section.key) for section in SECTIONS}
    data.update({
        "category": Category.objects.filter(is_active=True).order_by("pk").first(),
        "group": "umum",
        "started_on": timezone.localdate() - datetime.timedelta(days=365 * 3),
    })
    data.update(overrides)
    return data


def make_proposal(*, unit, user, title="Layanan Antar Dokumen Kependudukan", **overrides):
    page = services.create_proposal(unit=unit, user=user, title=title)
    services.save_proposal(innovation=page, user=user, data=complete_data(**overrides))
    page.refresh_from_db()
    return page


@pytest.fixture
def index_page(home_page):
    index = InnovationIndexPage(title="Inovasi", slug="inovasi", locale=home_page.locale)
    home_page.add_child(instance=index)
    index.save_revision().publish()
    return index


@pytest.fixture
def world(index_page):
    """Two agencies: A with units A1 and A2, B with unit B1; one user per role."""
    # A request to /en/ leaves English active in this thread; reverse() must give /.
    translation.activate("id")
    agency_a = WorkspaceAgencyFactory(name="Pemerintah Kota Alpha")
    agency_b = WorkspaceAgencyFactory(name="Pemerintah Kota Beta")
    unit_a1 = WorkspaceUnitFactory(agency=agency_a, name="Dinas Kependudukan")
    unit_a2 = WorkspaceUnitFactory(agency=agency_a, name="Dinas Kesehatan")
    unit_b1 = WorkspaceUnitFactory(agency=agency_b, name="Dinas Perizinan")
    competition = CompetitionFactory()
    return {
        "agency_a": agency_a, "agency_b": agency_b,
        "unit_a1": unit_a1, "unit_a2": unit_a2, "unit_b1": unit_b1,
        "op_a1": operator(unit_a1, username="op-a1"),
        "op_a2": operator(unit_a2, username="op-a2"),
        "op_b1": operator(unit_b1, username="op-b1"),
        "admin_a": agency_admin(agency_a, username="admin-a"),
        "admin_b": agency_admin(agency_b, username="admin-b"),
        "competition": competition,
        "index": index_page,
    }
