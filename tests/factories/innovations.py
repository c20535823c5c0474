"""Builders for the innovations app: users, agencies, units, memberships, innovation pages,
achievements, and the people of a unit (operator, agency admin)."""

import datetime

import factory
from django.contrib.auth import get_user_model
from wagtail.models import Locale

from innovations.models import (
    SDG,
    Achievement,
    Agency,
    AgencyType,
    Category,
    InnovationGalleryImage,
    InnovationGroup,
    InnovationIndexPage,
    InnovationPage,
    Membership,
    Province,
    Role,
    Unit,
)
from portal.demo_images import get_or_create_image

PASSWORD = "secret-pass-123"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password(PASSWORD)


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"Pemerintah Kota Contoh {n}")
    slug = factory.Sequence(lambda n: f"kota-contoh-{n}")
    agency_type = AgencyType.CITY
    province = factory.LazyFunction(lambda: Province.objects.get(code="35"))


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    agency = factory.SubFactory(AgencyFactory)
    name = factory.Sequence(lambda n: f"Dinas Contoh {n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(UnitFactory)
    agency = factory.LazyAttribute(lambda o: o.unit.agency if o.unit else AgencyFactory())
    role = Role.OPERATOR


def operator(unit, **kwargs):
    """A user who is an operator of ``unit``."""
    user = UserFactory(**kwargs)
    Membership.objects.create(user=user, agency=unit.agency, unit=unit, role=Role.OPERATOR)
    return user


def agency_admin(agency, **kwargs):
    """A user who administers ``agency`` (forwards or returns its units' entries)."""
    user = UserFactory(**kwargs)
    Membership.objects.create(user=user, agency=agency, role=Role.AGENCY_ADMIN)
    return user


def innovation_index(home_page, *, slug="inovasi", title="Inovasi"):
    """The published innovation index under the Indonesian home page."""
    existing = InnovationIndexPage.objects.child_of(home_page).first()
    if existing:
        return existing
    index = InnovationIndexPage(title=title, slug=slug, locale=home_page.locale)
    home_page.add_child(instance=index)
    index.save_revision().publish()
    return index


class InnovationPageFactory(factory.django.DjangoModelFactory):
    """A published InnovationPage; pass parent=<InnovationIndexPage>, live=False for a draft."""

    class Meta:
        model = InnovationPage

    title = factory.Sequence(lambda n: f"Inovasi Layanan {n}")
    slug = factory.Sequence(lambda n: f"inovasi-layanan-{n}")
    agency = factory.SubFactory(AgencyFactory)
    unit = factory.LazyAttribute(lambda o: UnitFactory(agency=o.agency))
    group = InnovationGroup.GENERAL
    year = 2025
    started_on = datetime.date(2021, 1, 15)
    summary = "Ringkasan inovasi pelayanan publik."

    @classmethod
    def _create(cls, model_class, *args, parent=None, live=True, sdgs=(), **kwargs):
        page = model_class(*args, locale=parent.locale if parent else Locale.get_default(),
                           live=live, **kwargs)
        if sdgs:
            page.sdgs.set(sdgs)
        parent.add_child(instance=page)
        revision = page.save_revision()
        if live:
            revision.publish()
        return page


class AchievementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Achievement

    year = 2023
    tier = "top99"
    competition_name = "KIPP"


def sdg(number):
    return SDG.objects.get(number=number)


def category(slug):
    return Category.objects.get(slug=slug)


def add_with_image(index, agency, count, *, start=0):
    """`count` live innovations with a picture, SDGs and an award (for N+1 tests).

    Each has its own image, so a query per image or rendition would show in the count.
    """
    pages = []
    for number in range(start, start + count):
        image = get_or_create_image(title=f"Foto uji {number}", seed=42 + number)
        page = InnovationPageFactory(parent=index, agency=agency, title=f"Inovasi Uji {number}",
                                     slug=f"inovasi-uji-{number}", sdgs=[sdg(3), sdg(5)],
                                     category=category("kesehatan"))
        InnovationGalleryImage.objects.create(page=page, image=image, caption="Foto")
        AchievementFactory(innovation=page, year=2022, tier="top99")
        pages.append(page)
    return pages
