"""Accounts forms: API tokens, invitations, joining by invitation, and the password reset e-mail."""

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import BaseUserCreationForm, PasswordResetForm, UsernameField
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from gcmhub.accounts.models import ApiToken, Role
from gcmhub.accounts.queries import languages_of
from gcmhub.reference.models import Organization


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=ApiToken._meta.get_field("name").max_length,
        help_text=_("What the token is for, such as the script or system that will use it."),
    )


class OrganizationChoiceField(forms.ModelChoiceField[Organization]):
    def label_from_instance(self, obj: Organization) -> str:
        return f"{obj.acronym} — {obj.name}"


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    organization = OrganizationChoiceField(
        label=_("Organization"), queryset=Organization.objects.order_by("acronym")
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    language = forms.ChoiceField(
        label=_("Language of the invitation"),
        choices=settings.LANGUAGES,
        help_text=_("The e-mail is written in this language, and the new account starts in it."),
    )


class JoinForm(BaseUserCreationForm):
    """A new account from an invitation: username, name and a password the validators accept. The form
    only checks the input; `actions.join_by_invitation` creates the account."""

    class Meta:
        model = get_user_model()
        fields = ("username", "first_name", "last_name")
        field_classes = {"username": UsernameField}

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        # The address is the invitation's; the validators compare the password with it too.
        super().__init__(*args, instance=get_user_model()(email=email), **kwargs)


class LocalizedPasswordResetForm(PasswordResetForm):
    """Django's reset form, writing the e-mail in the language its recipient last read the site in."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        user = context["user"]
        with translation.override(languages_of([user.pk])[user.pk]):
            super().send_mail(
                subject_template_name,
                email_template_name,
                context,
                from_email,
                to_email,
                html_email_template_name=html_email_template_name,
            )
