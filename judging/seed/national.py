"""A judging round at national size, to try the secretariat's and the judges' screens at
the sizes the portal is built for (``seed_demo --innovations 10000 --national-round``):
3,500 entries, a panel of 100 judges, 3 judges per entry, the 2023 desk rubric's 8
criteria — 84,000 score values once every score is in (about 67,000 are) — in an
edition of its own, "Uji Skala Nasional".

The round is open and most of the work is done: each judge has submitted a share of
their assignments (from 60 % to all of them), kept a draft of the next one and not
started the rest, so the dashboard shows progress, disagreements and a provisional
ranking at full size; the secretariat can close and finalise it (in the background),
export it, or publish nothing at all.

Who judges and what is assigned go through judging.services (the panel, automatic
assignment with its conflict rules). The scores are bulk-inserted with their totals
computed by ``rubric_total``, as ``save_scores`` would store them, but without one
audit line per score: 10,500 calls of the service would take minutes. Values follow
the demo's model (an entry's quality, a judge's severity and noise per criterion).

The round is not blind: a blind open round withholds its entries' public profiles, and
the point here is the admin at size, not a public archive with a third of it hidden.
Idempotent (an existing edition is left alone); deterministic from ``rng``; off unless
``options["national_round"]``.
"""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.utils import timezone

from home.seed import DEMO_PASSWORD
from innovations.models import InnovationPage, Province
from judging import services
from judging.maths.scoring import rubric_total
from judging.models import (
    Assignment,
    AssignmentStatus,
    Competition,
    JudgeProfile,
    RoundKind,
    RoundStatus,
    Score,
    ScoreStatus,
    ScoreValue,
)
from judging.services.rounds import criterion_specs

from .competitions import (
    DEMO_PASSING_GRADE,
    FIXED_OPERATOR_AGENCY,
    _create_entries,
    _pick,
    _rounds,
    past_winners,
    round_half,
)

YEAR = 2030
NAME = "Uji Skala Nasional"
SLUG = "uji-skala-nasional"
ENTRIES = 3500
JUDGES = 100
JUDGES_PER_ENTRY = 3
# At most this many entries per agency and group: the demo has a few dozen agencies,
# where a real edition has about 550 (so the competition's limit of 10 cannot hold).
PER_AGENCY = 400
USERNAME = "juri-nasional-{:03d}"
FIRST_NAMES = ["Adi", "Budi", "Citra", "Dian", "Eka", "Fajar", "Gita", "Hadi", "Intan",
               "Joko", "Kurnia", "Lestari", "Made", "Nanda", "Oki", "Putri", "Rizky",
               "Sari", "Taufik", "Wahyu"]
LAST_NAMES = ["Pratama", "Saputra", "Wijaya", "Nugroho", "Hidayat", "Kusuma", "Santoso",
              "Siregar", "Simanjuntak", "Lubis", "Harahap", "Tanjung", "Nasution", "Daulay",
              "Manurung", "Sitompul", "Rangkuti", "Pane", "Ginting", "Tarigan"]
AFFILIATIONS = ["Universitas Indonesia", "Universitas Gadjah Mada", "Institut Teknologi "
                "Bandung", "Universitas Airlangga", "Universitas Hasanuddin", "Universitas "
                "Sumatera Utara", "Universitas Brawijaya", "Lembaga Administrasi Negara",
                "Ombudsman RI (purna tugas)", "Universitas Udayana"]


def run(*, rng, options, log):
    if not options.get("national_round"):
        return
    if Competition.objects.filter(year=YEAR).exists():
        log(f"  national round: {NAME} exists; left alone")
        return
    round = build(rng=rng, entries=ENTRIES, judges=JUDGES)
    if round is None:
        log("  national round: no live innovations; skipped")
        return
    values = ScoreValue.objects.filter(score__assignment__round=round).count()
    log(f"  national round: {round.competition.entries.count():,} entries, {JUDGES} judges, "
        f"{values:,} score values in {NAME}")


def build(*, rng, entries, judges, k=JUDGES_PER_ENTRY):
    """The edition, its open desk round with ``entries`` entries (fewer if fewer live
    innovations are free), ``judges`` judges on its panel, ``k`` judges per entry, and
    the scores. Returns the round (None without live innovations)."""
    staff = get_user_model().objects.get(username="sekretariat")
    pool = list(InnovationPage.objects.live().order_by("pk").values_list(
        "pk", "agency_id", "agency__slug", "group", "category_id", "year"))
    rows = _pick(rng, pool, size=min(entries, len(pool)), exclude_agency=FIXED_OPERATOR_AGENCY,
                 exclude=past_winners(Competition.objects.filter(year=2025).first()),
                 per_agency=PER_AGENCY)
    if not rows:
        return None
    now = timezone.now()
    competition = Competition.objects.create(
        name=NAME, year=YEAR, slug=SLUG, default_passing_grade=DEMO_PASSING_GRADE,
        description="Edisi uji: satu babak evaluasi proposal berukuran nasional.",
        registration_opens_at=now - datetime.timedelta(days=120),
        submission_deadline=now - datetime.timedelta(days=40))
    desk_rubric, _interview = services.create_default_rubrics(competition=competition,
                                                               user=staff)
    created = _create_entries(competition=competition, rows=rows,
                              forwarded_at=now - datetime.timedelta(days=45))
    (desk,) = _rounds(competition, [
        (RoundKind.DESK, "Evaluasi Proposal (skala nasional)", {
            "rubric": desk_rubric, "blind": False, "judges_per_entry": k,
            "advance_count": min(99, len(created) // 2),
            "opens_at": now - datetime.timedelta(days=14),
            "closes_at": now + datetime.timedelta(days=14)}),
    ])
    panel = _judges(rng=rng, count=judges)
    services.set_round_status(round=desk, user=staff, status=RoundStatus.OPEN)
    services.set_panel(round=desk, user=staff, members=dict.fromkeys(panel))
    services.assign_automatically(round=desk, user=staff)
    _score(round=desk, rng=rng, quality={e.pk: rng.gauss(6.5, 1.4) for e in created},
           severity={pk: rng.gauss(0, 0.5) for pk in panel},
           share={pk: rng.uniform(0.6, 1.0) for pk in panel})
    return desk


def _judges(*, rng, count):
    """``count`` judge accounts (the demo password) with profiles; their ids."""
    User = get_user_model()
    password = make_password(DEMO_PASSWORD)
    provinces = list(Province.objects.order_by("code"))
    names = [USERNAME.format(n) for n in range(1, count + 1)]
    # No two judges of the panel share a name: the dashboard shows names only.
    people = rng.sample([(first, last) for first in FIRST_NAMES for last in LAST_NAMES],
                        count)
    existing = set(User.objects.filter(username__in=names).values_list("username", flat=True))
    User.objects.bulk_create([
        User(username=name, first_name=first, last_name=last,
             email=f"{name}@demo.example.org", is_staff=True, password=password)
        for name, (first, last) in zip(names, people, strict=True) if name not in existing])
    users = list(User.objects.filter(username__in=names).order_by("username"))
    Group.objects.get_or_create(name=services.JUDGE_GROUP)[0].user_set.add(*users)
    have = set(JudgeProfile.objects.filter(user__in=users).values_list("user_id", flat=True))
    JudgeProfile.objects.bulk_create([
        JudgeProfile(user=user, affiliation=rng.choice(AFFILIATIONS),
                     province=rng.choice(provinces) if provinces and rng.random() < 0.3
                     else None)
        for user in users if user.pk not in have])
    return [user.pk for user in users]


def _score(*, round, rng, quality, severity, share):
    """Each judge submits ``share`` of their assignments (in entry order) and keeps a
    draft of the next: Score and ScoreValue rows in bulk, totals as save_scores stores
    them."""
    criteria = list(round.rubric.criteria.order_by("order", "pk"))
    specs = criterion_specs(criteria)
    by_judge = {}
    for pk, judge_id, entry_id in (Assignment.objects.filter(
            round=round, status=AssignmentStatus.ACTIVE)
            .order_by("judge_id", "entry_id").values_list("pk", "judge_id", "entry_id")):
        by_judge.setdefault(judge_id, []).append((pk, entry_id))
    now = timezone.now()
    scores, drawn = [], {}
    for judge_id, items in by_judge.items():
        done = round_half(len(items) * share[judge_id])
        for position, (assignment_id, entry_id) in enumerate(items[:done + 1]):
            values = {c.key: min(10, max(1, round_half(
                quality[entry_id] + severity[judge_id] + rng.gauss(0, 0.8))))
                for c in criteria}
            drawn[assignment_id] = values
            submitted = position < done
            scores.append(Score(
                assignment_id=assignment_id, created_at=now, updated_at=now,
                status=ScoreStatus.SUBMITTED if submitted else ScoreStatus.DRAFT,
                submitted_at=now if submitted else None,
                total=rubric_total(criteria=specs, values={
                    key: float(value) for key, value in values.items()})
                if submitted else None))
    Score.objects.bulk_create(scores, batch_size=2000)
    ids = dict(Score.objects.filter(assignment__round=round).values_list("assignment_id", "pk"))
    comment = "Bukti capaian cukup jelas; data sebelum-sesudah tersedia."
    ScoreValue.objects.bulk_create(
        (ScoreValue(score_id=ids[assignment_id], criterion=c, value=values[c.key],
                    comment=comment if c.comment_required else "")
         for assignment_id, values in drawn.items() for c in criteria), batch_size=5000)
