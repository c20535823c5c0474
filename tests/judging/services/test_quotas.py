"""Quota clusters from the data, the proportional proposal, and unmet minimums: kept in
the snapshot (and its checksum) and accepted only by a panel decision with a note."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation
from wagtail.models import ModelLogEntry

from innovations.models import AgencyType, Category, Province
from judging.models import RoundQuota, RoundResult
from judging.services import (
    UnmetMinimumError,
    compute_round_statistics,
    finalise_round,
    input_checksum,
    reason_text,
)
from judging.services.limits import PANEL_NOTE_MAX
from judging.services.quotas import (
    apply_proportional_minimums,
    cluster_error,
    entry_clusters,
    validate_cluster,
)
from judging.services.results import recompute_checksum


def quota(round, dimension, cluster, min_seats=0, max_seats=None):
    return RoundQuota.objects.create(round=round, dimension=dimension, cluster=cluster,
                                     min_seats=min_seats, max_seats=max_seats)


# --- clusters chosen from data


@pytest.mark.django_db
def test_a_cluster_must_exist_in_the_data_of_the_edition(competition):
    health = Category.objects.get(slug="kesehatan")
    competition.categories.set([health])
    competition.groups = ["umum"]
    competition.save()

    validate_cluster(dimension="province", cluster="94", competition=competition)
    validate_cluster(dimension="region_group", cluster="Sulawesi", competition=competition)
    validate_cluster(dimension="agency_type", cluster="kota", competition=competition)
    validate_cluster(dimension="category", cluster="kesehatan", competition=competition)
    validate_cluster(dimension="group", cluster="umum", competition=competition)
    validate_cluster(dimension="remote_border", cluster="3t", competition=competition)
    with translation.override("id"):
        # "99" is no province code; "Sulawesi Tengah" is a province, not a region group.
        message = cluster_error(dimension="province", cluster="99", competition=competition)
        assert "bukan" in message
        assert "99" in message
    for dimension, cluster in (("province", "99"), ("region_group", "Sulawesi Tengah"),
                               ("agency_type", "desa"), ("category", "pendidikan"),
                               ("group", "khusus"), ("remote_border", "ya"),
                               ("lottery", "x")):
        with pytest.raises(ValidationError):
            validate_cluster(dimension=dimension, cluster=cluster, competition=competition)


@pytest.mark.django_db
def test_entries_get_their_province_group_and_3t_flag(desk, make_entries):
    papua, jatim = make_entries(desk.competition, 2, provinces=("94", "35"))
    ministry = make_entries(desk.competition, 1)[0]
    ministry.innovation.agency.province = None
    ministry.innovation.agency.agency_type = AgencyType.MINISTRY
    ministry.innovation.agency.save()

    clusters = entry_clusters(desk)

    assert Province.objects.get(code="94").remote_border
    assert clusters[papua.pk]["province"] == "94"
    assert clusters[papua.pk]["remote_border"] == "3t"
    assert clusters[papua.pk]["region_group"] == "Papua"
    assert clusters[jatim.pk]["remote_border"] == "non_3t"
    assert clusters[jatim.pk]["group"] == "umum"
    assert clusters[ministry.pk]["remote_border"] == ""
    assert clusters[ministry.pk]["agency_type"] == "kementerian"


@pytest.mark.django_db
def test_the_3t_provinces_are_flagged_by_the_data_migration(db):
    assert set(Province.objects.filter(remote_border=True).values_list("code", flat=True)) == {
        "53", "81", "91", "92", "93", "94", "95", "96"}


# --- the proportional proposal


@pytest.mark.django_db
def test_proportional_minimums_are_applied_once_and_audited(desk, staff, make_entries):
    # Provinces 35, 32, 73, 35: shares 2/4, 1/4, 1/4 of 2 seats = 1, 0.5, 0.5; the seat
    # left goes to the equal remainders by cluster value ("32" before "73").
    make_entries(desk.competition, 4)
    quota(desk, "province", "73", min_seats=1, max_seats=3)

    proposal = apply_proportional_minimums(round=desk, user=staff, dimension="province")

    assert proposal == {"32": 1, "35": 1, "73": 0}
    assert dict(desk.quotas.values_list("cluster", "min_seats")) == {"32": 1, "35": 1, "73": 0}
    assert desk.quotas.get(cluster="73").max_seats == 3
    entry = ModelLogEntry.objects.get(action="judging.quota_proposal")
    assert entry.data["changes"] == [["32", None, 1], ["35", None, 1], ["73", 1, 0]]

    apply_proportional_minimums(round=desk, user=staff, dimension="province")
    assert ModelLogEntry.objects.filter(action="judging.quota_proposal").count() == 1


@pytest.mark.django_db
def test_proportional_proposal_needs_a_top_n_a_secretary_and_respects_maximums(
        desk, staff, judges, make_entries):
    make_entries(desk.competition, 4)
    with pytest.raises(PermissionDenied):
        apply_proportional_minimums(round=desk, user=judges[0], dimension="province")
    quota(desk, "province", "35", max_seats=0)
    with pytest.raises(ValidationError):
        apply_proportional_minimums(round=desk, user=staff, dimension="province")
    desk.advance_count = None
    desk.save()
    with pytest.raises(ValidationError):
        apply_proportional_minimums(round=desk, user=staff, dimension="province")
    assert not ModelLogEntry.objects.filter(action="judging.quota_proposal").exists()


# --- unmet minimums and seats given by quota


@pytest.fixture
def three_seats(desk, scored):
    desk.advance_count = 3  # 9, 8, 8 go through: no tie at the cut-off
    desk.save()
    return desk


@pytest.mark.django_db
def test_an_unmet_minimum_refuses_finalising_without_a_panel_note(three_seats, staff):
    quota(three_seats, "province", "94", min_seats=1)  # no entry from Papua Tengah

    with pytest.raises(UnmetMinimumError) as error:
        finalise_round(round=three_seats, user=staff)
    with pytest.raises(UnmetMinimumError):
        finalise_round(round=three_seats, user=staff, accept_unmet_minimums=True)
    with pytest.raises(UnmetMinimumError):
        finalise_round(round=three_seats, user=staff, panel_note="Tidak ada peserta.")

    assert error.value.unmet[0]["cluster"] == "94"
    assert not RoundResult.objects.exists()
    three_seats.refresh_from_db()
    assert three_seats.status == "closed"


@pytest.mark.django_db
def test_the_panel_note_on_unmet_minimums_is_kept_in_snapshot_checksum_and_audit(
        three_seats, staff):
    quota(three_seats, "province", "94", min_seats=1)
    note = "Tidak ada peserta dari Papua Tengah yang lolos; panel menerima."

    result = finalise_round(round=three_seats, user=staff, accept_unmet_minimums=True,
                            panel_note=note)

    outcome = result.round_settings["quota_outcome"]
    assert outcome["unmet_minimums"] == [{"dimension": "province", "cluster": "94",
                                          "name": "Papua Tengah", "min_seats": 1,
                                          "selected": 0}]
    assert outcome["panel_note"] == note
    audit = ModelLogEntry.objects.get(action="judging.finalise").data
    assert audit["panel_note"] == note
    assert audit["unmet_minimums"] == outcome["unmet_minimums"]
    assert recompute_checksum(result=result) == result.checksum
    # The note is part of what the checksum covers.
    changed = {**result.round_settings,
               "quota_outcome": {**outcome, "panel_note": "Catatan lain"}}
    rows = sorted(compute_round_statistics(round=three_seats).rows)
    assert input_checksum(settings=result.round_settings, rows=rows, panel={}) == \
        result.checksum
    assert input_checksum(settings=changed, rows=rows, panel={}) != result.checksum


@pytest.mark.django_db
def test_every_seat_given_by_quota_is_recorded_with_its_reason(desk, scored, staff):
    desk.advance_count = 1
    desk.save()
    quota(desk, "province", "73", min_seats=1)  # scored[2] (Sulawesi Selatan) ranks 2nd

    result = finalise_round(round=desk, user=staff)

    outcome = result.round_settings["quota_outcome"]
    assert outcome["unmet_minimums"] == []
    assert outcome["quota_seats"] == [{"entry": scored[2].pk, "dimension": "province",
                                       "cluster": "73", "name": "Sulawesi Selatan"}]
    row = result.rows.get(entry=scored[2])
    assert row.selected
    with translation.override("en"):
        assert reason_text(row.reason_code, row.reason_params) == (
            "Selected to meet the minimum for Province: Sulawesi Selatan")


@pytest.mark.django_db
def test_a_round_without_quotas_keeps_its_snapshot_as_before(three_seats, staff):
    result = finalise_round(round=three_seats, user=staff)

    assert "quota_outcome" not in result.round_settings


@pytest.mark.django_db
def test_a_too_long_panel_note_is_refused(three_seats, staff):
    quota(three_seats, "province", "94", min_seats=1)

    with pytest.raises(ValidationError) as error:
        finalise_round(round=three_seats, user=staff, accept_unmet_minimums=True,
                       panel_note="x" * (PANEL_NOTE_MAX + 1))

    assert "panel_note" in error.value.message_dict
    assert not RoundResult.objects.exists()

