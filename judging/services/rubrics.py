"""Rubrics: the shipped defaults and the lock once scoring has started.

Default desk rubric: the 2023 general-group weights (judging/data/rubric-desk-2023.csv,
weights sum to 100, scale 1-10). Default interview rubric: presentation and interview
30 % and substance 70 % (the split one provincial edition published; the national
panel's weights are not public). We split them as

    presentasi 15 · wawancara 15 | kebaruan 15 · signifikansi 25 · adaptabilitas 15 ·
    keberlanjutan 15

keeping the desk rubric's emphasis on significance, which is also the single
highest-weight criterion the published tie-break needs. The highest-weight criterion
of each rubric requires a comment, so every total can be explained to the unit.
"""

import csv
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from judging.models import Criterion, Rubric, RubricKind, Score

from .audit import log
from .permissions import require_secretariat

DATA = Path(__file__).resolve().parent.parent / "data"

LEVELS = [
    (1, 2, "Sangat kurang: tidak ada atau hampir tidak ada bukti."),
    (3, 4, "Kurang: bukti lemah atau tidak relevan."),
    (5, 6, "Cukup: bukti ada tetapi belum meyakinkan."),
    (7, 8, "Baik: bukti jelas dan relevan."),
    (9, 10, "Sangat baik: bukti kuat, terukur dan meyakinkan."),
]

INTERVIEW_CRITERIA = [
    ("presentasi", "Penyajian dan Komunikasi", "Presentation and communication", 15,
     "Penyajian yang jelas dan runtut dalam waktu yang tersedia"),
    ("wawancara", "Penguasaan dan Jawaban Wawancara", "Command of the subject in the interview",
     15, "Jawaban menunjukkan penguasaan atas inovasi, datanya dan keterbatasannya"),
    ("kebaruan", "Kebaruan / Nilai Tambah", "Novelty / added value", 15,
     "Apa yang baru dalam konteks ini, atau perbaikan nyata atas yang sudah ada"),
    ("signifikansi", "Signifikansi", "Significance", 25,
     "Bukti hasil: angka sebelum dan sesudah, penerima manfaat, dampak pada masalah"),
    ("adaptabilitas", "Adaptabilitas", "Adaptability / replicability", 15,
     "Sudah atau dapat direplikasi di tempat lain; apa yang dibutuhkan"),
    ("keberlanjutan", "Strategi Keberlanjutan", "Sustainability strategy", 15,
     "Jaminan kelembagaan, sosial dan manajerial: mandat, anggaran, dasar hukum"),
]


def default_descriptors():
    return [{"min": low, "max": high, "text": text} for low, high, text in LEVELS]


def desk_criteria_2023():
    """The 2023 desk rubric rows as dicts ready for Criterion(**row)."""
    with open(DATA / "rubric-desk-2023.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    top = max(Decimal(row["weight_percent"]) for row in rows)
    return [
        {
            "key": row["key"], "name": row["name_id"], "order": int(row["order"]),
            # Judges read Indonesian; the English guidance stays in the CSV for reference.
            "description": row["panduan_juri"],
            "weight": Decimal(row["weight_percent"]), "min_value": Decimal(1),
            "max_value": Decimal(10), "descriptors": default_descriptors(),
            "comment_required": Decimal(row["weight_percent"]) == top,
        }
        for row in rows
    ]


def interview_criteria():
    top = max(weight for *_, weight, _ in INTERVIEW_CRITERIA)
    return [
        {
            "key": key, "name": name_id, "order": order, "description": hint,
            "weight": Decimal(weight), "min_value": Decimal(1), "max_value": Decimal(10),
            "descriptors": default_descriptors(), "comment_required": weight == top,
        }
        for order, (key, name_id, _name_en, weight, hint) in enumerate(INTERVIEW_CRITERIA, 1)
    ]


@transaction.atomic
def create_default_rubrics(*, competition=None, user=None):
    """The desk (2023) and interview rubrics for a competition, created once.
    Returns (desk_rubric, interview_rubric)."""
    label = f" · {competition.name}" if competition else ""
    specs = [
        (RubricKind.DESK, f"Evaluasi Proposal 2023{label}", desk_criteria_2023()),
        (RubricKind.INTERVIEW, f"Presentasi dan Wawancara{label}", interview_criteria()),
    ]
    rubrics = []
    for kind, name, criteria in specs:
        rubric, created = Rubric.objects.get_or_create(
            competition=competition, name=name, defaults={"kind": kind},
        )
        if created:
            Criterion.objects.bulk_create(Criterion(rubric=rubric, **row) for row in criteria)
            log(instance=rubric, action="wagtail.create", user=user,
                data={"criteria": [row["key"] for row in criteria]})
        rubrics.append(rubric)
    return tuple(rubrics)


def rubric_is_locked(rubric):
    """True once any score (draft or submitted) exists against the rubric."""
    return Score.objects.filter(assignment__round__rubric=rubric).exists()


def ensure_rubric_editable(rubric):
    if rubric.pk and rubric_is_locked(rubric):
        raise ValidationError(
            _("Scoring has started with this rubric, so it can no longer be changed.")
        )


def validate_criteria(criteria):
    """Check a rubric's criteria as plain dicts; raise ValidationError listing problems."""
    errors = []
    keys = [row["key"] for row in criteria]
    if not criteria:
        errors.append(_("A rubric needs at least one criterion."))
    if len(set(keys)) != len(keys):
        errors.append(_("Criterion keys must be unique."))
    if criteria and sum(Decimal(row["weight"]) for row in criteria) <= 0:
        errors.append(_("At least one criterion needs a weight above zero."))
    for row in criteria:
        if Decimal(row["weight"]) < 0:
            errors.append(_("%(key)s: the weight cannot be negative.") % {"key": row["key"]})
        if Decimal(row.get("max_value", 10)) <= Decimal(row.get("min_value", 1)):
            errors.append(_("%(key)s: the highest score must be above the lowest.")
                          % {"key": row["key"]})
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def replace_criteria(*, rubric, user, criteria):
    """Replace all criteria of an unlocked rubric (list of dicts of Criterion fields)."""
    require_secretariat(user)
    ensure_rubric_editable(rubric)
    validate_criteria(criteria)
    rubric.criteria.all().delete()
    Criterion.objects.bulk_create(Criterion(rubric=rubric, **row) for row in criteria)
    log(instance=rubric, action="wagtail.edit", user=user,
        data={"criteria": [row["key"] for row in criteria]})
    return list(rubric.criteria.all())
