"""Demo seed step: one provisional list with an open objection period (masa sanggah).

Runs after judging.seed.publication. If some edition has a finalised, unpublished
result of a round that grants a tier, that result is announced. The judging seed has
none (KIPP 2025 is all published, KIPP 2026 is mid desk evaluation, which must stay
so), so a small separate demo edition is built through the services: entries, a
screening round, a scored desk round finalised but not published, then the
announcement with a window around today and two objections (one decided).
Idempotent: a result that already has a window is left alone.
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import Locale

from home.models import HomePage
from innovations.models import InnovationPage
from judging import services
from judging.models import (
    Competition,
    Entry,
    ObjectionStatus,
    ObjectionWindow,
    RoundKind,
    RoundResult,
    RoundStatus,
)
from judging.seed import competitions as judging_seed
from judging.seed.publication import ensure_competition_news
from judging.services.editions import ensure_edition_page, ensure_index
from judging.services.objections import announce_provisional, decide_objection, file_objection

DEMO_YEAR = 2027
DEMO_NAME = "KIPP 2027 (demo masa sanggah)"


def run(*, rng, options, log):
    if ObjectionWindow.objects.filter(result__published=False).exists():
        log("  objections: a provisional list is already announced")
        return
    staff = get_user_model().objects.filter(username=judging_seed.SECRETARIAT[0]).first()
    if staff is None:
        log("  objections: no secretariat user; skipped")
        return
    result = (RoundResult.objects.filter(published=False, round__status=RoundStatus.FINALISED,
                                         objection_window__isnull=True, supersedes__isnull=True)
              .exclude(round__results__published=True)
              .exclude(round__tier="").select_related("round").order_by("-pk").first())
    if result is None:
        result = _demo_result(rng=rng, staff=staff, log=log)
        if result is None:
            return
    now = timezone.now()
    window = announce_provisional(result=result, user=staff,
                                  opens_at=now - datetime.timedelta(days=2),
                                  closes_at=now + datetime.timedelta(days=3))
    _demo_objections(result=result, staff=staff, at=window.opens_at)
    home = HomePage.objects.filter(locale=Locale.get_default(), depth=2).first()
    if home is not None:
        ensure_competition_news(home=home, competitions=[result.round.competition])
    log(f"  objections: provisional list of {result.round} open until "
        f"{timezone.localtime(window.closes_at):%Y-%m-%d %H:%M}")


def _demo_result(*, rng, staff, log):
    if Competition.objects.filter(year=DEMO_YEAR).exists():
        log(f"  objections: {DEMO_YEAR} exists without a provisional result; skipped")
        return None
    pool = list(InnovationPage.objects.live().order_by("pk").values_list(
        "pk", "agency_id", "agency__slug", "group", "category_id", "year"))
    if len(pool) < 20:
        log("  objections: fewer than 20 live innovations; skipped")
        return None
    now = timezone.now()
    competition = Competition.objects.create(
        name=DEMO_NAME, year=DEMO_YEAR, slug=f"kipp-{DEMO_YEAR}-demo-sanggah",
        description="Edisi contoh untuk memperlihatkan masa sanggah hasil sementara.",
        registration_opens_at=now - datetime.timedelta(days=120),
        submission_deadline=now - datetime.timedelta(days=60))
    desk_rubric, _interview = services.create_default_rubrics(competition=competition,
                                                              user=staff)
    # Like KIPP 2026: never a winner of the published 2025 edition, and innovations
    # entered elsewhere only when the others run out.
    past = Competition.objects.filter(year=judging_seed.PAST_YEAR).first()
    others = set(Entry.objects.values_list("innovation_id", flat=True))
    rows = judging_seed._pick(rng, pool, size=min(24, len(pool)), avoid=others,
                              exclude=judging_seed.past_winners(past))
    entries = judging_seed._create_entries(competition=competition, rows=rows,
                                           forwarded_at=now - datetime.timedelta(days=55))
    screening, desk = judging_seed._rounds(competition, [
        (RoundKind.SCREENING, "Seleksi Administrasi", {}),
        (RoundKind.DESK, "Evaluasi Proposal", {
            "rubric": desk_rubric, "tier": "top99", "advance_count": 12,
            "judges_per_entry": 2, "blind": True, "publish_scores": True,
            "opens_at": now - datetime.timedelta(days=40),
            "closes_at": now - datetime.timedelta(days=10)}),
    ])
    services.set_round_status(round=screening, user=staff, status=RoundStatus.OPEN)
    for entry in entries:
        services.record_screening(round=screening, entry=entry, user=staff, passed=True,
                                  notify=False, reasons="")
    judging_seed._finalise(round=screening, staff=staff, publish=True)
    judging_seed._open_and_assign(round=desk, staff=staff)
    quality = {e.pk: rng.gauss(6.5, 1.4) for e in entries}
    severity = {pk: rng.gauss(0, 0.4) for pk in get_user_model().objects.filter(
        username__in=[j[0] for j in judging_seed.JUDGES]).values_list("pk", flat=True)}
    judging_seed._score(round=desk, rng=rng, quality=quality, severity=severity)
    result = judging_seed._finalise(round=desk, staff=staff, publish=False)
    home = HomePage.objects.filter(locale=Locale.get_default(), depth=2).first()
    if home is not None:
        ensure_edition_page(index=ensure_index(home=home), competition=competition,
                            intro="Edisi contoh: hasil sementara Top 99 dan masa sanggah.",
                            intro_en="Demo edition: a provisional Top 99 and its "
                                     "objection period.")
    return result


def _demo_objections(*, result, staff, at):
    rows = list(result.rows.filter(selected=True).select_related("entry").order_by("rank")[:2])
    if len(rows) < 2:
        return
    first = file_objection(
        result=result, entry=rows[0].entry, name="Budi Santoso", email="budi@demo.example.org",
        reason="Inovasi ini sudah berhenti dijalankan sejak awal tahun; layanan daring yang "
               "disebut dalam proposal tidak dapat diakses lagi.",
        evidence_url="https://example.org/berita/layanan-berhenti", ip="203.0.113.10",
        at=at + datetime.timedelta(hours=3))
    file_objection(
        result=result, entry=rows[1].entry, name="Sri Handayani", email="sri@demo.example.org",
        reason="Judul dan isi proposal sama dengan inovasi instansi lain yang menjadi Top 45 "
               "tahun lalu; mohon diperiksa kembali keasliannya.",
        evidence_url="", ip="198.51.100.7", at=at + datetime.timedelta(hours=20))
    decide_objection(objection=first, user=staff, status=ObjectionStatus.REJECTED,
                     note="Hasil verifikasi: layanan masih berjalan di alamat baru; "
                          "sanggahan tidak diterima.")
