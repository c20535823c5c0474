"""Demo judging data (seed_demo step, after innovations.seed).

Creates the secretariat and judges (juri1…juri12), a past "KIPP 2025" with every round
finished, finalised and published (so Top 99 / Top 45 / Outstanding achievements
exist), and a current "KIPP 2026" open for registration whose early batch is in the
middle of desk evaluation: some judges done, some with drafts, some not started.

Everything that carries a rule goes through judging.services (assignment with
conflicts, save_scores validation, screening, finalisation with panel decisions on
cut-off ties, publication). Only what the unit workspace would have done (forwarded
entries) is bulk-created. Idempotent: a competition that exists is left alone.
Deterministic: every random draw comes from ``rng``.
"""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.models import Page, Revision

from home.seed import DEMO_PASSWORD
from innovations.models import Agency, InnovationGroup, InnovationPage, Province
from judging import services
from judging.models import (
    Assignment,
    AssignmentStatus,
    Competition,
    Entry,
    EntryEvent,
    EntryStatus,
    JudgeProfile,
    ObjectionWindow,
    Round,
    RoundKind,
    RoundQuota,
    RoundResult,
    RoundStatus,
    Score,
)
from judging.services.objections import announce_provisional
from judging.services.results import CutoffTieError

# (username, first name, last name, affiliation, province code, agency slug)
JUDGES = [
    ("juri1", "Ratna", "Wulandari", "Universitas Indonesia", None, None),
    ("juri2", "Bambang", "Sutrisno", "Universitas Airlangga", "35", None),
    ("juri3", "Andi", "Mappaseng", "Universitas Hasanuddin", "73", None),
    ("juri4", "Dewi", "Kartika", "Pemerintah Kota Surabaya (purna tugas)", None, "kota-surabaya"),
    ("juri5", "Yudi", "Permana", "Universitas Padjadjaran", "32", None),
    ("juri6", "Siti", "Rahmawati", "Universitas Gadjah Mada", None, None),
    ("juri7", "Hendra", "Gunawan", "Institut Teknologi Bandung", None, None),
    ("juri8", "Maria", "Lestari", "Universitas Udayana", None, None),
    ("juri9", "Agus", "Salim", "Lembaga Administrasi Negara", None, None),
    ("juri10", "Nurul", "Hidayah", "Universitas Brawijaya", None, None),
    ("juri11", "Rudi", "Hartono", "Ombudsman RI (purna tugas)", None, None),
    ("juri12", "Lina", "Marlina", "Universitas Diponegoro", None, None),
]
SECRETARIAT = ("sekretariat", "Sekretariat", "KIPP")
# Share of each 2026 desk judge's assignments already submitted (the rest: one draft,
# then not started), so the dashboard shows every state.
PROGRESS_2026 = [0.5, 1.0, 0.9, 0.8, 1.0, 0.6, 0.4, 0.3, 0.7, 0.2, 0.0, 1.0]
FIXED_OPERATOR_AGENCY = "kota-surabaya"


def run(*, rng, options, log):
    staff = ensure_people()
    pool = list(InnovationPage.objects.live().order_by("pk").values_list(
        "pk", "agency_id", "agency__slug", "group", "category_id", "year"))
    if len(pool) < 20:
        log("  judging: fewer than 20 live innovations; competitions skipped")
        return
    past = ensure_past_competition(rng=rng, staff=staff, pool=pool)
    current = ensure_current_competition(rng=rng, staff=staff, pool=pool, past=past)
    upcoming = ensure_open_competition(staff=staff)
    log(f"  judging: {past.entries.count()} entries in {past}, "
        f"{current.entries.count()} in {current}, {upcoming} open, {len(JUDGES)} judges")


def ensure_people():
    User = get_user_model()
    password = make_password(DEMO_PASSWORD)
    judges_group = Group.objects.get_or_create(name=services.JUDGE_GROUP)[0]
    staff_group = Group.objects.get_or_create(name=services.SECRETARIAT_GROUP)[0]
    username, first, last = SECRETARIAT
    staff, _created = User.objects.get_or_create(username=username, defaults={
        "first_name": first, "last_name": last, "is_staff": True, "password": password,
        "email": f"{username}@demo.example.org"})
    staff.groups.add(staff_group)
    provinces = {p.code: p for p in
                 Province.objects.filter(code__in=[j[4] for j in JUDGES if j[4]])}
    agencies = {a.slug: a for a in Agency.objects.filter(slug__in=[j[5] for j in JUDGES if j[5]])}
    for username, first, last, affiliation, province, agency in JUDGES:
        user, _created = User.objects.get_or_create(username=username, defaults={
            "first_name": first, "last_name": last, "is_staff": True, "password": password,
            "email": f"{username}@demo.example.org"})
        user.groups.add(judges_group)
        JudgeProfile.objects.get_or_create(user=user, defaults={
            "affiliation": affiliation, "province": provinces.get(province),
            "agency": agencies.get(agency)})
    return staff


def _pick(rng, pool, *, size, year_first=None, exclude_agency=None, avoid=(), exclude=(),
          per_agency=10):
    """Up to ``size`` innovations, preferring ``year_first``, at most ``per_agency`` per
    agency and group (the competition's limit, 10). Innovations in ``avoid`` come only
    when the others run out; those in ``exclude`` never (a winner of a published edition
    entered again in one judging blind would lose its public profile under the blind
    rule)."""
    avoid, exclude = set(avoid), set(exclude)
    preferred = [row for row in pool if row[5] == year_first and row[0] not in avoid]
    others = [row for row in pool if row[5] != year_first and row[0] not in avoid]
    last = [row for row in pool if row[0] in avoid]
    rng.shuffle(preferred)
    rng.shuffle(others)
    rng.shuffle(last)
    chosen, taken = [], {}
    for row in preferred + others + last:
        if row[2] == exclude_agency or row[0] in exclude:
            continue
        key = (row[1], row[3])
        if taken.get(key, 0) >= per_agency:
            continue
        taken[key] = taken.get(key, 0) + 1
        chosen.append(row)
        if len(chosen) == size:
            break
    return sorted(chosen)


def _freeze_revisions(page_ids):
    """Give pages without a revision one (bulk-seeded pages have none), so entries
    can freeze the submitted version as in the real workflow."""
    pages = list(InnovationPage.objects.filter(pk__in=page_ids, latest_revision__isnull=True)
                 .prefetch_related("sdgs", "gallery_images", "documents", "indicators"))
    if pages:
        content_type = ContentType.objects.get_for_model(InnovationPage)
        base = pages[0].get_base_content_type()
        now = timezone.now()
        revisions = Revision.objects.bulk_create([
            Revision(content_type=content_type, base_content_type=base, object_id=str(page.pk),
                     content=page.serializable_data(), object_str=str(page), created_at=now)
            for page in pages], batch_size=500)
        for page, revision in zip(pages, revisions, strict=True):
            page.latest_revision_id = revision.pk
        Page.objects.bulk_update([Page(pk=page.pk, latest_revision_id=page.latest_revision_id)
                                  for page in pages], ["latest_revision"], batch_size=500)
    return dict(InnovationPage.objects.filter(pk__in=page_ids).values_list(
        "pk", "latest_revision_id"))


def _create_entries(*, competition, rows, forwarded_at):
    revisions = _freeze_revisions([row[0] for row in rows])
    Entry.objects.bulk_create([
        Entry(competition=competition, innovation_id=pk, group=group, category_id=category,
              revision_id=revisions.get(pk), status=EntryStatus.FORWARDED,
              submitted_at=forwarded_at - datetime.timedelta(days=3), forwarded_at=forwarded_at)
        for pk, _agency, _slug, group, category, _year in rows
    ])
    entries = list(competition.entries.order_by("pk"))
    EntryEvent.objects.bulk_create(
        [EntryEvent(entry=e, status=status, created_at=at, note="")
         for e in entries for status, at in ((EntryStatus.SUBMITTED, e.submitted_at),
                                             (EntryStatus.FORWARDED, e.forwarded_at))])
    return entries


def _rounds(competition, specs):
    rounds = []
    for order, (kind, name, extra) in enumerate(specs, start=1):
        rounds.append(Round.objects.create(competition=competition, order=order, kind=kind,
                                           name=name, **extra))
    return rounds


def _screen(*, round, entries, staff, rng, fail_share):
    for entry in entries:
        passed = rng.random() >= fail_share
        services.record_screening(
            round=round, entry=entry, user=staff, passed=passed, notify=False,
            reasons="" if passed else rng.choice([
                "Inovasi belum diterapkan paling singkat 2 tahun.",
                "Formulir proposal tidak lengkap (bagian signifikansi kosong).",
                "Judul yang sama telah didaftarkan oleh unit lain di instansi ini."]),
            checklist={"usia_inovasi": passed, "kelengkapan": True, "judul_unik": True})


def _score(*, round, rng, quality, severity, share=None, drafts=True):
    """Judges score their assignments; ``share`` {judge_id: fraction submitted}."""
    criteria = list(round.rubric.criteria.all())
    assignments = (Assignment.objects.filter(round=round, status=AssignmentStatus.ACTIVE)
                   .select_related("judge", "round__rubric").order_by("judge_id", "entry_id"))
    by_judge = {}
    for assignment in assignments:
        by_judge.setdefault(assignment.judge_id, []).append(assignment)
    for judge_id, items in by_judge.items():
        done = len(items) if share is None else round_half(len(items) * share.get(judge_id, 1))
        for position, assignment in enumerate(items):
            if position > done or (position == done and not drafts):
                break
            values = {}
            for criterion in criteria:
                raw = quality[assignment.entry_id] + severity[judge_id] + rng.gauss(0, 0.8)
                value = min(10, max(1, int(round_half(raw))))
                comment = ("Bukti capaian cukup jelas; data sebelum-sesudah tersedia."
                           if criterion.comment_required else "")
                values[criterion.key] = (value, comment)
            services.save_scores(assignment=assignment, user=assignment.judge, values=values,
                                 submit=position < done)


def round_half(x):
    return int(x + 0.5)


def _finalise(*, round, staff, publish):
    """Finalise, letting the panel settle any cut-off tie (lowest entry ids first)."""
    services.set_round_status(round=round, user=staff, status=RoundStatus.CLOSED)
    while True:
        try:
            result = services.finalise_round(round=round, user=staff)
            break
        except CutoffTieError as tie:
            for position, entry_id in enumerate(sorted(tie.entry_ids)):
                services.record_panel_decision(
                    round=round, entry=Entry.objects.get(pk=entry_id), user=staff,
                    selected=position < tie.seats,
                    note="Keputusan Tim Panel Independen atas nilai yang sama di batas Top N.")
    if publish:
        if round.objection_period_required:
            # The masa sanggah of a past edition: five days, finished, no objection.
            closes = timezone.now() - datetime.timedelta(minutes=1)
            announce_provisional(result=result, user=staff, closes_at=closes,
                                 opens_at=closes - datetime.timedelta(
                                     days=round.min_objection_days))
        services.publish_result(result=result, user=staff)
    return result


def _open_and_assign(*, round, staff):
    """Open the round, put the demo judges (juri1…juri12) on its panel, assign."""
    services.set_round_status(round=round, user=staff, status=RoundStatus.OPEN)
    judges = (get_user_model().objects.filter(username__in=[row[0] for row in JUDGES])
              .values_list("pk", flat=True))
    services.set_panel(round=round, user=staff, members=dict.fromkeys(judges))
    services.assign_automatically(round=round, user=staff)


# The demo's scores are drawn around 60 of 100, lower than the real ones: the real 2025
# passing grade of 85 (the model's default) would leave its Top 99 nearly empty.
DEMO_PASSING_GRADE = 60


# The 2025 edition, as the public reads it (local dates; the news of
# judging/seed/publication.py and the edition page quote the database, so they agree).
PAST_YEAR = 2025
PAST_ENTRIES = 150  # about what the desk evaluation passes to the independent panel
REGISTRATION_2025 = (datetime.date(2025, 2, 3), datetime.date(2025, 5, 30))
FORWARDED_2025 = datetime.date(2025, 5, 23)
# Per round, in order: opens, closes, result published. Top 45 and Top 5 Outstanding are
# announced together, at the award ceremony.
ROUNDS_2025 = [
    (datetime.date(2025, 6, 2), datetime.date(2025, 6, 20), datetime.date(2025, 6, 27)),
    (datetime.date(2025, 6, 30), datetime.date(2025, 7, 25), datetime.date(2025, 8, 15)),
    (datetime.date(2025, 8, 25), datetime.date(2025, 9, 12), datetime.date(2025, 9, 19)),
    (datetime.date(2025, 9, 22), datetime.date(2025, 10, 10), datetime.date(2025, 10, 31)),
    (datetime.date(2025, 10, 13), datetime.date(2025, 10, 24), datetime.date(2025, 10, 31)),
]
# The masa sanggah of the Top 99: the provisional list is announced on the first day;
# objections are taken for five days.
OBJECTIONS_2025 = (datetime.date(2025, 8, 4), datetime.date(2025, 8, 9))


def local(day, hour=0, minute=0):
    """A local datetime on ``day`` (the portal's time zone)."""
    return datetime.datetime.combine(day, datetime.time(hour, minute),
                                     tzinfo=timezone.get_current_timezone())


def ensure_past_competition(*, rng, staff, pool):
    existing = Competition.objects.filter(year=PAST_YEAR).first()
    if existing:
        return existing
    competition = Competition.objects.create(
        name="KIPP 2025", year=PAST_YEAR, slug="kipp-2025",
        description="Kompetisi Inovasi Pelayanan Publik tahun 2025.",
        default_passing_grade=DEMO_PASSING_GRADE,
        groups=["umum", "replikasi", "khusus"],
        registration_opens_at=local(REGISTRATION_2025[0], 8),
        submission_deadline=local(REGISTRATION_2025[1], 23, 59))
    desk_rubric, interview_rubric = services.create_default_rubrics(competition=competition,
                                                                     user=staff)
    rows = _pick(rng, pool, size=min(PAST_ENTRIES, len(pool)), year_first=PAST_YEAR)
    entries = _create_entries(competition=competition, rows=rows,
                              forwarded_at=local(FORWARDED_2025, 10))
    n = len(entries)
    # With the default 300 innovations: 150 entries, a full Top 99 and Top 45.
    screening, desk, interview, field, award = _rounds(competition, [
        (RoundKind.SCREENING, "Seleksi Administrasi", {}),
        (RoundKind.DESK, "Evaluasi Proposal (Top 99)", {
            "rubric": desk_rubric, "blind": True, "tier": "top99",
            "advance_count": min(99, n * 2 // 3)}),
        (RoundKind.INTERVIEW, "Presentasi dan Wawancara", {
            "rubric": interview_rubric, "advance_count": min(45, n * 3 // 10)}),
        # The Top 45 is granted once the field verification is recorded.
        (RoundKind.FIELD_VERIFICATION, "Verifikasi Lapangan (Top 45)", {"tier": "top45"}),
        (RoundKind.AWARD, "Top 5 Outstanding", {"tier": "outstanding"}),
    ])
    RoundQuota.objects.create(round=desk, dimension="agency_type", cluster="kementerian",
                              max_seats=max(1, desk.advance_count // 3))
    # Entries strong enough that the passing grade leaves the Top 99 and Top 45 full; the
    # special group (invited, proven innovations) a little stronger, so the Top 45 holds
    # at least five of them to choose the Top 5 Outstanding from.
    quality = {e.pk: rng.gauss(7.6, 1.0) + (1.0 if e.group == InnovationGroup.SPECIAL else 0)
               for e in entries}
    severity = {pk: rng.gauss(0, 0.5) for pk in get_user_model().objects.filter(
        username__in=[j[0] for j in JUDGES]).values_list("pk", flat=True)}
    services.set_round_status(round=screening, user=staff, status=RoundStatus.OPEN)
    _screen(round=screening, entries=entries, staff=staff, rng=rng, fail_share=0.1)
    _finalise(round=screening, staff=staff, publish=True)
    for scored in (desk, interview):
        _open_and_assign(round=scored, staff=staff)
        _score(round=scored, rng=rng, quality=quality, severity=severity)
        _finalise(round=scored, staff=staff, publish=True)
    finalists = list(services.round_entries(field).order_by("pk"))
    services.set_round_status(round=field, user=staff, status=RoundStatus.OPEN)
    for entry in finalists:
        services.record_screening(round=field, entry=entry, user=staff, passed=True,
                                  notify=False, reasons="Hasil observasi sesuai proposal.")
    _finalise(round=field, staff=staff, publish=True)
    # Outstanding is chosen within the special group (the edition's setting).
    candidates = list(services.round_entries(award).order_by("pk"))
    interview_rank = dict(interview.result.rows.values_list("entry_id", "rank"))
    best = sorted(candidates, key=lambda e: (interview_rank.get(e.pk) or 10**6, e.pk))[:5]
    services.set_round_status(round=award, user=staff, status=RoundStatus.OPEN)
    for entry in candidates:
        services.record_screening(
            round=award, entry=entry, user=staff, passed=entry in best, notify=False,
            reasons="Lima inovasi terbaik hasil wawancara." if entry in best
            else "Tidak termasuk lima terbaik.")
    _finalise(round=award, staff=staff, publish=True)
    _backdate(competition)
    return competition


def _backdate(competition):
    """Move the past edition's timestamps onto its calendar (services stamp 'now')."""
    rounds = list(competition.rounds.order_by("order"))
    for round, (opens_on, closes_on, published_on) in zip(rounds, ROUNDS_2025, strict=True):
        opens, closes = local(opens_on, 8), local(closes_on, 16)
        published = local(published_on, 10)
        Round.objects.filter(pk=round.pk).update(opens_at=opens, closes_at=closes)
        # By primary key: an UPDATE filtered through a join is a correlated subquery that
        # PostgreSQL, without statistics on the freshly loaded tables, may run row by row.
        Score.objects.filter(pk__in=list(Score.objects.filter(assignment__round=round)
                                         .values_list("pk", flat=True))).update(
            created_at=opens, updated_at=closes, submitted_at=closes)
        RoundResult.objects.filter(round=round).update(
            created_at=closes + datetime.timedelta(days=1), published_at=published)
        ObjectionWindow.objects.filter(result__round=round).update(
            announced_at=local(OBJECTIONS_2025[0], 9), opens_at=local(OBJECTIONS_2025[0], 9),
            closes_at=local(OBJECTIONS_2025[1], 16))
        Assignment.objects.filter(round=round).update(created_at=opens)
    # Status events the services stamped today: the day the final lists were announced.
    EntryEvent.objects.filter(pk__in=list(EntryEvent.objects.filter(
        entry__competition=competition, created_at__year__gt=PAST_YEAR
    ).values_list("pk", flat=True))).update(created_at=local(ROUNDS_2025[-1][2], 10))


def ensure_current_competition(*, rng, staff, pool, past=None):
    existing = Competition.objects.filter(year=2026).first()
    if existing:
        return existing
    now = timezone.now()
    competition = Competition.objects.create(
        name="KIPP 2026", year=2026, slug="kipp-2026",
        description="Kompetisi Inovasi Pelayanan Publik tahun 2026.",
        default_passing_grade=DEMO_PASSING_GRADE,
        # Registration has closed: screening is decided and the desk round is running.
        registration_opens_at=now - datetime.timedelta(days=150),
        submission_deadline=now - datetime.timedelta(days=50))
    desk_rubric, interview_rubric = services.create_default_rubrics(competition=competition,
                                                                     user=staff)
    # The operator1 demo agency keeps its innovations free to submit in the workspace.
    # Not the 2025 winners (their profiles stay public: the blind rule), and the 2025
    # entries only when the other innovations run out.
    rows = _pick(rng, pool, size=min(80, len(pool)), year_first=2026,
                 exclude_agency=FIXED_OPERATOR_AGENCY,
                 avoid=past_entries(past), exclude=past_winners(past))
    entries = _create_entries(competition=competition, rows=rows,
                              forwarded_at=now - datetime.timedelta(days=55))
    screening, desk, *_later = _rounds(competition, [
        (RoundKind.SCREENING, "Seleksi Administrasi", {}),
        # Smaller than a real edition (80 entries): the names promise no Top 99.
        (RoundKind.DESK, "Evaluasi Proposal", {
            "rubric": desk_rubric, "blind": True, "tier": "top99",
            "advance_count": min(99, len(entries) // 2),
            "opens_at": now - datetime.timedelta(days=10),
            "closes_at": now + datetime.timedelta(days=20)}),
        (RoundKind.INTERVIEW, "Presentasi dan Wawancara", {
            "rubric": interview_rubric,
            "advance_count": min(45, len(entries) // 4)}),
        (RoundKind.FIELD_VERIFICATION, "Verifikasi Lapangan", {"tier": "top45"}),
        (RoundKind.AWARD, "Top 5 Outstanding", {"tier": "outstanding"}),
    ])
    services.set_round_status(round=screening, user=staff, status=RoundStatus.OPEN)
    _screen(round=screening, entries=entries, staff=staff, rng=rng, fail_share=0.12)
    _finalise(round=screening, staff=staff, publish=False)
    judges = {u.username: u for u in get_user_model().objects.filter(
        username__in=[j[0] for j in JUDGES])}
    banyuwangi = Agency.objects.filter(slug="kab-banyuwangi").first()
    if banyuwangi:
        services.declare_conflict(judge=judges["juri6"], user=judges["juri6"], agency=banyuwangi,
                                  reason="Pernah menjadi tenaga ahli Pemerintah Kabupaten "
                                  "Banyuwangi.")
    _open_and_assign(round=desk, staff=staff)
    first = Assignment.objects.filter(round=desk, judge=judges["juri7"]).order_by("pk").first()
    if first:
        services.recuse(assignment=first, user=judges["juri7"],
                        reason="Saya membimbing penyusunan proposal ini.")
    quality = {e.pk: rng.gauss(6.5, 1.4) for e in entries}
    severity = {u.pk: rng.gauss(0, 0.5) for u in judges.values()}
    share = {judges[j[0]].pk: PROGRESS_2026[i] for i, j in enumerate(JUDGES)}
    _score(round=desk, rng=rng, quality=quality, severity=severity, share=share)
    return competition


def past_entries(competition):
    if competition is None:
        return set()
    return set(competition.entries.values_list("innovation_id", flat=True))


def past_winners(competition):
    """The innovations a published edition placed in one of its tiers."""
    if competition is None:
        return set()
    return set(RoundResult.objects.filter(round__competition=competition, published=True,
                                          rows__selected=True).exclude(round__tier="")
               .values_list("rows__entry__innovation_id", flat=True))


OPEN_YEAR = 2028


def ensure_open_competition(*, staff):
    """The edition taking proposals now (operator1 writes and submits to it; the agency
    admin forwards): registration open, default rubrics, no round started yet."""
    existing = Competition.objects.filter(year=OPEN_YEAR).first()
    if existing:
        return existing
    now = timezone.now()
    competition = Competition.objects.create(
        name=f"KIPP {OPEN_YEAR}", year=OPEN_YEAR, slug=f"kipp-{OPEN_YEAR}",
        description=f"Kompetisi Inovasi Pelayanan Publik tahun {OPEN_YEAR}: pendaftaran "
                    "dibuka.",
        default_passing_grade=DEMO_PASSING_GRADE,
        registration_opens_at=now - datetime.timedelta(days=20),
        submission_deadline=now + datetime.timedelta(days=45))
    services.create_default_rubrics(competition=competition, user=staff)
    return competition
