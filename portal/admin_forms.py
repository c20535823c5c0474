"""The Wagtail admin's sign-in form with a translatable password label.

Wagtail's LoginForm declares ``password`` without a label, so Django derives an English
"Password" from the field name whatever the language.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm


class PortalLoginForm(LoginForm):
    password = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"placeholder": _("Enter password")}),
        strip=False,
    )
