"""The objection period's admin screens: who reaches them, the listing's filters, the
decide, announce and publish forms, constant query counts."""

import pytest

from judging.models import ObjectionStatus
from judging.services.objections import decide_objection
from tests.factories import judge, secretariat
from tests.judging.helpers import count_queries, file

pytestmark = pytest.mark.usefixtures("clear_cache", "english")


ADMIN_URLS = ["/admin/masa-sanggah/", "/admin/masa-sanggah/sanggahan/"]


def test_admin_views_require_secretariat(client, objection_window, provisional_entries):
    objection = file(objection_window.result, provisional_entries[0])
    urls = ADMIN_URLS + [f"/admin/masa-sanggah/sanggahan/{objection.pk}/",
                         f"/admin/masa-sanggah/hasil/{objection_window.result.pk}/umumkan/"]
    anonymous = [client.get(url) for url in urls]
    client.force_login(judge("juri1"))
    as_judge = [client.get(url) for url in urls]
    posted = client.post(f"/admin/masa-sanggah/sanggahan/{objection.pk}/",
                         {"status": "rejected", "note": "x"})
    client.force_login(secretariat("sek2"))
    as_staff = [client.get(url).status_code for url in urls]

    # Wagtail turns the views' PermissionDenied into a redirect to the admin home.
    assert [(r.status_code, r["Location"].split("?")[0]) for r in anonymous] == [
        (302, "/admin/login/")] * 4
    assert [(r.status_code, r["Location"]) for r in as_judge] == [(302, "/admin/")] * 4
    assert (posted.status_code, posted["Location"]) == (302, "/admin/")
    assert as_staff == [200] * 4
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.RECEIVED


def test_admin_listing_filters_by_status_and_round(
        client, objection_window, staff, provisional_entries):
    first = file(objection_window.result, provisional_entries[0])
    second = file(objection_window.result, provisional_entries[1])
    decide_objection(objection=second, user=staff, status=ObjectionStatus.UNDER_REVIEW)
    client.force_login(staff)

    by_status = client.get(ADMIN_URLS[1], {"status": "under_review"})
    by_round = client.get(ADMIN_URLS[1], {"round": objection_window.result.round_id})
    other_round = client.get(ADMIN_URLS[1], {"round": objection_window.result.round_id + 999})

    assert [o.pk for o in by_status.context["objections"]] == [second.pk]
    assert [o.pk for o in by_round.context["objections"]] == [second.pk, first.pk]
    assert list(other_round.context["objections"]) == []


def test_admin_decide_form_records_decision(client, objection_window, staff, provisional_entries):
    objection = file(objection_window.result, provisional_entries[0])
    client.force_login(staff)

    response = client.post(f"/admin/masa-sanggah/sanggahan/{objection.pk}/",
                           {"status": "upheld", "note": "Terbukti."})

    objection.refresh_from_db()
    assert response.status_code == 302
    assert objection.status == ObjectionStatus.UPHELD


def test_admin_announce_form_opens_a_window(client, provisional_result, staff):
    client.force_login(staff)

    response = client.post(f"/admin/masa-sanggah/hasil/{provisional_result.pk}/umumkan/",
                           {"opens_at": "2026-11-20T08:00", "closes_at": "2026-11-25T17:00"})

    assert response.status_code == 302
    assert provisional_result.objection_window.closes_at.isoformat() == "2026-11-25T10:00:00+00:00"


def test_admin_publish_final_is_refused_while_open(client, objection_window, staff):
    client.force_login(staff)

    client.post(f"/admin/masa-sanggah/hasil/{objection_window.result.pk}/terbitkan/")

    objection_window.result.refresh_from_db()
    assert objection_window.result.published is False


def test_admin_listing_has_no_n_plus_one(client, objection_window, staff, provisional_entries):
    client.force_login(staff)
    file(objection_window.result, provisional_entries[0])
    client.get(ADMIN_URLS[1])  # warm caches (content types, session)
    one = count_queries(lambda: client.get(ADMIN_URLS[1]))
    for entry in provisional_entries[1:]:
        file(objection_window.result, entry)
        file(objection_window.result, entry, name="Lagi")
    several = count_queries(lambda: client.get(ADMIN_URLS[1]))

    assert one == several
    periods_one = count_queries(lambda: client.get(ADMIN_URLS[0]))
    assert periods_one == count_queries(lambda: client.get(ADMIN_URLS[0]))
