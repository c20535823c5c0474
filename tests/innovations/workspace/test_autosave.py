"""Nothing typed is lost: background saves (autosave.js) through the same form and
service as the Save button, a fingerprint that refuses to overwrite newer text saved in
another tab, one revision and one audit row per writing session, and plain saving
without JavaScript."""

import datetime
import json
import threading

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import translation
from wagtail.models import PageLogEntry, Revision

from innovations import audit, services
from innovations.models import InnovationPage
from innovations.workspace.forms import STEPS_BY_SLUG
from judging.services import entries as lifecycle
from tests.factories import make_proposal, operator, words

pytestmark = pytest.mark.django_db

SUMMARY_STEP = STEPS_BY_SLUG["ringkasan"].fields  # ("summary", "background")


@pytest.fixture
def proposal(world):
    return make_proposal(unit=world["unit_a1"], user=world["op_a1"])


def revisions(page):
    return Revision.page_revisions.filter(object_id=str(page.pk)).count()


def logs(page, action):
    return PageLogEntry.objects.filter(page_id=page.pk, action=action).count()


def latest(page):
    return InnovationPage.objects.get(pk=page.pk).get_latest_revision_as_object()


def token(page, keys=SUMMARY_STEP):
    return services.fields_token(latest(page), keys)


def autosave(page, user, **data):
    return services.save_proposal(innovation=InnovationPage.objects.get(pk=page.pk),
                                  user=user, data=data, autosave=True, step="ringkasan")


# --- the service -----------------------------------------------------------------------

def test_autosaves_of_one_session_keep_one_revision_and_one_audit_row(world, proposal):
    before = revisions(proposal)
    edits_before = logs(proposal, "wagtail.edit")

    for text in ("Warga", "Warga mengurus", "Warga mengurus akta dari rumah"):
        autosave(proposal, world["op_a1"], summary=text)

    assert latest(proposal).summary == "Warga mengurus akta dari rumah"
    assert revisions(proposal) == before + 1
    assert logs(proposal, audit.PROPOSAL_AUTOSAVE) == 1
    assert logs(proposal, "wagtail.edit") == edits_before
    row = PageLogEntry.objects.get(page_id=proposal.pk, action=audit.PROPOSAL_AUTOSAVE)
    assert row.data == {"step": "ringkasan", "fields": ["summary"]}
    assert row.revision_id == InnovationPage.objects.get(pk=proposal.pk).latest_revision_id


def test_a_new_writing_session_gets_its_own_revision_and_audit_row(world, proposal):
    autosave(proposal, world["op_a1"], summary="Sesi pertama")
    before = revisions(proposal)
    PageLogEntry.objects.filter(page_id=proposal.pk, action=audit.PROPOSAL_AUTOSAVE).update(
        timestamp=datetime.datetime.now(datetime.UTC) - services.AUTOSAVE_WINDOW
        - datetime.timedelta(seconds=1))

    autosave(proposal, world["op_a1"], summary="Sesi kedua")

    assert revisions(proposal) == before + 1
    assert logs(proposal, audit.PROPOSAL_AUTOSAVE) == 2


def test_an_autosave_never_rewrites_the_submitted_revision(world, proposal):
    autosave(proposal, world["op_a1"], summary="Teks yang dikirim")
    entry = lifecycle.submit_proposal(innovation=InnovationPage.objects.get(pk=proposal.pk),
                                      user=world["op_a1"], competition=world["competition"])
    frozen = entry.revision_id

    autosave(proposal, world["op_a1"], summary="Teks sesudah dikirim")

    entry.refresh_from_db()
    assert entry.revision_id == frozen
    assert entry.revision.as_object().summary == "Teks yang dikirim"
    assert latest(proposal).summary == "Teks sesudah dikirim"
    assert InnovationPage.objects.get(pk=proposal.pk).latest_revision_id != frozen


def test_an_autosave_does_not_rewrite_another_operators_revision(world, proposal):
    autosave(proposal, world["op_a1"], summary="Teks operator pertama")
    first = InnovationPage.objects.get(pk=proposal.pk).latest_revision_id
    other = operator(world["unit_a1"], username="operator-kedua")  # same unit

    autosave(proposal, other, summary="Teks operator kedua")

    assert Revision.objects.get(pk=first).as_object().summary == "Teks operator pertama"
    assert logs(proposal, audit.PROPOSAL_AUTOSAVE) == 2


def test_saving_what_is_already_stored_writes_nothing(world, proposal):
    stored = latest(proposal)
    before, audits = revisions(proposal), PageLogEntry.objects.filter(page_id=proposal.pk).count()

    services.save_proposal(innovation=proposal, user=world["op_a1"],
                           data={"summary": stored.summary, "background": stored.background})
    autosave(proposal, world["op_a1"], summary=stored.summary)

    assert revisions(proposal) == before
    assert PageLogEntry.objects.filter(page_id=proposal.pk).count() == audits


def test_text_saved_meanwhile_in_another_tab_is_not_overwritten(world, proposal):
    opened = token(proposal)  # tab 1 opens the step
    services.save_proposal(innovation=proposal, user=world["op_a1"],  # tab 2 saves
                           data={"summary": "Dari tab kedua", "background": "Latar"},
                           base=opened)

    with pytest.raises(services.ProposalConflict) as refused:
        services.save_proposal(innovation=proposal, user=world["op_a1"],
                               data={"summary": "Dari tab pertama", "background": "Latar"},
                               base=opened)

    assert latest(proposal).summary == "Dari tab kedua"
    assert refused.value.token == token(proposal)
    assert refused.value.messages[0].startswith("Langkah ini sudah disimpan di tempat lain")
    # Saving again with the newer fingerprint replaces it knowingly.
    services.save_proposal(innovation=proposal, user=world["op_a1"],
                           data={"summary": "Dari tab pertama", "background": "Latar"},
                           base=refused.value.token)
    assert latest(proposal).summary == "Dari tab pertama"


def test_the_same_text_twice_with_an_old_fingerprint_is_a_double_click(world, proposal):
    opened = token(proposal)
    data = {"summary": "Klik dua kali", "background": "Latar"}
    services.save_proposal(innovation=proposal, user=world["op_a1"], data=data, base=opened)
    before = revisions(proposal)

    services.save_proposal(innovation=proposal, user=world["op_a1"], data=data, base=opened)

    assert revisions(proposal) == before


def test_another_step_saved_meanwhile_is_no_conflict(world, proposal):
    opened = token(proposal)
    services.save_proposal(innovation=proposal, user=world["op_a1"],
                           data={"novelty": "Kebaruan dari tab kedua"})

    services.save_proposal(innovation=proposal, user=world["op_a1"],
                           data={"summary": "Ringkasan tab pertama"}, base=opened,
                           fields=SUMMARY_STEP)

    saved = latest(proposal)
    assert (saved.summary, saved.novelty) == ("Ringkasan tab pertama",
                                              "Kebaruan dari tab kedua")


def run_concurrently(count, action):
    start = threading.Barrier(count)
    outcomes = []

    def worker(number):
        try:
            start.wait()
            outcomes.append(action(number))
        except Exception as error:  # noqa: BLE001 - the test inspects them
            outcomes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_tabs_autosaving_at_once_lose_nothing_silently(world):
    page = make_proposal(unit=world["unit_a1"], user=world["op_a1"])
    opened = token(page)

    outcomes = run_concurrently(2, lambda n: services.save_proposal(
        innovation=InnovationPage.objects.get(pk=page.pk), user=world["op_a1"],
        data={"summary": f"Teks tab {n}", "background": "Latar"}, base=opened,
        autosave=True, step="ringkasan"))

    kinds = sorted(type(outcome).__name__ for outcome in outcomes)
    assert kinds == ["ProposalConflict", "tuple"]
    winner = next(outcome for outcome in outcomes if isinstance(outcome, tuple))[0]
    assert latest(page).summary == winner.summary


# --- the view --------------------------------------------------------------------------

def post_autosave(client, page, step="ringkasan", **data):
    return client.post(reverse("workspace:edit", args=[page.pk, step]),
                       {"autosave": "1", **data})


def test_the_step_page_carries_the_fingerprint_and_the_autosave_script(client, world, proposal):
    client.force_login(world["op_a1"])
    html = client.get(reverse("workspace:edit", args=[proposal.pk, "ringkasan"])).content.decode()

    assert f'<input type="hidden" name="base" value="{token(proposal)}">' in html
    assert "data-autosave " in html
    assert 'data-autosave-saving="Menyimpan…"' in html
    assert 'data-autosave-status' in html
    assert "innovations/js/autosave.js" in html
    assert "<script>" not in html  # CSP: no inline scripts


def test_autosave_answers_in_json_and_the_text_is_there_on_reload(client, world, proposal):
    client.force_login(world["op_a1"])

    response = post_autosave(client, proposal, summary="Diketik lalu disimpan otomatis",
                             background="Latar", base=token(proposal))

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "saved"
    assert body["message"].startswith("Tersimpan otomatis pukul ")
    assert body["base"] == token(proposal)
    html = client.get(reverse("workspace:edit", args=[proposal.pk, "ringkasan"])).content.decode()
    assert "Diketik lalu disimpan otomatis" in html
    assert logs(proposal, audit.PROPOSAL_AUTOSAVE) == 1


def test_autosave_refuses_to_overwrite_newer_text_and_says_so(client, world, proposal):
    client.force_login(world["op_a1"])
    opened = token(proposal)
    services.save_proposal(innovation=proposal, user=world["op_a1"],
                           data={"summary": "Dari tab kedua"})

    response = post_autosave(client, proposal, summary="Dari tab pertama",
                             background=latest(proposal).background, base=opened)

    assert response.status_code == 409
    assert response.json()["status"] == "conflict"
    assert "Langkah ini sudah disimpan di tempat lain" in response.json()["message"]
    assert latest(proposal).summary == "Dari tab kedua"


def test_autosave_keeps_over_limit_text_as_a_draft(client, world, proposal):
    client.force_login(world["op_a1"])
    typed = words(201, "panjang")

    body = post_autosave(client, proposal, summary=typed, background="Latar").json()

    assert body["status"] == "saved"
    assert body["warnings"] == {"summary": "Ringkasan berisi 201 kata; batasnya 200 kata."}
    assert latest(proposal).summary == typed


def test_autosave_saves_the_valid_fields_and_marks_the_invalid(client, world, proposal):
    client.force_login(world["op_a1"])
    stored = latest(proposal)
    data = {"title": "Judul baru yang disimpan", "group": stored.group,
            "category": stored.category_id or "", "started_on": "bukan-tanggal",
            "video_url": ""}

    response = post_autosave(client, proposal, step="profil", **data)

    body = response.json()
    assert response.status_code == 200
    assert list(body["errors"]) == ["started_on"]
    assert body["message"].startswith("Tersimpan otomatis pukul ")
    assert "kecuali isian yang ditandai" in body["message"]
    saved = latest(proposal)
    assert (saved.title, saved.started_on) == ("Judul baru yang disimpan", stored.started_on)


def test_plain_save_with_an_old_fingerprint_keeps_the_text_and_asks(client, world, proposal):
    client.force_login(world["op_a1"])
    url = reverse("workspace:edit", args=[proposal.pk, "ringkasan"])
    opened = token(proposal)
    services.save_proposal(innovation=proposal, user=world["op_a1"],
                           data={"summary": "Dari tab kedua"})

    response = client.post(url, {"summary": "Dari tab pertama", "background": "Latar",
                                 "base": opened, "save": "1"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Langkah ini sudah disimpan di tempat lain" in html
    assert "Dari tab pertama" in html  # what was typed is still in the form
    assert latest(proposal).summary == "Dari tab kedua"
    newer = token(proposal)
    assert f'name="base" value="{newer}"' in html
    # Saving again replaces the other version knowingly.
    client.post(url, {"summary": "Dari tab pertama", "background": "Latar", "base": newer,
                      "save": "1"})
    assert latest(proposal).summary == "Dari tab pertama"


def test_over_limit_text_is_marked_under_its_own_field(client, world, proposal):
    client.force_login(world["op_a1"])
    url = reverse("workspace:edit", args=[proposal.pk, "ringkasan"])
    client.post(url, {"summary": words(201, "panjang"), "background": "Latar"})

    html = client.get(url).content.decode()

    assert ('<p class="field-warning" id="id_summary-over">Ringkasan berisi 201 kata; '
            'batasnya 200 kata.') in html
    assert 'id="id_background-over"' not in html


def test_the_autosave_audit_action_reads_in_indonesian(world, proposal):
    autosave(proposal, world["op_a1"], summary="Teks")
    row = PageLogEntry.objects.get(page_id=proposal.pk, action=audit.PROPOSAL_AUTOSAVE)
    with translation.override("id"):
        assert str(row.formatter.label) == "Simpan draf otomatis"
    assert json.dumps(row.data) == '{"step": "ringkasan", "fields": ["summary"]}'


def test_autosave_of_the_indicator_rows_uses_the_same_formset(client, world, proposal):
    client.force_login(world["op_a1"])
    data = {"indicators-TOTAL_FORMS": "2", "indicators-INITIAL_FORMS": "0",
            "indicators-MIN_NUM_FORMS": "0", "indicators-MAX_NUM_FORMS": "30",
            "indicators-0-name": "Waktu layanan", "indicators-0-unit": "hari",
            "indicators-0-value_before": "14", "indicators-0-value_after": "3",
            "base": token(proposal, ("indicators",))}

    body = post_autosave(client, proposal, step="indikator", **data).json()

    assert body["status"] == "saved"
    rows = [(i.name, i.unit, i.value_before, i.value_after)
            for i in latest(proposal).indicators.all()]
    assert rows == [("Waktu layanan", "hari", 14, 3)]
    bad = post_autosave(client, proposal, step="indikator",
                        **{**data, "indicators-0-value_after": "tiga"})
    assert bad.status_code == 422
    assert bad.json()["status"] == "invalid"
    assert [i.value_after for i in latest(proposal).indicators.all()] == [3]


def test_autosave_by_someone_who_may_not_edit_saves_nothing(client, world, proposal):
    before = latest(proposal).summary
    client.force_login(world["op_a2"])  # another unit of the same agency

    response = post_autosave(client, proposal, summary="Bukan unit saya", background="x")

    assert response.status_code == 404
    client.logout()
    response = post_autosave(client, proposal, summary="Tanpa masuk", background="x")
    assert response.status_code == 302
    assert "/masuk/" in response["Location"]
    assert latest(proposal).summary == before
