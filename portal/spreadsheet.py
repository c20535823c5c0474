"""Spreadsheet cells that cannot run: formula-injection neutralising for CSV and XLSX.

A text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
read by Excel, LibreOffice and Google Sheets as a formula (``=HYPERLINK(...)``,
``=cmd|...``). Every export passes each cell through :func:`neutralise`, which prefixes
such text with a single quote, as OWASP recommends ("CSV Injection"). Numbers (and text
that is only a number, such as ``-3.5``, in ASCII digits) stay as they are.

The raw-score export on PostgreSQL applies the same rule in SQL
(judging/services/exports.py ``_sql_text``); the two must stay the same, character for
character (tests/judging/services/test_exports_copy.py).
"""

import re

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# ASCII digits only (re.ASCII): "-٣" is not a number to a spreadsheet, and SQL's [0-9]
# must agree with this pattern.
NUMBER_PATTERN = r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?"
_NUMBER = re.compile(NUMBER_PATTERN, re.ASCII)


def neutralise(value):
    """The cell ``value`` made inert: text that would start a formula gets a leading ``'``."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def install():
    """Every CSV the Wagtail admin writes (snippet listings' "Download CSV": agencies,
    units, memberships…; page reports; the audit log) neutralises its cells too.
    Wagtail's own XLSX export already stores formula-like text as text; its CSV export
    writes cells as they are. Called once from PortalConfig.ready()."""
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    if getattr(SpreadsheetExportMixin, "_portal_neutralised", False):
        return
    plain = SpreadsheetExportMixin.preprocess_field_value

    def preprocess_field_value(self, field, value, export_format):
        processed = plain(self, field, value, export_format)
        if export_format == self.FORMAT_CSV:
            return neutralise(processed)
        return processed

    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value
    SpreadsheetExportMixin._portal_neutralised = True
