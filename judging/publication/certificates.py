"""Award certificates: an unguessable verification code and the PDF (reportlab).

The code is "<result row id>-<20 hex digits of an HMAC>" keyed by SECRET_KEY, so it
needs no stored token, cannot be forged without the key and still finds its row in
one query. Rotating SECRET_KEY invalidates every printed code; production keeps the
key stable (see README).
"""

import io
import math

import segno
from django.conf import settings
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas

from innovations.models import tier_label
from judging.models import EntryDecisionAction, ObjectionDecision, ResultRow
from judging.publication.leaderboards import published_results
from judging.services.results import reason_text

SALT = "judging.certificate"
DIGEST_LENGTH = 20


def _digest(row_id):
    return salted_hmac(SALT, f"certificate:{row_id}").hexdigest()[:DIGEST_LENGTH]


def certificate_code(row):
    return f"{row.pk}-{_digest(row.pk)}"


def _row_id(code):
    """The result row id of a genuine code (its HMAC matches), else None."""
    row_id, _sep, digest = (code or "").partition("-")
    if not row_id.isdigit() or not constant_time_compare(digest, _digest(int(row_id))):
        return None
    return int(row_id)


def removal_for_code(code):
    """The decision that removed the entry of the row this genuine code names from its
    round's list after an objection, or None. Such an entry has no certificate."""
    row_id = _row_id(code)
    row = ResultRow.objects.filter(pk=row_id).values("entry_id", "result__round_id").first() \
        if row_id is not None else None
    if row is None:
        return None
    return (ObjectionDecision.objects
            .filter(action=EntryDecisionAction.REMOVE, result__isnull=False,
                    objection__entry_id=row["entry_id"],
                    result__round_id=row["result__round_id"])
            .select_related("objection__entry__innovation", "result__round__competition")
            .first())


def withdrawal_for_code(code):
    """For a genuine code whose row was selected but whose entry is no longer selected
    in its round's current, published snapshot (removed after an objection, or out after
    a re-score): {"date", "reason", "innovation", "tier", "competition"}; else None."""
    row_id = _row_id(code)
    row = (ResultRow.objects.filter(pk=row_id, selected=True)
           .values("entry_id", "result__round_id").first() if row_id is not None else None)
    if row is None:
        return None
    current = (ResultRow.objects.filter(entry_id=row["entry_id"],
                                        result__in=published_results(),
                                        result__round_id=row["result__round_id"])
               .select_related("result__round__competition", "entry__innovation").first())
    if current is None or current.selected:
        return None
    # The snapshot that took it off the list: the earliest of the unselected streak.
    changed = current.result
    while changed.supersedes_id is not None and not ResultRow.objects.filter(
            result_id=changed.supersedes_id, entry_id=row["entry_id"], selected=True).exists():
        changed = changed.supersedes
    round_ = current.result.round
    return {"date": timezone.localtime(changed.created_at),
            "reason": reason_text(current.reason_code, current.reason_params),
            "innovation": current.entry.innovation.title,
            "tier": round_.get_tier_display() or round_.name,
            "competition": round_.competition.name}


def awarded_row_for_code(code):
    """The selected row of a published, tier-granting result this code certifies, or None.
    Only the round's current snapshot counts (published_results), so an entry removed
    after an objection is never certified."""
    row_id = _row_id(code)
    if row_id is None:
        return None
    return (
        ResultRow.objects.filter(pk=row_id, selected=True,
                                 result__in=published_results())
        .select_related("result__round__competition", "entry__innovation__agency__province")
        .first()
    )


def certificate_facts(row):
    """What the certificate states, as plain values (the PDF and the check page share it)."""
    round_ = row.result.round
    competition = round_.competition
    innovation = row.entry.innovation
    published_at = row.result.published_at or row.result.created_at
    return {
        "innovation": innovation.title,
        "unit": innovation.unit.name if innovation.unit_id else "",
        "agency": innovation.agency.name,
        "tier": tier_label(round_.tier),
        "competition": competition.name,
        "year": competition.year,
        "date": timezone.localtime(published_at).date(),
    }


GREEN = colors.HexColor("#063b30")
GOLD = colors.HexColor("#c99a1c")


def _emblem(pdf, *, x, y, radius):
    """The portal's emblem, drawn as vectors: a gold ring, a green disc and an
    eight-pointed star (the same shapes as portal/static/img/logo.svg, no image file)."""
    pdf.setFillColor(GOLD)
    pdf.circle(x, y, radius, stroke=0, fill=1)
    pdf.setFillColor(GREEN)
    pdf.circle(x, y, radius * 0.86, stroke=0, fill=1)
    pdf.setFillColor(colors.white)
    star = pdf.beginPath()
    for point in range(16):
        angle = math.pi / 2 + point * math.pi / 8
        r = radius * (0.62 if point % 2 == 0 else 0.30)
        px, py = x + r * math.cos(angle), y + r * math.sin(angle)
        if point == 0:
            star.moveTo(px, py)
        else:
            star.lineTo(px, py)
    star.close()
    pdf.drawPath(star, stroke=0, fill=1)


def _qr_code(pdf, data, *, x, y, size):
    """A QR code of ``data`` drawn as vector squares (segno), bottom-left at (x, y)."""
    qr = segno.make(data, error="m")
    matrix = [list(line) for line in qr.matrix_iter(border=2)]
    module = size / len(matrix)
    pdf.setFillColor(colors.white)
    pdf.rect(x, y, size, size, stroke=0, fill=1)
    pdf.setFillColor(colors.black)
    for row_number, line in enumerate(matrix):
        for column, dark in enumerate(line):
            if dark:
                pdf.rect(x + column * module, y + size - (row_number + 1) * module,
                         module, module, stroke=0, fill=1)


def _centred_lines(pdf, text, *, font, size, y, width, centre, leading, max_lines):
    pdf.setFont(font, size)
    for line in simpleSplit(text, font, size, width)[:max_lines]:
        pdf.drawCentredString(centre, y, line)
        y -= leading
    return y


def render_pdf(row, *, verify_url):
    """A one-page A4 landscape certificate filling the page: emblem, innovation, unit and
    agency, tier and edition, date, the signatory block and a QR code that opens the
    verification page. Returns the PDF bytes."""
    facts = certificate_facts(row)
    buffer = io.BytesIO()
    width, height = landscape(A4)
    pdf = canvas.Canvas(buffer, pagesize=(width, height), pageCompression=1)
    pdf.setTitle(f"{_('Certificate')} · {facts['innovation']}")
    pdf.setAuthor(settings.WAGTAIL_SITE_NAME)

    pdf.setStrokeColor(GREEN)
    pdf.setLineWidth(8)
    pdf.rect(22, 22, width - 44, height - 44)
    pdf.setStrokeColor(GOLD)
    pdf.setLineWidth(2)
    pdf.rect(36, 36, width - 72, height - 72)

    centre = width / 2
    _emblem(pdf, x=centre, y=height - 92, radius=34)
    pdf.setFillColor(GREEN)
    pdf.setFont("Helvetica-Bold", 11)
    pdf.drawCentredString(centre, height - 146, settings.WAGTAIL_SITE_NAME.upper())

    pdf.setFont("Helvetica-Bold", 36)
    pdf.drawCentredString(centre, height - 190, _("Certificate of Award"))
    pdf.setFillColor(colors.black)
    pdf.setFont("Helvetica", 14)
    pdf.drawCentredString(centre, height - 218,
                          _("This certifies that the public-service innovation"))
    pdf.setFillColor(GREEN)
    y = _centred_lines(pdf, facts["innovation"], font="Helvetica-Bold", size=24,
                       y=height - 254, width=width - 180, centre=centre, leading=28,
                       max_lines=2)
    pdf.setFillColor(colors.black)
    by = f"{facts['unit']} · {facts['agency']}" if facts["unit"] else facts["agency"]
    y = _centred_lines(pdf, _("by %(agency)s") % {"agency": by}, font="Helvetica", size=14,
                       y=y - 4, width=width - 200, centre=centre, leading=18, max_lines=2)
    pdf.setLineWidth(1.5)
    pdf.setStrokeColor(GOLD)
    pdf.line(centre - 160, y + 4, centre + 160, y + 4)
    pdf.setFillColor(GREEN)
    pdf.setFont("Helvetica-Bold", 28)
    pdf.drawCentredString(centre, y - 30, f"{facts['tier']} · {facts['competition']}")
    pdf.setFillColor(colors.black)
    pdf.setFont("Helvetica", 13)
    pdf.drawCentredString(centre, y - 54, _("Edition %(year)s · announced on %(date)s") % {
        "year": facts["year"], "date": date_format(facts["date"], "DATE_FORMAT")})
    pdf.setFont("Helvetica", 10)
    pdf.setFillColor(colors.HexColor("#444444"))
    pdf.drawCentredString(centre, y - 96, _("Certificate number %(code)s")
                          % {"code": certificate_code(row)})
    pdf.setFillColor(colors.black)

    # Bottom band: signatory on the right, QR code and its address on the left.
    base = 64
    signatory_x = width - 230
    pdf.setStrokeColor(colors.black)
    pdf.setLineWidth(0.8)
    pdf.line(signatory_x - 110, base + 46, signatory_x + 110, base + 46)
    pdf.setFont("Helvetica-Bold", 12)
    pdf.drawCentredString(signatory_x, base + 30, settings.CERTIFICATE_SIGNATORY_NAME)
    pdf.setFont("Helvetica", 11)
    pdf.drawCentredString(signatory_x, base + 15, settings.CERTIFICATE_SIGNATORY_TITLE)
    pdf.drawCentredString(signatory_x, base, facts["competition"])

    qr_size = 92
    _qr_code(pdf, verify_url, x=64, y=base - 12, size=qr_size)
    pdf.setFont("Helvetica", 10)
    text_x = 64 + qr_size + 12
    pdf.drawString(text_x, base + 44, _("Check that this certificate is genuine:"))
    pdf.drawString(text_x, base + 30, _("scan the code or open"))
    pdf.setFont("Courier", 8)
    for number, line in enumerate(simpleSplit(verify_url, "Courier", 8, 230)[:3]):
        pdf.drawString(text_x, base + 16 - number * 10, line)
    pdf.linkURL(verify_url, (64, base - 12, text_x + 230, base + qr_size - 12), relative=0)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
