from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from alongside.accounts.roles import Role

INVITABLE_ROLES = [(value, label) for value, label in Role.choices if value != Role.NETWORK_ADMIN]


class SignInForm(AuthenticationForm):
    """Email and password. One message for every failure, so it never tells whether an account exists."""

    error_messages = {
        "invalid_login": _("That email address and password do not match an account. Check them and try again."),
        "inactive": _("That email address and password do not match an account. Check them and try again."),
    }

    def __init__(self, request: Any = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("Email address")
        self.fields["username"].widget.input_type = "email"
        self.fields["username"].widget.attrs.update({"autocomplete": "email"})
        self.fields["password"].label = _("Password")

    def clean_username(self) -> str:
        return str(self.cleaned_data.get("username") or "").strip().lower()


# The one-time code at sign-in and during setup: plain words instead of "token".
CODE_LABEL = _("6-digit code from your authenticator app")
CODE_ERROR = _("That code did not work. Check the code in your app and try again. Each code works only once.")
BACKUP_CODE_LABEL = _("Backup code")
OTP_ERROR_MESSAGES = {
    "token_required": _("Enter the code."),
    "invalid_token": CODE_ERROR,
    "verification_not_allowed": _("Too many codes did not work. Wait a little, then try again."),
    "n_failed_attempts": _("Too many codes did not work. Wait a little, then try again."),
}


class ConfirmCodeForm(forms.Form):
    """A current code from the authenticator app, before an action that needs one (step-up)."""

    otp_token = forms.CharField(
        label=CODE_LABEL,
        max_length=8,
        error_messages={"required": OTP_ERROR_MESSAGES["token_required"]},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}),
    )


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    role = forms.ChoiceField(label=_("Role"), choices=INVITABLE_ROLES)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=INVITABLE_ROLES)


class AcceptInvitationForm(forms.Form):
    full_name = forms.CharField(label=_("Your name"), max_length=200, help_text=_("The name your team will see."))
    password = forms.CharField(
        label=_("Choose a password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters. A few words you can remember work well."),
    )


class ActiveForm(forms.Form):
    active = forms.TypedChoiceField(
        label=_("Account status"),
        choices=[("1", _("Active")), ("0", _("Deactivated"))],
        coerce=lambda value: value == "1",
    )


class ProfileForm(forms.Form):
    full_name = forms.CharField(label=_("Your name"), max_length=200)
    preferred_language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"), max_length=100, help_text=_("For example, the name of the system that will use it.")
    )


class UserFilterForm(forms.Form):
    q = forms.CharField(label=_("Search by name or email"), required=False)
    role = forms.ChoiceField(label=_("Role"), required=False, choices=[("", _("Any role")), *Role.choices])
    active = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any")), ("yes", _("Active")), ("no", _("Deactivated"))]
    )
