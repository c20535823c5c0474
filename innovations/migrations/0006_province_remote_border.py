"""Flag the remote and border provinces (3T: daerah tertinggal, terdepan, terluar) for
the remote/border quota dimension.

Source and assumption (docs/judging.md, "Quotas"): a province is flagged when most of its
regencies/cities are in the national list of left-behind regions, Perpres 63/2020 on
Penetapan Daerah Tertinggal 2020-2024 (62 regencies, almost all in Nusa Tenggara Timur,
Maluku and Papua). Papua's 2022 split keeps the flag on the six Papua provinces. The
set is data: the secretariat can change it in Settings > Provinces; the column
``remote_border`` of innovations/data/provinces.csv holds the default.
"""

import csv
from pathlib import Path

from django.db import migrations, models

DATA = Path(__file__).resolve().parent.parent / "data"


def flag(apps, schema_editor):
    Province = apps.get_model("innovations", "Province")
    with open(DATA / "provinces.csv", newline="", encoding="utf-8") as handle:
        codes = [row["code"] for row in csv.DictReader(handle) if row["remote_border"] == "1"]
    Province.objects.filter(code__in=codes).update(remote_border=True)


class Migration(migrations.Migration):
    dependencies = [("innovations", "0005_agency_aliases")]
    operations = [
        migrations.AddField(
            model_name="province",
            name="remote_border",
            field=models.BooleanField(
                db_index=True, default=False,
                help_text="Daerah tertinggal, terdepan, terluar: most of the province's "
                          "regencies are in the national list of left-behind regions (see "
                          "provinces.csv).",
                verbose_name="remote/border region (3T)"),
        ),
        migrations.RunPython(flag, migrations.RunPython.noop),
    ]
