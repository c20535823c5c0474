"""Workspace views: who sees what, listings' query counts, forms that keep typed text."""

import itertools
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from innovations import services
from innovations.models import InnovationPage
from judging.models import Entry, EntryEvent, EntryStatus
from judging.services import entries as lifecycle
from tests.factories import (
    CompetitionFactory,
    EntryFactory,
    InnovationPageFactory,
    UserFactory,
    make_proposal,
    make_result,
    words,
)
from tests.judging.helpers import count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposal(world):
    return make_proposal(unit=world["unit_a1"], user=world["op_a1"])


@pytest.fixture
def entry(world, proposal):
    return lifecycle.submit_proposal(innovation=proposal, user=world["op_a1"],
                                    competition=world["competition"])


def status_for(client, user, url, method="get"):
    client.logout()
    if user is not None:
        client.force_login(user)
    return getattr(client, method)(url).status_code


PROPOSAL_VIEWS = {
    # view name: (own unit, other unit same agency, agency admin, other agency admin)
    "workspace:proposal": (200, 404, 200, 404),
    "workspace:preview": (200, 404, 200, 404),
    "workspace:files": (200, 404, 200, 404),
    "workspace:submit": (200, 404, 403, 404),
}


@pytest.mark.parametrize("name", sorted(PROPOSAL_VIEWS))
def test_proposal_view_permissions(client, world, proposal, name):
    url = reverse(name, args=[proposal.pk])
    users = (world["op_a1"], world["op_a2"], world["admin_a"], world["admin_b"])

    statuses = tuple(status_for(client, user, url) for user in users)

    assert statuses == PROPOSAL_VIEWS[name]
    client.logout()
    response = client.get(url)
    assert (response.status_code, response["Location"]) == (
        302, f"/masuk/?next={url}")


def test_edit_step_permissions(client, world, proposal):
    url = reverse("workspace:edit", args=[proposal.pk, "ringkasan"])
    users = (world["op_a1"], world["op_a2"], world["admin_a"], world["admin_b"], world["op_b1"])

    assert tuple(status_for(client, u, url) for u in users) == (200, 404, 403, 404, 404)
    assert status_for(client, world["op_a1"],
                      reverse("workspace:edit", args=[proposal.pk, "nope"])) == 404


def test_remove_file_permissions(client, world, proposal):
    url = reverse("workspace:remove_image", args=[proposal.pk, 999])
    users = (world["op_a2"], world["admin_a"], world["admin_b"])

    assert tuple(status_for(client, u, url, "post") for u in users) == (404, 403, 404)


@pytest.mark.parametrize("name", ["workspace:review", "workspace:forward", "workspace:return"])
def test_review_view_permissions(client, world, entry, name):
    url = reverse(name, args=[entry.pk])
    method = "get" if name == "workspace:review" else "post"
    users = (world["admin_a"], world["admin_b"], world["op_a1"])

    statuses = tuple(status_for(client, u, url, method) for u in users)

    expected_admin = {"workspace:review": 200, "workspace:forward": 302,
                      "workspace:return": 422}[name]
    assert statuses == (expected_admin, 404, 403)


def test_review_list_permissions(client, world):
    url = reverse("workspace:review_list")
    assert status_for(client, world["admin_a"], url) == 200
    assert status_for(client, world["op_a1"], url) == 403


def test_people_without_a_role_get_a_friendly_403(client, world):
    judge = UserFactory(is_staff=True)
    superuser = UserFactory(is_superuser=True, is_staff=True)

    for user in (judge, superuser):
        client.force_login(user)
        response = client.get(reverse("workspace:dashboard"))
        assert response.status_code == 403
        assert "Akun ini tidak memiliki ruang kerja" in response.content.decode()


def test_anonymous_dashboard_redirects_to_login(client, world):
    response = client.get("/ruang-kerja/")
    assert (response.status_code, response["Location"]) == (302, "/masuk/?next=/ruang-kerja/")
    response = client.get("/en/ruang-kerja/")
    assert (response.status_code, response["Location"]) == (
        302, "/masuk/?next=/en/ruang-kerja/")


def test_dashboard_lists_only_own_unit_with_status(client, world, entry):
    make_proposal(unit=world["unit_a2"], user=world["op_a2"], title="Rahasia Unit Lain")
    client.force_login(world["op_a1"])

    html = client.get(reverse("workspace:dashboard")).content.decode()

    assert "Layanan Antar Dokumen Kependudukan" in html
    assert "Dikirim ke admin instansi" in html  # "Submitted to agency admin"
    assert "Rahasia Unit Lain" not in html
    assert world["competition"].name in html


def test_dashboard_query_count_does_not_grow(client, world, django_assert_num_queries):
    client.force_login(world["op_a1"])
    one = make_proposal(unit=world["unit_a1"], user=world["op_a1"], title="Satu")
    lifecycle.submit_proposal(innovation=one, user=world["op_a1"],
                             competition=world["competition"])
    client.get(reverse("workspace:dashboard"))  # warm caches (site, locale)
    with CaptureQueriesContext(connection) as baseline:
        client.get(reverse("workspace:dashboard"))
    for n in range(3):
        page = make_proposal(unit=world["unit_a1"], user=world["op_a1"], title=f"Lagi {n}")
        lifecycle.submit_proposal(innovation=page, user=world["op_a1"],
                                 competition=world["competition"])

    with django_assert_num_queries(len(baseline.captured_queries)):
        response = client.get(reverse("workspace:dashboard"))
    assert response.content.decode().count("Dikirim ke admin instansi") == 4


def test_review_list_query_count_does_not_grow(client, world, django_assert_num_queries):
    client.force_login(world["admin_a"])
    one = make_proposal(unit=world["unit_a1"], user=world["op_a1"], title="Satu")
    lifecycle.submit_proposal(innovation=one, user=world["op_a1"],
                             competition=world["competition"])
    client.get(reverse("workspace:review_list"))
    with CaptureQueriesContext(connection) as baseline:
        client.get(reverse("workspace:review_list"))
    for n in range(3):
        page = make_proposal(unit=world["unit_a2"], user=world["op_a2"], title=f"Lagi {n}")
        lifecycle.submit_proposal(innovation=page, user=world["op_a2"],
                                 competition=world["competition"])

    with django_assert_num_queries(len(baseline.captured_queries)):
        response = client.get(reverse("workspace:review_list"))
    assert response.content.decode().count("/ruang-kerja/tinjauan/") >= 4


def submitted_proposals(world, titles):
    """Proposals of unit A1 with these titles, submitted in this order; the titles."""
    for title in titles:
        page = make_proposal(unit=world["unit_a1"], user=world["op_a1"], title=title)
        lifecycle.submit_proposal(innovation=page, user=world["op_a1"],
                                 competition=world["competition"])
    return titles


def test_dashboard_shows_the_oldest_awaiting_and_counts_the_rest(client, world, monkeypatch):
    from innovations.workspace import views

    monkeypatch.setattr(views, "AWAITING_SHOWN", 2)
    client.force_login(world["admin_a"])
    titles = submitted_proposals(world, [f"Antre {n}" for n in range(5)])

    html = client.get(reverse("workspace:dashboard")).content.decode()

    awaiting = html[html.index('id="awaiting-heading"'):]
    assert [title in awaiting for title in titles] == [True, True, False, False, False]
    assert "3 proposal lain menunggu: lihat daftar tinjauan" in awaiting
    assert f'href="{reverse("workspace:review_list")}?status=submitted"' in awaiting


def test_review_list_pages_through_every_entry_and_keeps_the_tab(client, world, monkeypatch):
    """No entry is left out: the list is paged (it was cut at 500 without a word)."""
    from innovations.workspace import review

    monkeypatch.setattr(review, "REVIEW_PAGE_SIZE", 2)
    client.force_login(world["admin_a"])
    titles = submitted_proposals(world, [f"Usulan {n}" for n in range(5)])
    url = reverse("workspace:review_list")

    pages = [client.get(url, {"status": "all", "halaman": n}).content.decode()
             for n in (1, 2, 3)]
    shown = [title for html in pages for title in titles if f">{title}</a>" in html]

    assert sorted(shown) == titles  # each once, across the three pages
    assert [sum(f">{t}</a>" in html for t in titles) for html in pages] == [2, 2, 1]
    assert "Halaman 1 dari 3" in pages[0]
    assert 'href="?status=all&amp;halaman=2"' in pages[0]  # the tab is kept
    beyond = client.get(url, {"status": "all", "halaman": "99"}).content.decode()
    assert sum(f">{t}</a>" in beyond for t in titles) == 1  # the last page


def test_over_limit_text_is_saved_as_a_draft_with_a_warning(client, world, proposal):
    client.force_login(world["op_a1"])
    typed = words(201, "panjang")
    url = reverse("workspace:edit", args=[proposal.pk, "ringkasan"])

    response = client.post(url, {"summary": typed, "background": "Latar baru", "next": "1"})

    # Saved, and the operator stays on the step to shorten it.
    assert response["Location"] == url
    latest = InnovationPage.objects.get(pk=proposal.pk).get_latest_revision_as_object()
    assert (latest.summary, latest.background) == (typed, "Latar baru")
    html = client.get(url).content.decode()
    assert typed in html
    assert "Ringkasan berisi 201 kata; batasnya 200 kata." in html
    assert "Disimpan sebagai draf" in html


def test_over_limit_text_is_refused_only_on_submit(client, world, proposal):
    client.force_login(world["op_a1"])
    client.post(reverse("workspace:edit", args=[proposal.pk, "ringkasan"]),
                {"summary": words(201, "panjang"), "background": "Latar"})

    response = client.post(reverse("workspace:submit", args=[proposal.pk]), follow=True)

    assert "Ringkasan berisi 201 kata; batasnya 200 kata." in response.content.decode()
    assert not Entry.objects.filter(innovation=proposal).exists()


def test_step_menu_counts_every_item_ticks_done_steps_and_is_on_the_files_page(
        client, world, proposal):
    client.force_login(world["op_a1"])
    services.save_proposal(innovation=proposal, user=world["op_a1"], data={"novelty": ""})

    html = client.get(reverse("workspace:edit", args=[proposal.pk, "ringkasan"])).content.decode()

    menu = re.search(r'<nav class="step-nav".*?</ol>', html, re.S).group(0)
    assert menu.count("data-step-link") == 8
    assert "Langkah 2 dari 8" in html
    done = re.findall(r'step-nav__item--done"><a href="([^"]+)"', menu)
    assert reverse("workspace:edit", args=[proposal.pk, "ringkasan"]) in done
    assert reverse("workspace:edit", args=[proposal.pk, "inovasi"]) not in done  # emptied
    assert reverse("workspace:files", args=[proposal.pk]) not in done  # no photo yet
    files = client.get(reverse("workspace:files", args=[proposal.pk])).content.decode()
    assert files.count("data-step-link") == 8
    assert "Langkah 8 dari 8" in files
    assert f'href="{reverse("workspace:files", args=[proposal.pk])}" data-step-link ' \
           'aria-current="step"' in files


def test_step_form_warns_before_leaving_with_unsaved_changes(client, world, proposal):
    client.force_login(world["op_a1"])
    html = client.get(reverse("workspace:edit", args=[proposal.pk, "ringkasan"])).content.decode()
    assert 'data-unsaved-warning="Ada perubahan yang belum disimpan di langkah ini.' in html
    assert "innovations/js/word-count.js" in html


def test_agency_admin_reads_the_text_and_must_confirm_forwarding(client, world, entry):
    client.force_login(world["admin_a"])
    url = reverse("workspace:review", args=[entry.pk])
    html = client.get(url).content.decode()
    assert 'id="proposal-text"' in html
    assert words(20, "summary") in html  # the submitted summary itself
    assert 'name="confirm" value="yes"' in html

    response = client.post(reverse("workspace:forward", args=[entry.pk]), follow=True)
    entry.refresh_from_db()
    assert entry.status == EntryStatus.SUBMITTED
    assert "Belum diteruskan" in response.content.decode()

    client.post(reverse("workspace:forward", args=[entry.pk]), {"confirm": "yes"})
    entry.refresh_from_db()
    assert entry.status == EntryStatus.FORWARDED


def test_edit_step_saves_and_continues(client, world, proposal):
    client.force_login(world["op_a1"])
    url = reverse("workspace:edit", args=[proposal.pk, "ringkasan"])

    response = client.post(url, {"summary": words(200), "background": "Latar", "next": "1"})

    assert response["Location"] == reverse("workspace:edit", args=[proposal.pk, "inovasi"])
    latest = InnovationPage.objects.get(pk=proposal.pk).get_latest_revision_as_object()
    assert (latest.summary, latest.background) == (words(200), "Latar")


def test_indicator_formset_saves_rows(client, world, proposal):
    client.force_login(world["op_a1"])
    url = reverse("workspace:edit", args=[proposal.pk, "indikator"])
    data = {"indicators-TOTAL_FORMS": "2", "indicators-INITIAL_FORMS": "0",
            "indicators-MIN_NUM_FORMS": "0", "indicators-MAX_NUM_FORMS": "30",
            "indicators-0-name": "Waktu layanan", "indicators-0-unit": "hari",
            "indicators-0-value_before": "14", "indicators-0-value_after": "2"}

    response = client.post(url, data)

    assert response.status_code == 302
    assert list(InnovationPage.objects.get(pk=proposal.pk).indicators.values_list(
        "name", "value_after")) == [("Waktu layanan", 2)]


def test_submit_view_shows_rule_errors(client, world):
    page = services.create_proposal(unit=world["unit_a1"], user=world["op_a1"], title="Kosong")
    client.force_login(world["op_a1"])

    response = client.post(reverse("workspace:submit", args=[page.pk]))

    html = response.content.decode()
    assert response.status_code == 422
    assert "Bagian “Ringkasan” wajib diisi." in html  # The section “Summary” is required.
    assert "Pilih kategori." in html  # Choose a category.


def test_timeline_shows_the_return_note_to_the_unit(client, world, entry):
    lifecycle.return_entry(entry=entry, user=world["admin_a"], note="Tambahkan data SKM.")
    client.force_login(world["op_a1"])

    html = client.get(reverse("workspace:proposal", args=[entry.innovation_id])).content.decode()

    assert "Tambahkan data SKM." in html
    assert "Dikembalikan untuk perbaikan" in html  # "Returned for revision"


def test_return_without_note_keeps_the_entry_submitted(client, world, entry):
    client.force_login(world["admin_a"])

    response = client.post(reverse("workspace:return", args=[entry.pk]), {"note": ""})

    entry.refresh_from_db()
    assert response.status_code == 422
    assert entry.status == EntryStatus.SUBMITTED


def test_create_view_makes_a_draft(client, world):
    client.force_login(world["op_a1"])

    response = client.post(reverse("workspace:create"),
                           {"title": "Klinik Keliling", "group": "umum"})

    page = InnovationPage.objects.get(title="Klinik Keliling")
    assert response["Location"] == reverse("workspace:edit", args=[page.pk, "profil"])
    assert (page.unit_id, page.live) == (world["unit_a1"].pk, False)
    client.force_login(world["admin_a"])
    assert client.get(reverse("workspace:create")).status_code == 403


# --- choosing the edition (two open at once)


@pytest.fixture
def two_editions(world):
    """The world's open edition (health only, closes first) and a second open edition
    (environment only, General group only, closes ten days later)."""
    import datetime

    from django.utils import timezone

    from tests.factories import CompetitionFactory, category

    first = world["competition"]
    first.categories.set([category("kesehatan")])
    second = CompetitionFactory(
        year=first.year + 1, open=True, groups=["umum"],
        submission_deadline=timezone.now() + datetime.timedelta(days=20))
    second.categories.set([category("lingkungan-hidup")])
    return first, second


def test_with_two_open_editions_the_operator_chooses_the_second(client, world, two_editions):
    from tests.factories import category

    first, second = two_editions
    page = make_proposal(unit=world["unit_a1"], user=world["op_a1"],
                         category=category("lingkungan-hidup"))
    url = reverse("workspace:submit", args=[page.pk])
    client.force_login(world["op_a1"])

    default = client.get(url).content.decode()
    chosen = client.get(url, {"edisi": second.pk})
    response = client.post(url, {"edisi": second.pk})

    assert f'name="edisi" value="{first.pk}" checked' in default
    assert f'name="edisi" value="{second.pk}"' in default
    # The first edition takes health innovations only: say so, in Indonesian.
    assert (f"Kategori yang dipilih tidak termasuk kategori {first.name} "
            "(yang dibuka: Kesehatan).") in default
    assert "Kategori yang dipilih" not in chosen.content.decode()
    assert f'<input type="hidden" name="edisi" value="{second.pk}">' in chosen.content.decode()
    assert response.status_code == 302
    assert list(Entry.objects.filter(innovation=page).values_list("competition_id", flat=True)
                ) == [second.pk]


def test_a_category_outside_the_chosen_edition_is_refused_on_submit(client, world,
                                                                    two_editions):
    from tests.factories import category

    _first, second = two_editions
    page = make_proposal(unit=world["unit_a1"], user=world["op_a1"],
                         category=category("kesehatan"), group="replikasi")
    client.force_login(world["op_a1"])

    response = client.post(reverse("workspace:submit", args=[page.pk]), {"edisi": second.pk})

    html = response.content.decode()
    assert response.status_code == 422
    assert (f"Kategori yang dipilih tidak termasuk kategori {second.name} "
            "(yang dibuka: Lingkungan Hidup).") in html
    assert f"tidak dibuka dalam {second.name}" in html
    assert not Entry.objects.filter(innovation=page).exists()


def test_an_edition_not_taking_submissions_cannot_be_chosen(client, world, two_editions):
    from tests.factories import CompetitionFactory

    closed = CompetitionFactory(year=world["competition"].year - 1)
    page = make_proposal(unit=world["unit_a1"], user=world["op_a1"])
    client.force_login(world["op_a1"])

    response = client.post(reverse("workspace:submit", args=[page.pk]), {"edisi": closed.pk})

    assert response.status_code == 400
    # "Choose one of the editions taking submissions."
    assert "Pilih salah satu edisi yang sedang menerima pendaftaran." in response.content.decode()
    assert not Entry.objects.filter(innovation=page).exists()


def test_the_profile_step_offers_only_the_open_editions_categories_and_groups(
        client, world, two_editions, proposal):
    from tests.factories import category

    client.force_login(world["op_a1"])
    url = reverse("workspace:edit", args=[proposal.pk, "profil"])

    html = client.get(url).content.decode()
    response = client.post(url, {"title": "Judul", "group": "umum",
                                 "category": category("pendidikan").pk})

    offered = set(re.findall(r'<option value="(\d+)"', html))
    assert offered == {str(category("kesehatan").pk), str(category("lingkungan-hidup").pk)}
    assert 'value="replikasi"' in html  # the first edition runs Replication too
    assert 'value="khusus"' not in html
    assert response.status_code == 200
    assert InnovationPage.objects.get(pk=proposal.pk).get_latest_revision_as_object(
        ).category != category("pendidikan")


def test_an_entry_in_one_edition_still_offers_the_other(client, world, two_editions):
    from tests.factories import category

    first, second = two_editions
    page = make_proposal(unit=world["unit_a1"], user=world["op_a1"],
                         category=category("kesehatan"))
    lifecycle.submit_proposal(innovation=page, user=world["op_a1"], competition=first)
    client.force_login(world["op_a1"])

    html = client.get(reverse("workspace:proposal", args=[page.pk])).content.decode()
    dashboard = client.get(reverse("workspace:dashboard")).content.decode()

    assert reverse("workspace:submit", args=[page.pk]) in html
    assert f"<strong>{first.name}</strong>" in dashboard
    assert f"<strong>{second.name}</strong>" in dashboard


def test_the_edition_choice_takes_the_same_queries_for_two_and_four_editions(
        client, world, two_editions):
    import datetime

    from django.utils import timezone

    from tests.factories import CompetitionFactory, category
    from tests.judging.helpers import count_queries

    page = make_proposal(unit=world["unit_a1"], user=world["op_a1"],
                         category=category("kesehatan"))
    url = reverse("workspace:submit", args=[page.pk])
    client.force_login(world["op_a1"])
    client.get(url)  # warm caches
    two = count_queries(lambda: client.get(url))
    for n in (2, 3):
        more = CompetitionFactory(
            year=world["competition"].year + n, open=True,
            submission_deadline=timezone.now() + datetime.timedelta(days=20 + n))
        more.categories.set([category("pendidikan"), category("kesehatan")])

    four = count_queries(lambda: client.get(url))

    assert four == two
    assert client.get(url).content.decode().count('name="edisi" value=') == 5  # 4 + hidden


# --- only what was published or announced reaches the unit (judging/services/disclosure)

OUTCOME_NOTE = "Evaluasi: outside the top 45"
YEARS = itertools.count(2040)


def _decided(world, *, status, published, title="Layanan Hasil Rahasia"):
    """An entry of unit A1 moved to ``status`` by finalising a round, with the timeline
    event finalising writes; the result published or not."""
    competition = CompetitionFactory(year=next(YEARS))
    page = InnovationPageFactory(parent=world["index"], agency=world["agency_a"],
                                 unit=world["unit_a1"], title=title)
    entry = EntryFactory(competition=competition, innovation=page, status=status,
                         revision=page.latest_revision)
    result = make_result(competition, [entry] if status != EntryStatus.NOT_ADVANCED else [],
                         not_selected=[entry] if status == EntryStatus.NOT_ADVANCED else (),
                         published=published, tier="top45")
    EntryEvent.objects.create(entry=entry, status=status, note=OUTCOME_NOTE,
                              round=result.round)
    return entry, result


def en(name, *args):
    """The English URL (reverse() follows the language the last request left active)."""
    with translation.override("id"):
        return "/en" + reverse(name, args=args)


def _pages(client, world, entry):
    client.force_login(world["op_a1"])
    pages = [client.get(en("workspace:dashboard")),
             client.get(en("workspace:proposal", entry.innovation_id))]
    client.force_login(world["admin_a"])
    pages += [client.get(en("workspace:review_list") + "?status=all"),
              client.get(en("workspace:review", entry.pk))]
    for response in pages:
        assert response.status_code == 200
    return [response.content.decode() for response in pages]


@pytest.mark.parametrize("status,label", [
    (EntryStatus.NOT_ADVANCED, "Not advanced"),
    (EntryStatus.ADVANCED, "Advanced to the next round"),
    (EntryStatus.AWARDED, "Awarded"),
])
def test_an_unpublished_outcome_does_not_reach_the_unit(client, world, status, label):
    entry, _result = _decided(world, status=status, published=False)
    for html in _pages(client, world, entry):
        assert label not in html
        assert OUTCOME_NOTE not in html
        assert "In judging" in html


def test_a_published_outcome_reaches_the_unit(client, world):
    entry, _result = _decided(world, status=EntryStatus.NOT_ADVANCED, published=True)
    for html in _pages(client, world, entry):
        assert "Not advanced" in html
    assert OUTCOME_NOTE in _pages(client, world, entry)[1]


def test_the_review_list_does_not_count_undisclosed_outcomes(client, world):
    _decided(world, status=EntryStatus.NOT_ADVANCED, published=False)
    client.force_login(world["admin_a"])
    html = client.get(en("workspace:review_list") + "?status=not_advanced"
                      ).content.decode()
    assert "Layanan Hasil Rahasia" not in html
    assert "Not advanced (1)" not in html


def test_dashboard_queries_do_not_grow_with_decided_entries(client, world):
    _decided(world, status=EntryStatus.NOT_ADVANCED, published=False, title="Satu")
    client.force_login(world["op_a1"])
    url = reverse("workspace:dashboard")
    client.get(url)
    one = count_queries(lambda: client.get(url))
    for n in range(4):
        _decided(world, status=EntryStatus.AWARDED, published=n % 2 == 0, title=f"Lagi {n}")
    client.get(url)  # publishing purged the cached menu: warm it again, as before
    assert count_queries(lambda: client.get(url)) == one


def test_a_pasted_megabyte_is_refused_with_a_message_and_the_other_text_kept(
        client, world, proposal):
    client.force_login(world["op_a1"])
    url = reverse("workspace:edit", args=[proposal.pk, "ringkasan"])
    before = InnovationPage.objects.get(pk=proposal.pk).get_latest_revision_as_object()

    response = client.post(url, {"summary": "kata " * 400_000, "background": "Latar baru",
                                 "next": "1"})

    html = response.content.decode()
    latest = InnovationPage.objects.get(pk=proposal.pk).get_latest_revision_as_object()
    assert response.status_code == 200
    assert "paling banyak 50000 karakter" in html
    assert "Latar baru" in html  # what was typed in the other section is still there
    assert (latest.summary, latest.background) == (before.summary, before.background)
