"""manage.py backup and restore: a round trip gives back every row and media file."""

import tarfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.core.management import CommandError, call_command
from wagtail.models import ModelLogEntry, Page

from innovations.models import Agency, InnovationPage
from tests.factories import AgencyFactory, InnovationPageFactory, innovation_index

pytestmark = pytest.mark.django_db


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STORAGES = {**settings.STORAGES, "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None}}}
    return tmp_path / "media"


def test_backup_then_restore_gives_back_rows_audit_log_and_media(home_page, media_root,
                                                                  tmp_path):
    index = innovation_index(home_page)
    agency = AgencyFactory(name="Pemerintah Kota Contoh")
    page = InnovationPageFactory(parent=index, agency=agency, title="Layanan Sebelum Cadangan")
    ModelLogEntry.objects.log_action(agency, "wagtail.edit", data={"note": "diperiksa"})
    default_storage.save("documents/sk.pdf", ContentFile(b"%PDF-1.4 contoh"))
    # An unpublished proposal's image, in private storage (portal/media.py).
    default_storage.save("original_images/usulan-abc.jpg", ContentFile(b"foto"))
    storages["private"].save("jobs/hasil.csv", ContentFile(b"a,b"))
    archive = tmp_path / "cadangan.tar.gz"
    pages_before = Page.objects.count()

    call_command("backup", str(archive))
    # Things change after the backup: a profile renamed, an agency added, the file lost.
    InnovationPage.objects.filter(pk=page.pk).update(title="Diubah")
    AgencyFactory(name="Instansi Baru")
    default_storage.delete("documents/sk.pdf")
    default_storage.delete("original_images/usulan-abc.jpg")
    call_command("restore", str(archive), "--yes")

    assert InnovationPage.objects.get(pk=page.pk).title == "Layanan Sebelum Cadangan"
    assert list(Agency.objects.values_list("name", flat=True)) == ["Pemerintah Kota Contoh"]
    assert Page.objects.count() == pages_before
    assert Page.find_problems() == ([], [], [], [], [])
    assert ModelLogEntry.objects.filter(data__note="diperiksa").count() == 1
    with default_storage.open("documents/sk.pdf", "rb") as handle:
        assert handle.read() == b"%PDF-1.4 contoh"
    with storages["private"].open("original_images/usulan-abc.jpg", "rb") as handle:
        assert handle.read() == b"foto"
    assert not (media_root / "original_images" / "usulan-abc.jpg").exists()
    # Background job results are not media: not in the archive.
    with tarfile.open(archive) as backup:
        assert "media/jobs/hasil.csv" not in backup.getnames()


def test_restore_needs_confirmation_and_a_real_backup(tmp_path):
    not_a_backup = tmp_path / "lain.tar.gz"
    with tarfile.open(not_a_backup, "w:gz"):
        pass

    with pytest.raises(CommandError, match="add --yes"):
        call_command("restore", str(not_a_backup))
    with pytest.raises(CommandError, match="is not a backup"):
        call_command("restore", str(not_a_backup), "--yes")
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("restore", str(tmp_path / "missing.tar.gz"), "--yes")
