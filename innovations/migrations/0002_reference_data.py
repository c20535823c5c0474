"""Load the 38 provinces, 17 SDGs and the 2021 categories shipped in innovations/data."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"


def rows(name):
    with open(DATA / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def load(apps, schema_editor):
    Province = apps.get_model("innovations", "Province")
    SDG = apps.get_model("innovations", "SDG")
    Category = apps.get_model("innovations", "Category")
    for row in rows("provinces.csv"):
        Province.objects.update_or_create(
            code=row["code"], defaults={"name": row["name"], "region_group": row["region_group"]}
        )
    for row in rows("sdgs.csv"):
        SDG.objects.update_or_create(
            number=int(row["number"]),
            defaults={"name_id": row["name_id"], "name_en": row["name_en"]},
        )
    for order, row in enumerate(rows("categories-2021.csv"), start=1):
        Category.objects.update_or_create(
            slug=row["slug"],
            defaults={"name_id": row["name_id"], "name_en": row["name_en"], "sort_order": order},
        )


class Migration(migrations.Migration):
    dependencies = [("innovations", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
