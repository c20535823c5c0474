"""The proposal sections per edition and group: the workspace shows exactly the sections
the chosen edition asks of the proposal's group, with their word limits; over-limit text
is kept as a draft and refused only on submit; the submitted revision, the public
profile and the judge's sheet keep and show the sections that were filled."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from innovations import services
from innovations.models import InnovationPage
from judging.admin_views.proposal import build_proposal
from judging.models import Entry
from judging.services import entries as lifecycle
from tests.factories import (
    CompetitionFactory,
    InnovationPageFactory,
    edition_sections,
    make_proposal,
    words,
)

pytestmark = pytest.mark.django_db

# What each group is asked by default (domain.md): step slug -> {section: word limit}.
EXPECTED = {
    "umum": {
        "ringkasan": {"summary": 200, "background": 600},
        "inovasi": {"novelty": 600, "implementation": 600},
        "dampak": {"significance": 600, "adaptability": 400, "sdg_contribution": 200},
        "keberlanjutan": {"resources": 400, "sustainability": 600},
        "kolaborasi": {"collaboration": 200, "monitoring": 300, "lessons": 300},
    },
    "replikasi": {
        "ringkasan": {"summary": 200},
        "replikasi": {"inspiration": 100, "replication_process": 200,
                      "replication_differences": 100},
        "dampak": {"significance": 600, "adaptability": 400, "sdg_contribution": 200},
        "keberlanjutan": {"resources": 400, "sustainability": 600},
    },
    "khusus": {
        "ringkasan": {"summary": 200},
        "pembaruan": {"renewal": 200, "strengthened_sustainability": 300, "evaluation": 300},
        "dampak": {"adaptability": 200, "sdg_contribution": 200},
    },
}


@pytest.fixture
def every_group(world):
    competition = world["competition"]
    competition.groups = ["umum", "replikasi", "khusus"]
    competition.save()
    return competition


def original(world):
    """A published innovation a replication can name."""
    return InnovationPageFactory(parent=world["index"], title="Inovasi Asal",
                                 slug="inovasi-asal")


def proposal_in(world, group, **data):
    extra = {"replicates": original(world)} if group == "replikasi" else {}
    return make_proposal(unit=world["unit_a1"], user=world["op_a1"], group=group,
                         **extra, **data)


def step_links(html, pk):
    menu = re.search(r'<nav class="step-nav".*?</ol>', html, re.S).group(0)
    return re.findall(rf'/ruang-kerja/inovasi/{pk}/ubah/([a-z]+)/', menu)


def textareas(html):
    """{name: data-max-words} of the step form's text fields."""
    fields = {}
    for tag in re.findall(r"<textarea[^>]*>", html):
        fields[re.search(r'name="([^"]+)"', tag).group(1)] = int(
            re.search(r'data-max-words="(\d+)"', tag).group(1))
    return fields


@pytest.mark.parametrize("group", ["umum", "replikasi", "khusus"])
def test_each_group_gets_exactly_its_sections_with_their_word_limits(
        client, world, every_group, group):
    page = proposal_in(world, group)
    client.force_login(world["op_a1"])

    html = client.get(reverse("workspace:edit", args=[page.pk, "profil"])).content.decode()

    expected = EXPECTED[group]
    assert step_links(html, page.pk) == ["profil", *expected, "indikator"]
    for slug, sections in expected.items():
        step = client.get(reverse("workspace:edit", args=[page.pk, slug])).content.decode()
        assert textareas(step) == sections, slug


def test_the_workspace_follows_the_editions_own_sections_and_limits(client, world):
    edition_sections(world["competition"], [
        ("replikasi", "summary", 150, True), ("replikasi", "inspiration", 120, True),
        ("umum", "summary", 200, True)])
    page = proposal_in(world, "replikasi")
    client.force_login(world["op_a1"])

    html = client.get(reverse("workspace:edit", args=[page.pk, "ringkasan"])).content.decode()

    assert step_links(html, page.pk) == ["profil", "ringkasan", "replikasi", "indikator"]
    assert textareas(html) == {"summary": 150}
    replication = client.get(reverse("workspace:edit", args=[page.pk, "replikasi"]))
    assert textareas(replication.content.decode()) == {"inspiration": 120}
    # A step the group is not asked leads back to the first step.
    response = client.get(reverse("workspace:edit", args=[page.pk, "inovasi"]))
    assert response["Location"] == reverse("workspace:edit", args=[page.pk, "profil"])
    # The proposal page counts what the edition requires of the group.
    detail = client.get(reverse("workspace:proposal", args=[page.pk]))
    assert (detail.context["completeness"]["filled"],
            detail.context["completeness"]["total"]) == (2, 2)
    assert [row["section"].key for row in detail.context["section_stats"]] == [
        "summary", "inspiration"]


def test_changing_the_group_changes_the_next_steps(client, world, every_group):
    page = proposal_in(world, "umum")
    client.force_login(world["op_a1"])
    profile = {"title": page.title, "category": page.category_id, "group": "khusus",
               "started_on": page.started_on.isoformat(), "video_url": "", "next": "1"}

    response = client.post(reverse("workspace:edit", args=[page.pk, "profil"]), profile)

    assert response["Location"] == reverse("workspace:edit", args=[page.pk, "ringkasan"])
    html = client.get(response["Location"]).content.decode()
    assert step_links(html, page.pk) == ["profil", "ringkasan", "pembaruan", "dampak",
                                         "indikator"]


def test_over_the_groups_limit_is_saved_as_a_draft_and_refused_on_submit(
        client, world, every_group):
    page = proposal_in(world, "khusus")
    client.force_login(world["op_a1"])
    url = reverse("workspace:edit", args=[page.pk, "dampak"])
    typed = words(250, "adaptif")  # within the general group's 400, over the special 200

    response = client.post(url, {"adaptability": typed, "sdg_contribution": "TPB 3",
                                 "next": "1"})

    assert response["Location"] == url  # saved; the operator stays to shorten it
    latest = InnovationPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    assert latest.adaptability == typed
    html = client.get(url).content.decode()
    assert "Disimpan sebagai draf" in html
    assert "Adaptabilitas dan replikabilitas berisi 250 kata; batasnya 200 kata." in html
    assert typed in html

    refused = client.post(reverse("workspace:submit", args=[page.pk]))

    assert refused.status_code == 422
    assert "Adaptabilitas dan replikabilitas berisi 250 kata; batasnya 200 kata." in \
        refused.content.decode()
    assert not Entry.objects.filter(innovation=page).exists()


def test_the_same_text_passes_in_the_general_group(client, world):
    page = proposal_in(world, "umum", adaptability=words(250, "adaptif"))
    client.force_login(world["op_a1"])

    response = client.post(reverse("workspace:submit", args=[page.pk]))

    assert response.status_code == 302
    assert Entry.objects.get(innovation=page).group == "umum"


def test_a_replication_must_write_its_replication_sections(client, world):
    page = proposal_in(world, "replikasi", inspiration="", replication_differences="")
    client.force_login(world["op_a1"])

    response = client.post(reverse("workspace:submit", args=[page.pk]))

    html = response.content.decode()
    assert response.status_code == 422
    assert "Bagian “Inspirasi” wajib diisi." in html
    assert "Bagian “Perbedaan dengan inovasi asal” wajib diisi." in html
    assert "Bagian “Proses replikasi” wajib diisi." not in html  # that one is written


def test_sections_the_group_is_not_asked_are_not_checked(world):
    """Novelty over the general limit does not stop a replication, which is not asked it."""
    page = proposal_in(world, "replikasi", novelty=words(700, "baru"))

    entry = lifecycle.submit_proposal(innovation=page, user=world["op_a1"],
                                     competition=world["competition"])

    assert entry.group == "replikasi"


def test_the_submitted_revision_keeps_the_sections_the_judge_and_public_read_them(
        client, world, every_group):
    page = proposal_in(world, "khusus", renewal="Layanan kini daring penuh.",
                       evaluation="")
    edition_sections(every_group, [("khusus", "summary", 200, True),
                                   ("khusus", "renewal", 200, True),
                                   ("khusus", "evaluation", 300, False)])
    entry = lifecycle.submit_proposal(innovation=page, user=world["op_a1"],
                                     competition=every_group)
    services.save_proposal(innovation=page, user=world["op_a1"],
                           data={"renewal": "Teks sesudah dikirim."})

    assert entry.revision.as_object().renewal == "Layanan kini daring penuh."
    sheet = build_proposal(entry, blind=False)
    sections = {key: text for key, _label, text in sheet.sections}
    assert sections["renewal"] == "Layanan kini daring penuh."
    assert "evaluation" not in sections  # not filled, not shown
    assert [str(label) for key, label, _text in sheet.sections if key == "renewal"] == [
        "Pembaruan"]

    client.force_login(world["admin_a"])
    review = client.get(reverse("workspace:review", args=[entry.pk])).content.decode()
    assert "Layanan kini daring penuh." in review
    assert "Teks sesudah dikirim." not in review


def test_the_public_profile_shows_the_sections_that_were_filled(client, world):
    InnovationPageFactory(
        parent=world["index"], slug="jemput-bola-replika", group="replikasi",
        inspiration="Kami belajar dari Kota Alpha.", replication_process="Studi tiru dua kali.",
        sdg_contribution="Mendukung TPB 16.")

    response = client.get("/inovasi/jemput-bola-replika/")

    html = response.content.decode()
    assert [section["key"] for section in response.context["sections"]] == [
        "sdg_contribution", "inspiration", "replication_process"]
    assert "Kami belajar dari Kota Alpha." in html
    assert "Studi tiru dua kali." in html
    assert "Proses replikasi" in html
    assert "Perbedaan dengan inovasi asal" not in html  # empty: not shown


def test_the_step_pages_do_not_query_per_open_edition_or_section(client, world, every_group):
    page = proposal_in(world, "replikasi")
    client.force_login(world["op_a1"])
    urls = [reverse("workspace:edit", args=[page.pk, "replikasi"]),
            reverse("workspace:proposal", args=[page.pk]),
            reverse("workspace:files", args=[page.pk])]
    for url in urls:
        client.get(url)  # warm caches (site, locale)
    baseline = {}
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        baseline[url] = len(queries.captured_queries)
    for year in (2097, 2098, 2099):
        other = CompetitionFactory(open=True, year=year, groups=["umum", "replikasi"])
        edition_sections(other, [("replikasi", key, 100, True) for key in
                                 ("summary", "inspiration", "replication_process")])
    edition_sections(every_group, [("replikasi", key, 200, True) for key in
                                   ("summary", "inspiration", "replication_process",
                                    "replication_differences", "significance")])

    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        assert len(queries.captured_queries) == baseline[url], url
