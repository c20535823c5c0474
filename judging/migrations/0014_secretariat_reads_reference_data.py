"""The secretariat may read (not change) agencies, units, provinces, categories and SDGs.

Judge profiles and conflicts of interest name an agency and a province; their edit forms
choose them through the snippet choosers, which now require a permission on the model
(portal/admin_access.py). Memberships (who works where) stay closed to the secretariat.
"""

from django.db import migrations

from judging.migrations._grants import secretariat_grant

READ_MODELS = ("agency", "unit", "province", "category", "sdg")
GRANT = secretariat_grant("innovations", [f"view_{model}" for model in READ_MODELS])


class Migration(migrations.Migration):
    dependencies = [
        ("judging", "0013_backgroundjob"),
        ("innovations", "0005_agency_aliases"),
    ]

    operations = [migrations.RunPython(*GRANT)]
