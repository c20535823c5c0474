"""The Wagtail admin's own CSV downloads (snippet listings, reports) neutralise formulas:
an agency or unit name that came in through an import, or a page title a unit typed,
never becomes a live formula (portal/spreadsheet.py install)."""

import csv
import io

import pytest
from django.contrib.auth import get_user_model

from tests.factories import AgencyFactory, InnovationPageFactory, UnitFactory

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://x","klik")'


@pytest.fixture
def superuser():
    return get_user_model().objects.create_superuser("root", "root@example.org", "x")


def download(client, url):
    response = client.get(url, {"export": "csv"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.reader(io.StringIO(text)))


def test_snippet_csv_quotes_formula_names(client, superuser):
    agency = AgencyFactory(name=FORMULA)
    UnitFactory(agency=agency, name="@SUM(1+1)")
    client.force_login(superuser)

    agencies = download(client, "/admin/snippets/innovations/agency/")
    units = download(client, "/admin/snippets/innovations/unit/")

    assert [row[0] for row in agencies[1:]] == ["'" + FORMULA]
    assert units[1][:2] == ["'@SUM(1+1)", "'" + FORMULA]


def test_page_report_csv_quotes_formula_titles(client, superuser, index):
    page = InnovationPageFactory(parent=index, title="-2+3+cmd|' /C calc'!A0")
    page.save_revision(user=superuser, clean=False).publish()
    client.force_login(superuser)

    rows = download(client, "/admin/reports/site-history/")

    assert "'-2+3+cmd|' /C calc'!A0" in [cell for row in rows for cell in row]
    assert "-2+3+cmd|' /C calc'!A0" not in [cell for row in rows for cell in row]
