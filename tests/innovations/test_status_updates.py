"""Innovations followed after they win: the unit's yearly status, and replications
that name what they replicate."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import PageLogEntry

from innovations import rules, services
from innovations.models import InnovationGroup, InnovationPage, RunningStatus, StatusUpdate
from tests.factories import InnovationPageFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 1)


@pytest.fixture
def followed(world):
    return InnovationPageFactory(parent=world["index"], agency=world["agency_a"],
                                 unit=world["unit_a1"], title="Antar Dokumen Kependudukan",
                                 slug="antar-dokumen")


def report(innovation, user, **overrides):
    values = {"year": 2026, "status": RunningStatus.CHANGED, "as_of": datetime.date(2026, 11, 3),
              "note": "Kini juga melayani lewat aplikasi.", "today": TODAY}
    values.update(overrides)
    return services.record_status_update(innovation=innovation, user=user, **values)


def test_the_unit_reports_once_a_year_and_a_second_word_replaces_the_first(world, followed):
    report(followed, world["op_a1"])
    update, changed = report(followed, world["admin_a"], status=RunningStatus.STOPPED,
                             note="Anggaran dihentikan.")

    assert changed is True
    assert list(StatusUpdate.objects.values_list("year", "status")) == [(2026, "berhenti")]
    assert update.created_by == world["admin_a"]
    assert PageLogEntry.objects.filter(action="innovations.status_update").count() == 2


def test_the_same_word_twice_changes_nothing(world, followed):
    report(followed, world["op_a1"])
    _update, changed = report(followed, world["op_a1"])

    assert changed is False
    assert PageLogEntry.objects.filter(action="innovations.status_update").count() == 1


def test_other_units_and_agencies_cannot_report(world, followed):
    for user in (world["op_a2"], world["op_b1"], world["admin_b"]):
        with pytest.raises(PermissionDenied):
            report(followed, user)
    assert not StatusUpdate.objects.exists()


@pytest.mark.parametrize(("overrides", "message"), [
    ({"year": 2027, "as_of": datetime.date(2027, 1, 2)}, "Choose a year between"),
    ({"year": 2019, "as_of": datetime.date(2019, 5, 1)}, "Choose a year between"),
    ({"as_of": datetime.date(2025, 12, 30)}, "The date must fall in 2026."),
    ({"as_of": datetime.date(2026, 12, 2)}, "The date cannot be in the future."),
    ({"note": "x" * 501}, "Use at most 500 characters (this note has 501)."),
    ({"status": "hilang"}, "Choose whether the innovation still runs"),
])
def test_bad_reports_are_refused_with_a_reason(world, followed, overrides, message):
    with translation.override("en"), pytest.raises(services.ProposalRuleError) as error:
        report(followed, world["op_a1"], **overrides)

    assert any(text.startswith(message) for text in error.value.messages), error.value.messages
    assert not StatusUpdate.objects.exists()


def test_the_profile_shows_the_latest_status_and_the_history(client, world, followed):
    report(followed, world["op_a1"], year=2025, as_of=datetime.date(2025, 6, 1),
           status=RunningStatus.RUNNING, note="")
    report(followed, world["op_a1"])

    html = client.get(followed.url).content.decode()

    assert "Masih berjalan?" in html  # "Still running?"
    assert "Berjalan, dengan perubahan, sebagaimana dilaporkan unit pada 3 November 2026." in html
    assert "Kini juga melayani lewat aplikasi." in html
    assert "<strong>2025</strong>: Masih berjalan" in html


def test_the_workspace_form_keeps_what_was_typed_when_refused(client, world, followed):
    client.force_login(world["op_a1"])
    url = reverse("workspace:status_update", args=[followed.pk])

    response = client.post(url, {"year": "2026", "status": "berubah", "as_of": "2025-01-05",
                                 "note": "Catatan yang diketik"})

    assert response.status_code == 422
    html = response.content.decode()
    assert "Tanggal harus jatuh pada tahun 2026." in html  # "The date must fall in 2026."
    assert "Catatan yang diketik" in html
    assert not StatusUpdate.objects.exists()

    response = client.post(url, {"year": "2026", "status": "berubah", "as_of": "2026-01-05",
                                 "note": "Catatan yang diketik"})
    assert response.status_code == 302
    assert StatusUpdate.objects.get().note == "Catatan yang diketik"


def test_the_status_page_is_404_for_other_units(client, world, followed):
    client.force_login(world["op_b1"])

    assert client.get(reverse("workspace:status_update", args=[followed.pk])).status_code == 404


def test_a_replication_must_name_what_it_replicates(world, followed):
    proposal = InnovationPage(title="Salinan", group=InnovationGroup.REPLICATION)

    with translation.override("en"):
        assert rules.check_replication(proposal=proposal) == [
            "A replication names the innovation it replicates: give the link to its profile "
            "in the Profile step."]
    proposal.replicates = followed
    assert rules.check_replication(proposal=proposal) == []


def test_the_operator_names_the_original_by_its_profile_link(client, world, followed):
    draft = services.create_proposal(unit=world["unit_b1"], user=world["op_b1"],
                                     title="Antar Dokumen ala Beta",
                                     group=InnovationGroup.REPLICATION)
    client.force_login(world["op_b1"])
    url = reverse("workspace:edit", args=[draft.pk, "profil"])
    base = {"title": "Antar Dokumen ala Beta", "group": "replikasi", "started_on": "2022-01-01"}

    refused = client.post(url, {**base, "replicates": "https://contoh.go.id/inovasi/tidak-ada/"})
    saved = client.post(url, {**base, "replicates": f"http://testserver{followed.url}"})

    assert "No published innovation has this link" not in refused.content.decode()
    assert "Tidak ada inovasi terbit dengan tautan ini." in refused.content.decode()
    assert saved.status_code == 302
    draft.refresh_from_db()
    assert draft.get_latest_revision_as_object().replicates == followed


def test_a_status_report_reaches_a_cached_profile_at_once(client, world, followed, settings):
    settings.PORTAL_PAGE_CACHE = True
    client.get(followed.url)  # now cached for anonymous visitors

    report(followed, world["op_a1"])

    assert "Kini juga melayani lewat aplikasi." in client.get(followed.url).content.decode()


def test_the_database_filters_on_the_latest_status(client, world, followed):
    other = InnovationPageFactory(parent=world["index"], agency=world["agency_a"],
                                  unit=world["unit_a1"], title="Klinik Keliling",
                                  slug="klinik-keliling")
    report(followed, world["op_a1"], year=2025, as_of=datetime.date(2025, 3, 1),
           status=RunningStatus.STOPPED)
    report(followed, world["op_a1"], status=RunningStatus.RUNNING)  # 2026: running again
    report(other, world["op_a1"], status=RunningStatus.STOPPED)

    stopped = client.get("/inovasi/?status=berhenti").content.decode()
    running = client.get("/inovasi/?status=berjalan").content.decode()
    everything = client.get("/inovasi/").content.decode()

    assert "Klinik Keliling" in stopped
    assert "Antar Dokumen Kependudukan" not in stopped
    assert "Antar Dokumen Kependudukan" in running
    assert "Klinik Keliling" not in running
    # The facet counts the latest word only: one running, one stopped.
    assert '<option value="berjalan">Masih berjalan (1)</option>' in everything
    assert '<option value="berhenti">Berhenti (1)</option>' in everything


def test_the_form_starts_with_this_year_and_today(client, world, followed):
    client.force_login(world["op_a1"])

    html = client.get(reverse("workspace:status_update", args=[followed.pk])).content.decode()

    today = timezone.localdate()  # the portal's day (WIB), as the view takes it
    # A date input only shows an ISO date (YYYY-MM-DD), whatever the language.
    assert f'name="as_of" value="{today:%Y-%m-%d}"' in html
    assert f'name="year" value="{today.year}"' in html
