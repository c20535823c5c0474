"""Spreadsheet cells that cannot run: formula-injection neutralising for CSV and XLSX.

A text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
read by Excel, LibreOffice and Google Sheets as a formula (``=HYPERLINK(...)``,
``=cmd|...``). Every export passes each cell through :func:`neutralise`, which prefixes
such text with a single quote, as OWASP recommends ("CSV Injection"). Numbers (and text
that is only a number, such as ``-3.5``) stay as they are.
"""

import re

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def neutralise(value):
    """The cell ``value`` made inert: text that would start a formula gets a leading ``'``."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value
