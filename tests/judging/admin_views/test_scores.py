"""Judges' admin screens: my assignments, scoring (draft → submit → locked), recusal
and what a judge may not reach."""

import io
import itertools
import re

import pytest
from django.core.files.base import ContentFile
from django.test import RequestFactory
from django.urls import reverse
from PIL import Image as PILImage
from pypdf import PdfReader
from wagtail.admin.menu import admin_menu

from judging.models import (
    Assignment,
    AssignmentStatus,
    RoundStatus,
    Score,
    ScoreStatus,
    ScoreValue,
)
from tests.factories import blind_case, judge
from tests.factories.blind import ARTIST, AUTHOR
from tests.judging.helpers import assert_denied, assign, count_queries, post_data, submit

pytestmark = pytest.mark.django_db

LIST_URL = reverse("judging_admin:my_assignments")


def score_url(assignment):
    return reverse("judging_admin:score_entry", args=[assignment.pk])


@pytest.fixture
def setup(desk, judges, staff, make_entries):
    entries = make_entries(desk.competition, 3)
    juri1, juri2 = judges[0], judges[1]
    mine = [assign(round=desk, entry=e, judge=juri1, staff=staff) for e in entries[:2]]
    other = assign(round=desk, entry=entries[2], judge=juri2, staff=staff)
    return {"round": desk, "entries": entries, "juri1": juri1, "juri2": juri2, "mine": mine,
            "other": other, "staff": staff}


def test_judge_sees_only_own_active_assignments(client, setup):
    first, second = setup["mine"]
    Assignment.objects.filter(pk=second.pk).update(status=AssignmentStatus.RECUSED)
    client.force_login(setup["juri1"])

    response = client.get(LIST_URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert score_url(first) in html
    assert score_url(second) not in html
    assert score_url(setup["other"]) not in html
    assert "0 dari 1 terkirim" in html  # "0 of 1 submitted"


def test_assignment_list_shows_status_and_progress(client, setup):
    first, second = setup["mine"]
    submit(first)
    client.force_login(setup["juri1"])

    html = client.get(LIST_URL).content.decode()

    assert '<progress id="progress-1" max="2" value="1">50%</progress>' in html
    assert "1 dari 2 terkirim" in html  # "1 of 2 submitted"
    # Pending work is listed before submitted work.
    assert html.index(score_url(second)) < html.index(score_url(first))


def test_assignment_list_query_count_does_not_grow(client, desk, staff, make_entries):
    juri = judge("juri-n1")
    client.force_login(juri)
    entries = make_entries(desk.competition, 6)
    assign(round=desk, entry=entries[0], judge=juri, staff=staff)
    client.get(LIST_URL)  # warm caches (content types, site)
    one = count_queries(lambda: client.get(LIST_URL))
    for entry in entries[1:]:
        assignment = assign(round=desk, entry=entry, judge=juri, staff=staff)
    submit(assignment)

    several = count_queries(lambda: client.get(LIST_URL))

    assert one == several


def test_closed_round_is_not_listed(client, setup):
    setup["round"].status = RoundStatus.CLOSED
    setup["round"].save()
    client.force_login(setup["juri1"])

    html = client.get(LIST_URL).content.decode()

    # "You have no entries to score in an open round."
    assert "Tidak ada entri yang perlu Anda nilai pada tahap yang sedang dibuka." in html


def test_unassigned_entry_is_404(client, setup):
    client.force_login(setup["juri1"])

    assert client.get(score_url(setup["other"])).status_code == 404
    assert client.post(score_url(setup["other"]), post_data(setup["round"])).status_code == 404


def test_recused_assignment_is_404(client, setup):
    mine = setup["mine"][0]
    Assignment.objects.filter(pk=mine.pk).update(status=AssignmentStatus.RECUSED)
    client.force_login(setup["juri1"])

    assert client.get(score_url(mine)).status_code == 404


def test_scoring_page_shows_frozen_revision_not_later_edits(client, setup):
    mine = setup["mine"][0]
    page = mine.entry.innovation
    submitted_title = page.title
    page.title = "Judul Baru Setelah Dikirim"
    page.summary = "Ringkasan yang diubah kemudian."
    page.save_revision().publish()
    client.force_login(setup["juri1"])

    html = client.get(score_url(mine)).content.decode()

    assert submitted_title in html
    assert "Judul Baru Setelah Dikirim" not in html
    assert "Ringkasan yang diubah kemudian." not in html
    assert "Ringkasan inovasi pelayanan publik." in html


def test_assignment_list_shows_the_submitted_title_not_later_edits(client, setup):
    mine = setup["mine"][0]
    page = mine.entry.innovation
    submitted_title = page.title
    page.title = "Judul Baru Setelah Dikirim"
    page.save_revision().publish()
    client.force_login(setup["juri1"])

    html = client.get(LIST_URL).content.decode()

    assert submitted_title in html
    assert "Judul Baru Setelah Dikirim" not in html


def test_scoring_flow_draft_then_submit_then_locked(client, setup):
    round, mine = setup["round"], setup["mine"][0]
    client.force_login(setup["juri1"])
    draft = {"value-signifikansi": "8", "comment-signifikansi": "Data sebelum-sesudah ada."}

    response = client.post(score_url(mine), {**draft, "save": ""})

    assert response.status_code == 302
    score = Score.objects.get(assignment=mine)
    assert score.status == ScoreStatus.DRAFT
    html = client.get(score_url(mine)).content.decode()
    assert 'name="value-signifikansi" value="8"' in html
    assert "Data sebelum-sesudah ada." in html

    response = client.post(score_url(mine), post_data(round, value=10, submit=""))

    assert response.status_code == 302
    score.refresh_from_db()
    assert score.status == ScoreStatus.SUBMITTED
    assert score.total == 100.0
    html = client.get(score_url(mine)).content.decode()
    assert "Nilai terkunci" in html  # "The score is locked"
    assert 'name="value-signifikansi"' not in html
    assert "<strong>100,00</strong>" in html  # Indonesian decimal comma

    response = client.post(score_url(mine), post_data(round, value=1, save=""))

    assert response.status_code == 400
    score.refresh_from_db()
    assert score.total == 100.0
    assert "sudah terkirim dan terkunci" in response.content.decode()  # "submitted and locked"


def test_one_invalid_value_keeps_what_was_typed_and_saves_every_valid_value(client, setup):
    round, mine = setup["round"], setup["mine"][0]
    client.force_login(setup["juri1"])
    data = post_data(round, value=7, save="")
    data["value-kebaruan"] = "11"
    data["comment-kebaruan"] = "Komentar yang diketik juri."

    response = client.post(score_url(mine), data)

    assert response.status_code == 400
    html = response.content.decode()
    assert 'name="value-kebaruan" value="11"' in html
    assert 'aria-invalid="true" aria-describedby="errors-kebaruan"' in html
    assert "Komentar yang diketik juri." in html
    assert "Masukkan nilai dari 1 sampai 10." in html  # "Enter a score from 1 to 10."
    assert "Draf disimpan dengan semua nilai yang valid." in html
    score = Score.objects.get(assignment=mine)
    stored = dict(score.values.filter(value__isnull=False)
                  .values_list("criterion__key", "value"))
    scored = [c.key for c in round.rubric.criteria.all() if c.weight > 0]
    assert stored == {key: 7 for key in scored if key != "kebaruan"}
    assert score.status == ScoreStatus.DRAFT
    # Reopened later, the sheet shows the kept values.
    html = client.get(score_url(mine)).content.decode()
    assert 'name="value-signifikansi" value="7"' in html


def test_sheet_explains_the_total_and_asks_no_score_for_a_zero_weight_criterion(client, setup):
    round, mine = setup["round"], setup["mine"][0]
    client.force_login(setup["juri1"])

    html = client.get(score_url(mine)).content.decode()

    assert 'id="total-explained"' in html
    # "(score − lowest possible) ÷ (highest possible − lowest possible)"
    assert "(nilai − nilai terendah) ÷ (nilai tertinggi − nilai terendah)" in html
    assert "66,67" in html
    summary = round.rubric.criteria.get(key="ringkasan")
    assert summary.weight == 0
    assert 'name="value-ringkasan"' not in html
    assert 'name="comment-ringkasan"' not in html
    assert "Tidak dinilai (bobot 0%):" in html
    assert 'name="value-kebaruan"' in html


def test_zero_weight_criterion_with_a_required_comment_is_comment_only(client, setup):
    round, mine = setup["round"], setup["mine"][0]
    round.rubric.criteria.filter(key="ringkasan").update(comment_required=True)
    client.force_login(setup["juri1"])

    html = client.get(score_url(mine)).content.decode()
    assert 'data-comment-only="ringkasan"' in html
    assert 'name="comment-ringkasan"' in html
    assert 'name="value-ringkasan"' not in html

    response = client.post(score_url(mine), post_data(round, value=7, submit=""))
    assert response.status_code == 302
    score = Score.objects.get(assignment=mine)
    assert score.status == ScoreStatus.SUBMITTED
    assert score.values.get(criterion__key="ringkasan").value is None


def test_after_submitting_the_sheet_leads_to_the_next_open_entry(client, setup):
    round = setup["round"]
    first, second = setup["mine"]
    client.force_login(setup["juri1"])

    response = client.post(score_url(first), post_data(round, value=8, submit=""), follow=True)

    html = response.content.decode()
    assert f'href="{score_url(second)}" data-next-entry' in html
    assert "Entri berikutnya" in html

    response = client.post(score_url(second), post_data(round, value=8, submit=""), follow=True)

    html = response.content.decode()
    assert f'href="{LIST_URL}" data-next-entry' in html
    assert score_url(first) + '" data-next-entry' not in html


def test_the_submitted_sheet_shows_what_each_score_adds_to_the_total(client, setup):
    round, mine = setup["round"], setup["mine"][0]
    client.force_login(setup["juri1"])
    scored = [c for c in round.rubric.criteria.all() if c.weight > 0]
    typed = dict(zip((c.key for c in scored), itertools.cycle([7, 8, 7, 6, 8, 7, 6, 7])))
    data = post_data(round, value=7, submit="")
    data.update({f"value-{key}": str(value) for key, value in typed.items()})

    html = client.post(score_url(mine), data, follow=True).content.decode()

    score = Score.objects.get(assignment=mine)
    weight_sum = sum(float(c.weight) for c in round.rubric.criteria.all())
    expected = [100 * float(c.weight) * (typed[c.key] - float(c.min_value))
                / (float(c.max_value) - float(c.min_value)) / weight_sum for c in scored]
    shown = re.findall(r"data-points>→ ([\d.,]+) poin dari total", html)
    assert shown == [f"{p:.2f}".replace(".", ",") for p in expected]
    assert f"{sum(expected):.2f}" == f"{score.total:.2f}"
    assert "Poin di atas dijumlahkan menjadi total berbobot." in html
    assert 'name="value-ringkasan"' not in html  # the 0 % criterion: no score, no points


def test_submit_incomplete_keeps_draft_and_says_what_is_missing(client, setup):
    mine = setup["mine"][0]
    client.force_login(setup["juri1"])

    response = client.post(score_url(mine), {"value-kebaruan": "6", "submit": ""})

    assert response.status_code == 400
    # "Score this criterion before submitting."
    assert "Beri nilai pada kriteria ini sebelum mengirim." in response.content.decode()
    score = Score.objects.get(assignment=mine)
    assert score.status == ScoreStatus.DRAFT
    assert score.values.get(criterion__key="kebaruan").value == 6


def test_other_judges_scores_never_appear(client, setup, staff):
    round = setup["round"]
    entry = setup["entries"][0]
    other = assign(round=round, entry=entry, judge=setup["juri2"], staff=staff)
    submit(other, value=3, comment="KOMENTAR-RAHASIA-JURI-DUA")
    client.force_login(setup["juri1"])

    html = client.get(score_url(setup["mine"][0])).content.decode()
    listing = client.get(LIST_URL).content.decode()

    assert "KOMENTAR-RAHASIA-JURI-DUA" not in html + listing
    assert "22,22" not in html + listing  # juri2's total (3 on every 1-10 criterion)
    assert setup["juri2"].username not in html + listing


def test_recuse_requires_a_reason(client, setup):
    mine = setup["mine"][0]
    client.force_login(setup["juri1"])
    url = reverse("judging_admin:recuse", args=[mine.pk])

    response = client.post(url, {"reason": "  "}, follow=True)

    # "Give a reason for the recusal."
    assert "Berikan alasan pengunduran diri." in response.content.decode()
    mine.refresh_from_db()
    assert mine.status == AssignmentStatus.ACTIVE

    response = client.post(url, {"reason": "Saya pernah menjadi konsultan unit ini."})

    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.status == AssignmentStatus.RECUSED
    assert mine.recusal_reason == "Saya pernah menjadi konsultan unit ini."
    assert client.get(score_url(mine)).status_code == 404


def test_judge_cannot_reach_secretariat_screens(client, setup):
    client.force_login(setup["juri1"])
    round = setup["round"]
    entry = setup["entries"][0]

    for url in [
        reverse("judging_admin:rounds"),
        reverse("judging_admin:round_dashboard", args=[round.pk]),
        reverse("judging_admin:entry_scores", args=[round.pk, entry.pk]),
        reverse("judging_admin:screening", args=[round.pk]),
        reverse("judging_admin:export", args=[round.pk, "nilai-mentah.csv"]),
        reverse("judging_admin:export", args=[round.pk, "hasil.csv"]),
        reverse("judging_admin:export", args=[round.pk, "hasil.xlsx"]),
    ]:
        assert_denied(client.get(url))
    for name in ["round_assign", "round_finalise", "round_publish", "round_status"]:
        assert_denied(client.post(reverse(f"judging_admin:{name}", args=[round.pk])))
    assert not Assignment.objects.filter(round=round).exclude(
        pk__in=[a.pk for a in setup["mine"]] + [setup["other"].pk]).exists()


def test_non_staff_user_cannot_reach_the_admin(client, setup):
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="warga"))

    response = client.get(LIST_URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_user_without_judging_role_gets_403(client, setup):
    from django.contrib.auth.models import Permission

    from tests.factories import UserFactory

    editor = UserFactory(username="editor", is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)

    assert_denied(client.get(LIST_URL))
    assert_denied(client.get(score_url(setup["mine"][0])))


def menu_names(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    judging = next(item for item in admin_menu.menu_items_for_request(request)
                   if item.name == "judging")
    return [item.name for item in judging.menu.menu_items_for_request(request)]


def test_menu_items_follow_the_role(setup):
    assert menu_names(setup["juri1"]) == ["judging-my-assignments"]
    staff_menu = menu_names(setup["staff"])
    assert "judging-rounds" in staff_menu
    assert "judging-my-assignments" not in staff_menu


def test_admin_home_shows_the_judges_progress(client, setup):
    submit(setup["mine"][0])
    client.force_login(setup["juri1"])

    html = client.get(reverse("wagtailadmin_home")).content.decode()

    # "1 of 2 entries submitted in open rounds"
    assert "1 dari 2 entri terkirim pada tahap yang sedang dibuka" in html
    assert f'href="{LIST_URL}"' in html


def test_2mb_comment_is_refused_and_keeps_the_other_values(client, setup):
    round, mine = setup["round"], setup["mine"][0]
    client.force_login(setup["juri1"])
    data = post_data(round, value=7, save="")
    data["comment-kebaruan"] = "x" * (2 * 1024 * 1024)
    # another criterion the sheet asks a score for (0 % criteria get no score field)
    other = next(c.key for c in round.rubric.criteria.all()
                 if c.weight > 0 and c.key != "kebaruan")
    data[f"comment-{other}"] = "Komentar lain tetap ada."

    response = client.post(score_url(mine), data)

    assert response.status_code == 400
    html = response.content.decode()
    # "Use at most 5000 characters (this has 2097152)."
    assert "Gunakan paling banyak 5000 karakter (teks ini 2097152 karakter)." in html
    assert "Komentar lain tetap ada." in html
    assert f'name="value-{other}" value="7"' in html
    assert 'maxlength="5000"' in html
    # The draft keeps every valid value; the over-long comment is not stored.
    stored = {v.criterion.key: v for v in ScoreValue.objects.filter(score__assignment=mine)
              .select_related("criterion")}
    assert stored[other].comment == "Komentar lain tetap ada."
    assert all(len(v.comment) <= 5000 for v in stored.values())


# --- files of a blind round: neutral names, no metadata for judges ----------------------

def _files(client, case, user):
    """The image and the document of ``case`` as ``user`` downloads them. (Wagtail caches
    renditions by image id, which a rolled-back test may reuse: tests clear the cache.)"""
    client.force_login(user)
    image = client.get(reverse("judging_admin:proposal_image", args=[case.assignment.pk, 1]))
    document = client.get(reverse("judging_admin:proposal_document",
                                  args=[case.assignment.pk, 1]))
    assert image.status_code == 200
    assert document.status_code == 200
    image_bytes = b"".join(image.streaming_content) if image.streaming else image.content
    pdf_bytes = b"".join(document.streaming_content) if document.streaming \
        else document.content
    with PILImage.open(io.BytesIO(image_bytes)) as picture:
        exif = dict(picture.getexif())
    return {"image": image, "document": document, "exif": exif,
            "metadata": PdfReader(io.BytesIO(pdf_bytes)).metadata, "pdf": pdf_bytes,
            "jpeg": image_bytes}


@pytest.mark.django_db
def test_a_judge_of_a_blind_round_gets_files_without_metadata(client, index, clear_cache):
    case = blind_case(index)
    got = _files(client, case, case.judge)
    assert 0x013B not in got["exif"]  # Artist
    assert got["exif"] == {}
    assert ARTIST.encode() not in got["jpeg"]
    assert got["metadata"] is None
    assert AUTHOR.encode() not in got["pdf"]
    assert got["image"]["Content-Disposition"] == 'inline; filename="gambar-1.jpg"'
    assert got["document"]["Content-Disposition"] == 'attachment; filename="dokumen-1.pdf"'


@pytest.mark.django_db
def test_the_secretariat_gets_the_originals(client, index, clear_cache):
    case = blind_case(index)
    got = _files(client, case, case.staff)
    assert got["exif"][0x013B] == ARTIST
    assert got["metadata"]["/Author"] == AUTHOR


@pytest.mark.django_db
def test_a_file_that_cannot_be_cleaned_is_not_served(client, index):
    case = blind_case(index)
    case.document.file.save("rusak.pdf", ContentFile(b"%PDF-1.4 rusak " * 10), save=True)
    client.force_login(case.judge)
    response = client.get(reverse("judging_admin:proposal_document",
                                  args=[case.assignment.pk, 1]))
    assert response.status_code == 302
    assert response["Location"] == reverse("judging_admin:score_entry",
                                           args=[case.assignment.pk])
