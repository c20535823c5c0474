"""Builders for the workspace: proposal text that passes every competition rule, and a
proposal made through the services as a unit would make it."""

import datetime

from django.utils import timezone

from innovations import services
from innovations.models import Category
from innovations.sections import SECTIONS


def words(n, word="kata"):
    return " ".join([word] * n)


def complete_data(**overrides):
    """Valid values for every field a competition checks."""
    data = {section.key: words(20, section.key) for section in SECTIONS}
    data.update({
        "category": Category.objects.filter(is_active=True).order_by("pk").first(),
        "group": "umum",
        "started_on": timezone.localdate() - datetime.timedelta(days=365 * 3),
    })
    data.update(overrides)
    return data


def make_proposal(*, unit, user, title="Layanan Antar Dokumen Kependudukan", **overrides):
    page = services.create_proposal(unit=unit, user=user, title=title)
    services.save_proposal(innovation=page, user=user, data=complete_data(**overrides))
    page.refresh_from_db()
    return page
