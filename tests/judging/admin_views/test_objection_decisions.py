"""The decision on the entry of an upheld objection in the admin: the form on the
objection's page, who may post it, bad input and a double submit."""

import pytest
from wagtail.models import ModelLogEntry

from judging.models import (
    Assignment,
    Objection,
    ObjectionDecision,
    ObjectionStatus,
    Rescore,
    RoundResult,
)
from judging.services import publish_result
from judging.services.decisions import decide_entry
from judging.services.objections import decide_objection
from tests.factories import awarded_entries, judge, make_result
from tests.judging.helpers import count_queries, file, post_data, submit

pytestmark = pytest.mark.usefixtures("clear_cache", "english")


def upheld(result, entry, staff):
    return decide_objection(objection=file(result, entry), user=staff,
                            status=ObjectionStatus.UPHELD, note="Terbukti.")


def url(objection):
    return f"/admin/masa-sanggah/sanggahan/{objection.pk}/keputusan-entri/"


def test_secretariat_removes_the_entry_once(client, objection_window, staff, provisional_entries):
    objection = upheld(objection_window.result, provisional_entries[0], staff)
    client.force_login(staff)

    page = client.get(f"/admin/masa-sanggah/sanggahan/{objection.pk}/")
    first = client.post(url(objection), {"action": "remove", "note": "Dikeluarkan."})
    second = client.post(url(objection), {"action": "remove", "note": "Dikeluarkan."})
    after = client.get(f"/admin/masa-sanggah/sanggahan/{objection.pk}/")

    assert "entry_form" in page.context
    assert (first.status_code, second.status_code) == (302, 302)
    assert RoundResult.objects.count() == 2
    assert ModelLogEntry.objects.filter(action="judging.entry_decision").count() == 1
    decision = ObjectionDecision.objects.get()
    assert after.context["entry_decision"] == decision
    assert decision.result.checksum in after.content.decode()


def test_bad_input_keeps_what_was_typed(client, objection_window, staff, provisional_entries):
    objection = upheld(objection_window.result, provisional_entries[0], staff)
    client.force_login(staff)

    response = client.post(url(objection), {"action": "demote", "note": "Catatan saya"})

    assert response.status_code == 400
    assert response.context["entry_form"].errors["action"]
    assert "Catatan saya" in response.content.decode()
    assert not ObjectionDecision.objects.exists()


def test_decision_on_an_objection_not_upheld_is_refused_with_a_message(
        client, objection_window, staff, provisional_entries):
    objection = file(objection_window.result, provisional_entries[0])
    client.force_login(staff)

    response = client.post(url(objection), {"action": "remove", "note": "Dikeluarkan."})

    assert response.status_code == 400
    # The secretariat's admin speaks Indonesian.
    assert response.context["entry_form"].non_field_errors() == [
        "Hanya sanggahan yang diterima yang memerlukan keputusan atas entri."]
    assert RoundResult.objects.count() == 1


def test_only_the_secretariat_reaches_the_decision(client, objection_window, staff,
                                                   provisional_entries):
    objection = upheld(objection_window.result, provisional_entries[0], staff)
    client.force_login(judge("juri1"))

    response = client.post(url(objection), {"action": "remove", "note": "Dikeluarkan."})

    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert not ObjectionDecision.objects.exists()
    assert RoundResult.objects.count() == 1


def test_periods_screen_lists_the_current_snapshot_with_constant_queries(
        client, objection_window, staff, provisional_entries, objection_edition, index):
    client.force_login(staff)
    client.get("/admin/masa-sanggah/")
    one = count_queries(lambda: client.get("/admin/masa-sanggah/"))
    objection = upheld(objection_window.result, provisional_entries[0], staff)
    client.post(url(objection), {"action": "remove", "note": "Dikeluarkan."})
    make_result(objection_edition, awarded_entries(objection_edition, 2, index=index),
                tier="top45", order=5, published=False)

    response = client.get("/admin/masa-sanggah/")
    many = count_queries(lambda: client.get("/admin/masa-sanggah/"))

    current = RoundResult.objects.current().get(round=objection_window.result.round)
    assert [r.pk for r in response.context["results"]][0] == current.pk
    assert len(response.context["results"]) == 2
    assert response.context["results"][0].announce_pk == objection_window.result.pk
    assert many == one


# --- Re-score, and decisions after publication (a scored round: the service fixtures)

def rescore_url(objection):
    return f"/admin/masa-sanggah/sanggahan/{objection.pk}/nilai-ulang/"


def test_secretariat_rescores_through_the_screens(client, desk, scored, staff, provisional):
    result, _interview = provisional
    objection = upheld_directly(result, scored[1], staff)
    client.force_login(staff)

    decided = client.post(url(objection), {"action": "rescore", "note": "Nilai ulang."})
    page = client.get(f"/admin/masa-sanggah/sanggahan/{objection.pk}/")
    early = client.post(rescore_url(objection), {})
    rescore = Rescore.objects.get()
    for assignment in Assignment.objects.filter(rescore=rescore):
        submit(assignment, value=3)
    applied = client.post(rescore_url(objection), {})
    after = client.get(f"/admin/masa-sanggah/sanggahan/{objection.pk}/")

    assert decided.status_code == 302
    assert "rescore_form" in page.context
    assert "0 dari 2 terkirim" in page.content.decode()
    assert early.status_code == 400
    assert early.context["rescore_form"].non_field_errors() == [
        "0 dari 2 nilai baru sudah dikirim; terapkan penilaian ulang setelah semuanya masuk."]
    assert applied.status_code == 302
    current = RoundResult.objects.current().get(round=desk)
    assert current.supersedes_id == result.pk
    assert "rescore_form" not in after.context
    assert current.checksum in after.content.decode()


def test_a_judge_scores_a_rescore_in_a_finalised_round(client, desk, scored, staff,
                                                       provisional):
    result, _interview = provisional
    objection = upheld_directly(result, scored[1], staff)
    rescore = decide_entry(objection=objection, user=staff, action="rescore",
                           note="Nilai ulang.").rescore
    assignment = Assignment.objects.filter(rescore=rescore).first()
    client.force_login(assignment.judge)

    listing = client.get("/admin/penjurian/penugasan/")
    home = client.get("/admin/")
    form = client.get(f"/admin/penjurian/penugasan/{assignment.pk}/")
    posted = client.post(f"/admin/penjurian/penugasan/{assignment.pk}/",
                         post_data(desk, 6, submit=""))

    assert assignment.entry_id in [row["entry_id"] for group in listing.context["rounds"]
                                   for row in group["rows"]]
    assert form.context["locked"] is False
    panel = next(c for c in home.context["panels"] if c.name == "judging")
    assert panel.get_context_data({})["total"] == 1
    assert posted.status_code == 302
    assert Assignment.objects.get(pk=assignment.pk).score.status == "submitted"


def test_a_removal_after_publication_through_the_screen(client, desk, scored, staff,
                                                        provisional):
    result, _interview = provisional
    publish_result(result=result, user=staff)
    objection = upheld_directly(result, scored[0], staff)
    client.force_login(staff)

    response = client.post(url(objection), {"action": "remove", "note": "Dikeluarkan."})

    assert response.status_code == 302
    current = RoundResult.objects.current().get(round=desk)
    assert (current.supersedes_id, current.published) == (result.pk, True)
    assert not current.rows.get(entry=scored[0]).selected


def upheld_directly(result, entry, staff):
    objection = Objection.objects.create(result=result, entry=entry, name="Budi",
                                         email="budi@example.org", reason="x" * 60)
    return decide_objection(objection=objection, user=staff, status=ObjectionStatus.UPHELD,
                            note="Terbukti.")


def test_the_dashboard_publishes_the_current_snapshot_after_a_removal(client, desk, scored,
                                                                      staff, provisional):
    """Two snapshots of the round: the dashboard's publish button publishes the current
    one (it used to look the round's result up as if there were one: a 500)."""
    result, _interview = provisional
    decide_entry(objection=upheld_directly(result, scored[0], staff), user=staff,
                 action="remove", note="Dikeluarkan.")
    client.force_login(staff)

    response = client.post(f"/admin/penjurian/babak/{desk.pk}/terbitkan/")

    assert response.status_code == 302
    current = RoundResult.objects.current().get(round=desk)
    assert (current.supersedes_id, current.published) == (result.pk, True)
    assert RoundResult.objects.get(pk=result.pk).published is False


def test_the_periods_screen_names_a_pending_rescore(client, desk, scored, staff, provisional):
    result, _interview = provisional
    decide_entry(objection=upheld_directly(result, scored[1], staff), user=staff,
                 action="rescore", note="Nilai ulang.")
    client.force_login(staff)

    response = client.get("/admin/masa-sanggah/")

    row = next(r for r in response.context["results"] if r.round_id == desk.pk)
    assert row.blockers == [
        "1 entri sedang dinilai ulang; terapkan penilaian ulang terlebih dahulu."]


def test_a_tie_after_the_rescore_is_settled_on_the_apply_form(client, desk, scored, staff,
                                                             provisional):
    result, _interview = provisional
    objection = upheld_directly(result, scored[1], staff)
    rescore = decide_entry(objection=objection, user=staff, action="rescore",
                           note="Nilai ulang.").rescore
    for assignment in Assignment.objects.filter(rescore=rescore):
        submit(assignment, value=5)  # now tied with the fourth entry for seat 3
    client.force_login(staff)

    asked = client.post(rescore_url(objection), {"panel_note": "Catatan panel"})
    settled = client.post(rescore_url(objection), {
        "panel_note": "Catatan panel", f"panel-{scored[1].pk}": "0",
        f"panel-{scored[3].pk}": "1"})

    assert asked.status_code == 400
    assert [t["entry_id"] for t in asked.context["rescore_tie"]] == sorted(
        [scored[1].pk, scored[3].pk])
    assert f'name="panel-{scored[3].pk}"' in asked.content.decode()
    assert "Catatan panel" in asked.content.decode()
    assert settled.status_code == 302
    current = RoundResult.objects.current().get(round=desk)
    assert set(current.rows.filter(selected=True).values_list("entry_id", flat=True)) == {
        scored[0].pk, scored[2].pk, scored[3].pk}
