"""Admin screen for manual assignment (secretariat): what each role reaches, what is
offered, what the services refuse, and constant query counts. Pages render in Indonesian
(the default language)."""

import re

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from innovations.models import Province
from judging.models import Assignment, AssignmentStatus, ConflictOfInterest
from tests.factories import AgencyFactory, EntryFactory, InnovationPageFactory, judge, panel
from tests.judging.helpers import assert_denied, assign, count_queries

pytestmark = pytest.mark.django_db

CONFLICT_URL = reverse("judging_admin:declare_conflict")


def assign_url(round, entry):
    return reverse("judging_admin:entry_assign", args=[round.pk, entry.pk])


def offered(html):
    """Judge ids in the "Assign a judge" select."""
    select = re.search(r'<select id="assign-judge".*?</select>', html, re.S)
    return {int(pk) for pk in re.findall(r'<option value="(\d+)"', select.group(0))} \
        if select else set()


def test_entry_scores_page_links_to_the_assign_page(client, desk, staff, make_entries):
    entry = make_entries(desk.competition, 1)[0]
    client.force_login(staff)

    html = client.get(reverse("judging_admin:entry_scores", args=[desk.pk, entry.pk])
                      ).content.decode()

    assert assign_url(desk, entry) in html
    assert "Tugaskan juri" in html


def test_secretariat_assigns_a_judge_by_hand(client, desk, staff, judges, make_entries):
    entry = make_entries(desk.competition, 1)[0]
    juri1, juri2 = judges[0], judges[1]
    assign(round=desk, entry=entry, judge=juri1, staff=staff)
    client.force_login(staff)

    page = client.get(assign_url(desk, entry)).content.decode()
    response = client.post(assign_url(desk, entry), {"judge": juri2.pk}, follow=True)

    assert offered(page) == {j.pk for j in judges[1:]}  # juri1 is already on the entry
    assert response.redirect_chain == [(assign_url(desk, entry), 302)]
    created = Assignment.objects.get(round=desk, entry=entry, judge=juri2)
    assert created.status == AssignmentStatus.ACTIVE
    assert created.automatic is False
    log = ModelLogEntry.objects.get(action="judging.assign", object_id=str(created.pk))
    assert log.user == staff
    assert log.data == {"round": desk.pk, "entry": entry.pk, "judge": juri2.pk,
                        "automatic": False}
    html = response.content.decode()
    assert "juri2 ditugaskan ke entri ini." in html
    assert f'data-judge="{juri2.pk}" data-status="active"' in html
    assert juri2.pk not in offered(html)


def test_current_assignments_show_their_status(client, desk, staff, judges, make_entries):
    entry = make_entries(desk.competition, 1)[0]
    recused = assign(round=desk, entry=entry, judge=judges[0], staff=staff)
    Assignment.objects.filter(pk=recused.pk).update(status=AssignmentStatus.RECUSED,
                                                    recusal_reason="Kerabat pengusul")
    assign(round=desk, entry=entry, judge=judges[1], staff=staff)
    client.force_login(staff)

    html = client.get(assign_url(desk, entry)).content.decode()

    assert f'data-judge="{judges[0].pk}" data-status="recused"' in html
    assert f'data-judge="{judges[1].pk}" data-status="active"' in html
    assert "Mengundurkan diri</span>: Kerabat pengusul" in html
    # A recused judge cannot be put back on the entry (the service refuses duplicates).
    assert offered(html) == {judges[2].pk, judges[3].pk}


def test_conflicted_judge_is_not_offered_and_a_forced_post_is_refused(
        client, desk, staff, judges, make_entries):
    entry = make_entries(desk.competition, 1, provinces=("35",))[0]
    local = judge("juri-lokal", province=Province.objects.get(code="35"))
    panel(desk, [local])
    declared = judges[0]
    ConflictOfInterest.objects.create(judge=declared, agency=entry.innovation.agency,
                                      reason="Mantan pegawai")
    client.force_login(staff)

    page = client.get(assign_url(desk, entry)).content.decode()
    response = client.post(assign_url(desk, entry), {"judge": local.pk})

    assert offered(page) == {j.pk for j in judges[1:]}
    assert 'id="conflicted-count"' in page
    assert "2 juri tidak ditampilkan karena konflik kepentingan." in page
    assert response.status_code == 400
    assert "Juri ini memiliki konflik kepentingan dengan entri ini." in response.content.decode()
    assert not Assignment.objects.filter(entry=entry).exists()
    assert not ModelLogEntry.objects.filter(action="judging.assign").exists()


def test_assign_without_a_judge_is_refused_with_a_message(client, desk, staff, judges,
                                                          make_entries):
    entry = make_entries(desk.competition, 1)[0]
    client.force_login(staff)

    response = client.post(assign_url(desk, entry), {"judge": ""})

    assert response.status_code == 400
    assert "Pilih juri." in response.content.decode()
    assert not Assignment.objects.exists()


def test_a_judge_cannot_reach_the_assign_screen(client, desk, staff, judges, make_entries):
    entry = make_entries(desk.competition, 1)[0]
    client.force_login(judges[0])

    get = client.get(assign_url(desk, entry))
    post = client.post(assign_url(desk, entry), {"judge": judges[0].pk})

    assert_denied(get)
    assert_denied(post)
    assert not Assignment.objects.exists()


def test_anonymous_is_sent_to_login_from_both_screens(client, desk, make_entries):
    entry = make_entries(desk.competition, 1)[0]

    for url in (assign_url(desk, entry), CONFLICT_URL):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_entry_of_another_competition_is_not_found(client, desk, staff, index):
    page = InnovationPageFactory(parent=index, agency=AgencyFactory())
    outsider = EntryFactory(innovation=page, revision=page.latest_revision)
    client.force_login(staff)

    assert client.get(assign_url(desk, outsider)).status_code == 404


def test_assign_page_queries_do_not_grow_with_the_number_of_judges(
        client, desk, staff, make_entries):
    entries = make_entries(desk.competition, 2, provinces=("35",))
    pool = [judge("juri-a"), judge("juri-b")]
    panel(desk, pool)
    client.force_login(staff)
    url = assign_url(desk, entries[0])
    client.get(url)  # warm caches (content types, site)

    small = count_queries(lambda: client.get(url))
    for i in range(6):  # 8 judges: loads, a profile conflict and a declared one
        extra = judge(f"juri-extra{i}",
                      province=Province.objects.get(code="35") if i == 0 else None)
        panel(desk, [extra])
        if i > 1:
            assign(round=desk, entry=entries[1], judge=extra, staff=staff)
        pool.append(extra)
    ConflictOfInterest.objects.create(judge=pool[3], entry=entries[0], reason="Kerabat")
    large = count_queries(lambda: client.get(url))

    assert large == small
    assert len(offered(client.get(url).content.decode())) == 6




