"""The secretariat sets up an edition alone in the admin: the edition's public pages
appear in both languages, groups and proposal sections are real choices, categories
can be added."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from innovations.models import Category
from judging.models import Competition, CompetitionPage
from tests.factories import sections_post

ADD = "wagtailsnippets_judging_competition:add"


def edition_form(**overrides):
    data = {
        "name": "KIPP 2031", "short_name": "KIPP", "year": "2031", "slug": "kipp-2031",
        "description": "", "registration_opens_at": "2031-01-10 08:00",
        "submission_deadline": "2031-03-31 23:59", "min_age_years": "1",
        "max_general_per_agency": "10", "max_replication_per_agency": "5",
        "max_special_per_agency": "5", "unique_title_per_agency": "on",
        "groups": ["umum", "khusus"],
        **sections_post([("umum", "summary", 200, True, None),
                         ("umum", "background", 600, True, None),
                         ("khusus", "renewal", 200, True, None)]),
        "stages": ["screening", "desk", "interview", "field_verification", "award"],
        "default_passing_grade": "85", "outstanding_groups": ["khusus"],
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_creating_an_edition_publishes_its_pages_in_both_languages(client, staff, home_page):
    client.force_login(staff)

    response = client.post(reverse(ADD), edition_form())

    assert response.status_code == 302
    competition = Competition.objects.get(year=2031)
    assert competition.groups == ["umum", "khusus"]
    assert sorted(competition.sections.values_list("group", "key")) == [
        ("khusus", "renewal"), ("umum", "background"), ("umum", "summary")]
    pages = CompetitionPage.objects.filter(competition=competition).live()
    assert sorted(pages.values_list("locale__language_code", flat=True)) == ["en", "id"]
    assert client.get("/kompetisi/2031/").status_code == 200
    assert client.get("/en/kompetisi/2031/").status_code == 200
    assert ModelLogEntry.objects.filter(action="judging.edition_pages",
                                        object_id=str(competition.pk)).count() == 1


@pytest.mark.django_db
def test_saving_the_edition_again_keeps_one_page_per_language(client, staff, home_page):
    client.force_login(staff)
    client.post(reverse(ADD), edition_form())
    competition = Competition.objects.get(year=2031)
    edit = reverse("wagtailsnippets_judging_competition:edit", args=[competition.pk])

    ids = {(row.group, row.key): row.pk for row in competition.sections.all()}
    client.post(edit, edition_form(name="KIPP 2031 (revisi)", **sections_post(
        [("umum", "summary", 200, True, ids["umum", "summary"]),
         ("umum", "background", 600, True, ids["umum", "background"]),
         ("khusus", "renewal", 200, True, ids["khusus", "renewal"])], initial=3)))

    assert CompetitionPage.objects.filter(competition=competition).count() == 2
    assert ModelLogEntry.objects.filter(action="judging.edition_pages").count() == 1


@pytest.mark.django_db
def test_groups_and_sections_are_checkboxes_and_unknown_values_are_refused(
        client, staff, home_page):
    client.force_login(staff)
    form_page = client.get(reverse(ADD)).content.decode()
    assert 'type="checkbox" name="groups" value="khusus"' in form_page
    assert '<select name="sections-0-key"' in form_page

    response = client.post(reverse(ADD), edition_form(groups=["umum", "rahasia"]))

    assert response.status_code == 200
    assert "rahasia" in response.context["form"].errors["groups"][0]
    assert not Competition.objects.filter(year=2031).exists()
    # What was typed is kept.
    assert 'value="KIPP 2031"' in response.content.decode()


@pytest.mark.django_db
def test_the_secretariat_can_add_a_category(client, staff):
    client.force_login(staff)
    url = reverse("wagtailsnippets_innovations_category:add")

    assert client.get(url).status_code == 200
    response = client.post(url, {"name_id": "Transformasi digital",
                                 "name_en": "Digital transformation",
                                 "slug": "transformasi-digital", "is_active": "on",
                                 "sort_order": "9"})

    assert response.status_code == 302
    assert Category.objects.filter(slug="transformasi-digital").exists()
