"""Accounts forms."""

from django import forms
from django.utils.translation import gettext_lazy as _

from gcmhub.accounts.models import ApiToken


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=ApiToken._meta.get_field("name").max_length,
        help_text=_("What the token is for, such as the script or system that will use it."),
    )
