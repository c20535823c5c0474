"""Admin hooks of the results publication: the archive import screen and its log action.

Imported from JudgingConfig.ready() (Wagtail only autoloads wagtail_hooks.py, which
the judging screens own); hooks.register works from any module imported at startup.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import path, reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from judging.importer import COLUMNS, import_results
from judging.services.permissions import is_secretariat

MAX_UPLOAD = 5 * 1024 * 1024


class ArchiveImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("UTF-8, with the header: %(columns)s") % {"columns": ",".join(COLUMNS)},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError(_("Choose a .csv file."))
        return upload


def archive_import_view(request):
    """Secretariat and superusers only (the admin already requires admin access)."""
    if not is_secretariat(request.user):
        raise PermissionDenied
    report = None
    form = ArchiveImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = import_results(file=form.cleaned_data["file"], user=request.user)
        except UnicodeDecodeError:
            form.add_error("file", _("The file is not UTF-8 text."))
    return render(request, "judging/admin/archive_import.html", {
        "form": form, "report": report, "columns": ",".join(COLUMNS),
        "action_url": reverse("judging_archive_import"),
    })


@hooks.register("register_admin_urls")
def register_archive_import_url():
    return [path("arsip-hasil/impor/", archive_import_view, name="judging_archive_import")]


class _SecretariatMenuItem(MenuItem):
    def is_shown(self, request):
        return is_secretariat(request.user)


@hooks.register("register_judging_menu_item")
def register_archive_import_menu_item():
    return _SecretariatMenuItem(_("Import past results"), reverse_lazy("judging_archive_import"),
                                name="judging-archive-import", icon_name="upload", order=900)


@hooks.register("register_log_actions")
def register_publication_log_actions(actions):
    actions.register_action("judging.archive_import", _("Import past results"),
                            _("Past results imported"))
