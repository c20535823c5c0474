"""Award certificates: an unguessable verification code and the PDF (reportlab).

The code is "<result row id>-<20 hex digits of an HMAC>" keyed by SECRET_KEY, so it
needs no stored token, cannot be forged without the key and still finds its row in
one query. Rotating SECRET_KEY invalidates every printed code; production keeps the
key stable (see README).
"""

import io

from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas

from innovations.models import tier_label
from judging.models import ResultRow
from judging.publication.leaderboards import published_results

SALT = "judging.certificate"
DIGEST_LENGTH = 20


def _digest(row_id):
    return salted_hmac(SALT, f"certificate:{row_id}").hexdigest()[:DIGEST_LENGTH]


def certificate_code(row):
    return f"{row.pk}-{_digest(row.pk)}"


def awarded_row_for_code(code):
    """The selected row of a published, tier-granting result this code certifies, or None."""
    row_id, _sep, digest = (code or "").partition("-")
    if not row_id.isdigit() or not constant_time_compare(digest, _digest(int(row_id))):
        return None
    return (
        ResultRow.objects.filter(pk=int(row_id), selected=True,
                                 result__in=published_results())
        .select_related("result__round__competition", "entry__innovation__agency__province")
        .first()
    )


def certificate_facts(row):
    """What the certificate states, as plain values (the PDF and the check page share it)."""
    round_ = row.result.round
    competition = round_.competition
    published_at = row.result.published_at or row.result.created_at
    return {
        "innovation": row.entry.innovation.title,
        "agency": row.entry.innovation.agency.name,
        "tier": tier_label(round_.tier),
        "competition": competition.name,
        "year": competition.year,
        "date": timezone.localtime(published_at).date(),
    }


def render_pdf(row, *, verify_url):
    """A one-page A4 landscape certificate; returns the PDF bytes."""
    facts = certificate_facts(row)
    buffer = io.BytesIO()
    width, height = landscape(A4)
    pdf = canvas.Canvas(buffer, pagesize=(width, height), pageCompression=1)
    pdf.setTitle(f"{_('Certificate')} · {facts['innovation']}")
    pdf.setAuthor(facts["competition"])

    green, gold = colors.HexColor("#063b30"), colors.HexColor("#c99a1c")
    pdf.setStrokeColor(green)
    pdf.setLineWidth(6)
    pdf.rect(24, 24, width - 48, height - 48)
    pdf.setStrokeColor(gold)
    pdf.setLineWidth(2)
    pdf.rect(36, 36, width - 72, height - 72)

    centre = width / 2
    y = height - 110
    pdf.setFillColor(green)
    pdf.setFont("Helvetica-Bold", 34)
    pdf.drawCentredString(centre, y, _("Certificate of Award"))
    y -= 34
    pdf.setFont("Helvetica", 15)
    pdf.setFillColor(colors.black)
    pdf.drawCentredString(centre, y, _("This certifies that the public-service innovation"))
    y -= 42
    pdf.setFont("Helvetica-Bold", 22)
    for line in simpleSplit(facts["innovation"], "Helvetica-Bold", 22, width - 160)[:3]:
        pdf.drawCentredString(centre, y, line)
        y -= 28
    pdf.setFont("Helvetica", 15)
    y -= 4
    pdf.drawCentredString(centre, y, _("by %(agency)s") % {"agency": facts["agency"]})
    y -= 40
    pdf.setFillColor(green)
    pdf.setFont("Helvetica-Bold", 26)
    pdf.drawCentredString(centre, y, f"{facts['tier']} · {facts['competition']}")
    y -= 30
    pdf.setFillColor(colors.black)
    pdf.setFont("Helvetica", 13)
    pdf.drawCentredString(
        centre, y, _("Edition %(year)s · announced on %(date)s") % {
            "year": facts["year"], "date": date_format(facts["date"], "DATE_FORMAT")},
    )
    pdf.setFont("Helvetica", 10)
    pdf.drawCentredString(centre, 70, _("Check that this certificate is genuine at:"))
    pdf.setFont("Courier", 10)
    pdf.drawCentredString(centre, 56, verify_url)
    pdf.linkURL(verify_url, (centre - 250, 50, centre + 250, 68), relative=0)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
