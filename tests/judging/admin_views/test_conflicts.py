"""Admin screen for conflicts of interest (judges): what each role reaches, what is offered,
what the services refuse, and constant query counts. Pages render in Indonesian."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from wagtail.models import ModelLogEntry

from judging.models import Assignment, AssignmentStatus, ConflictOfInterest, ConflictSource
from tests.factories import AgencyFactory, EntryFactory, InnovationPageFactory, UserFactory
from tests.judging.helpers import assert_denied, assign, count_queries

pytestmark = pytest.mark.django_db

CONFLICT_URL = reverse("judging_admin:declare_conflict")


def active_judges(round, entry):
    return set(Assignment.objects.filter(round=round, entry=entry, status=AssignmentStatus.ACTIVE)
               .values_list("judge_id", flat=True))


def test_my_assignments_links_to_the_conflict_page(client, judges):
    client.force_login(judges[0])

    html = client.get(reverse("judging_admin:my_assignments")).content.decode()

    assert CONFLICT_URL in html
    assert "Nyatakan konflik kepentingan" in html


def test_judge_declares_a_conflict_with_an_agency_and_is_replaced(
        client, desk, staff, judges, make_entries):
    entry, other = make_entries(desk.competition, 2)
    juri1, juri2 = judges[0], judges[1]
    mine = assign(round=desk, entry=entry, judge=juri1, staff=staff)
    assign(round=desk, entry=entry, judge=juri2, staff=staff)
    kept = assign(round=desk, entry=other, judge=juri1, staff=staff)
    agency = entry.innovation.agency
    client.force_login(juri1)

    response = client.post(CONFLICT_URL, {"agency": agency.pk, "reason": "Mantan pegawai"},
                           follow=True)

    assert response.redirect_chain == [(CONFLICT_URL, 302)]
    mine.refresh_from_db()
    assert mine.status == AssignmentStatus.RECUSED
    assert mine.recusal_reason == "Mantan pegawai"
    now = active_judges(desk, entry)
    assert len(now) == 2 and juri1.pk not in now and juri2.pk in now
    replacement = Assignment.objects.get(round=desk, entry=entry, judge_id__in=now - {juri2.pk})
    assert replacement.automatic is True
    kept.refresh_from_db()
    assert kept.status == AssignmentStatus.ACTIVE  # another agency: untouched
    conflict = ConflictOfInterest.objects.get(judge=juri1, agency=agency)
    assert conflict.source == ConflictSource.JUDGE
    assert conflict.reason == "Mantan pegawai"
    assert ModelLogEntry.objects.filter(action="judging.conflict").count() == 1
    html = response.content.decode()
    assert "Konflik kepentingan Anda telah dicatat." in html
    assert f'data-conflict="{conflict.pk}"' in html
    assert f"Instansi: {agency.name}" in html


def test_reason_is_required(client, desk, staff, judges, make_entries):
    entry = make_entries(desk.competition, 1)[0]
    mine = assign(round=desk, entry=entry, judge=judges[0], staff=staff)
    client.force_login(judges[0])

    response = client.post(CONFLICT_URL, {"agency": entry.innovation.agency.pk, "reason": "  "})

    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="reason-errors"' in html
    assert "Berikan alasan." in html
    assert f'<option value="{entry.innovation.agency.pk}" selected>' in html  # choice kept
    assert not ConflictOfInterest.objects.exists()
    mine.refresh_from_db()
    assert mine.status == AssignmentStatus.ACTIVE


def test_a_target_is_required(client, judges):
    client.force_login(judges[0])

    response = client.post(CONFLICT_URL, {"reason": "Ada hubungan keluarga"})

    assert response.status_code == 400
    assert "Pilih instansi, provinsi, atau entri." in response.content.decode()
    assert not ConflictOfInterest.objects.exists()


def test_agency_and_province_together_recuse_both(client, desk, staff, judges, make_entries):
    in_agency, in_province, elsewhere = make_entries(desk.competition, 3,
                                                     provinces=("35", "32", "73"))
    juri1 = judges[0]
    rows = {e.pk: assign(round=desk, entry=e, judge=juri1, staff=staff)
            for e in (in_agency, in_province, elsewhere)}
    client.force_login(juri1)

    client.post(CONFLICT_URL, {"agency": in_agency.innovation.agency.pk, "province": "32",
                               "reason": "Suami bekerja di sana"})

    status = dict(Assignment.objects.filter(pk__in=[a.pk for a in rows.values()])
                  .values_list("entry_id", "status"))
    assert status == {in_agency.pk: AssignmentStatus.RECUSED,
                      in_province.pk: AssignmentStatus.RECUSED,
                      elsewhere.pk: AssignmentStatus.ACTIVE}


def test_blind_round_entry_choice_hides_the_agency(client, desk, staff, judges, index):
    desk.blind = True
    desk.save()
    agency = AgencyFactory(name="Pemerintah Kota Rahasiaku", slug="kota-rahasiaku")
    page = InnovationPageFactory(parent=index, agency=agency,
                                 title="Layanan Kota Rahasiaku Cepat")
    entry = EntryFactory(competition=desk.competition, innovation=page,
                         revision=page.latest_revision)
    mine = assign(round=desk, entry=entry, judge=judges[0], staff=staff)
    client.force_login(judges[0])

    html = client.get(CONFLICT_URL).content.decode()
    select = re.search(r'<select name="entry".*?</select>', html, re.S).group(0)
    response = client.post(CONFLICT_URL, {"entry": entry.pk, "reason": "Pernah menjadi juri "
                                                                       "pendamping"})

    assert f'<option value="{entry.pk}">#{entry.pk} · ' in select
    assert "rahasiaku" not in select.lower()
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.status == AssignmentStatus.RECUSED
    listed = client.get(CONFLICT_URL).content.decode()
    table = listed[listed.index('id="conflict-list"'):]
    assert f"Entri #{entry.pk}" in table
    assert "rahasiaku" not in table.lower()


def test_entry_not_assigned_to_the_judge_cannot_be_chosen(client, desk, staff, judges,
                                                          make_entries):
    entry = make_entries(desk.competition, 1)[0]
    assign(round=desk, entry=entry, judge=judges[1], staff=staff)
    client.force_login(judges[0])

    response = client.post(CONFLICT_URL, {"entry": entry.pk, "reason": "Ingin tahu"})

    assert response.status_code == 400
    assert not ConflictOfInterest.objects.exists()


def test_only_judges_and_the_secretariat_reach_the_conflict_page(client, staff, judges):
    plain = UserFactory(username="operator", is_staff=True)  # admin access, no judging role
    plain.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(plain)
    assert_denied(client.get(CONFLICT_URL))
    assert_denied(client.post(CONFLICT_URL, {"province": "35", "reason": "x"}))
    assert not ConflictOfInterest.objects.exists()
    client.force_login(judges[0])
    assert client.get(CONFLICT_URL).status_code == 200


def test_conflict_page_queries_do_not_grow(client, desk, staff, judges, make_entries):
    entries = make_entries(desk.competition, 6, provinces=("32", "73"))
    juri1 = judges[0]
    assign(round=desk, entry=entries[0], judge=juri1, staff=staff)
    ConflictOfInterest.objects.create(judge=juri1, province_id="35", reason="Asal daerah")
    client.force_login(juri1)
    client.get(CONFLICT_URL)

    small = count_queries(lambda: client.get(CONFLICT_URL))
    for entry in entries[1:]:
        assign(round=desk, entry=entry, judge=juri1, staff=staff)
    for entry in entries[4:]:
        ConflictOfInterest.objects.create(judge=juri1, agency=entry.innovation.agency,
                                          reason="Mantan pegawai")
        ConflictOfInterest.objects.create(judge=juri1, entry=entry, reason="Kerabat")
    large = count_queries(lambda: client.get(CONFLICT_URL))

    assert large == small
    assert client.get(CONFLICT_URL).content.decode().count('data-conflict="') == 5
