from __future__ import annotations

import secrets
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.template import loader
from django.urls import reverse
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice
from two_factor.utils import get_otpauth_url, totp_digits
from two_factor.views import BackupTokensView, DisableView, LoginView, QRGeneratorView, SetupView

from alongside.accounts import selectors, services, stepup
from alongside.accounts.forms import (
    BACKUP_CODE_LABEL,
    CODE_ERROR,
    CODE_LABEL,
    OTP_ERROR_MESSAGES,
    AcceptInvitationForm,
    ActiveForm,
    ConfirmCodeForm,
    InvitationForm,
    ProfileForm,
    RoleForm,
    SignInForm,
    TokenForm,
    UserFilterForm,
)
from alongside.accounts.models import User
from alongside.core.forms import add_validation_errors, flash_outcome
from alongside.core.paging import page_context
from alongside.outbox.services import outbox_email_enqueue


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _require(request: HttpRequest, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


class SignInView(LoginView):
    """two_factor's sign-in wizard with our wording: email and password, then a code if enrolled."""

    form_list = (
        (LoginView.AUTH_STEP, SignInForm),
        *LoginView.form_list[1:],
    )

    @classmethod
    def get_prefix(cls, request: HttpRequest, *args: Any, **kwargs: Any) -> str:
        return "login_view"  # the field names two_factor (and our tests) use: "login_view-current_step"

    def get_form(self, step: str | None = None, **kwargs: Any) -> forms.Form:
        form = super().get_form(step=step, **kwargs)
        if "otp_token" in form.fields:
            current = step or self.steps.current
            backup = current == self.BACKUP_STEP
            form.fields["otp_token"].label = BACKUP_CODE_LABEL if backup else CODE_LABEL
            if not backup:
                form.fields["otp_token"].widget.attrs["inputmode"] = "numeric"
            form.otp_error_messages = {**form.otp_error_messages, **OTP_ERROR_MESSAGES}  # type: ignore[attr-defined]
        return form

    def done(self, form_list: Any, **kwargs: Any) -> HttpResponse:
        response = super().done(form_list, **kwargs)
        if isinstance(getattr(self.get_user(), "otp_device", None), TOTPDevice) and not self.remember_agent:
            stepup.stepup_record(self.request)  # a code from the app was entered just now
        return response


class TwoFactorSetupView(SetupView):
    """two_factor's setup wizard; the code that confirms the new authenticator is spent at once."""

    @classmethod
    def get_prefix(cls, request: HttpRequest, *args: Any, **kwargs: Any) -> str:
        return "setup_view"

    def get_form(self, step: str | None = None, **kwargs: Any) -> forms.Form:
        form = super().get_form(step=step, **kwargs)
        if "token" in form.fields:
            form.fields["token"].label = CODE_LABEL
            form.error_messages = {**getattr(form, "error_messages", {}), "invalid_token": CODE_ERROR}  # type: ignore[attr-defined]
        return form

    def get_context_data(self, form: forms.Form, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(form, **kwargs)
        if "secret_key" in context:
            # Name the account "Alongside" in the app, not whatever host name the request used.
            context["issuer"] = settings.OTP_TOTP_ISSUER
            context["otpauth_url"] = get_otpauth_url(
                _user(self.request).get_username(), context["secret_key"], settings.OTP_TOTP_ISSUER, totp_digits()
            )
        return context

    def done(self, form_list: Any, **kwargs: Any) -> HttpResponse:
        response = super().done(form_list, **kwargs)
        device = getattr(self.request.user, "otp_device", None)
        if isinstance(device, TOTPDevice):
            services.two_factor_enrolment_record(user=_user(self.request), device=device)
            stepup.stepup_record(self.request)
        return response


@method_decorator(stepup.require_recent_otp, name="dispatch")
class TwoFactorDisableView(DisableView):
    """Turning two-step sign-in off needs a recent code; it removes every device and is audited."""

    def form_valid(self, form: forms.Form) -> HttpResponse:
        services.two_factor_disable(user=_user(self.request))
        messages.info(self.request, _("Two-step sign-in is off."))
        return redirect(self.success_url)


@method_decorator(stepup.require_recent_otp, name="dispatch")
class TwoFactorBackupCodesView(BackupTokensView):
    """Seeing or making backup codes needs a recent code; a new set replaces the old and is audited."""

    def form_valid(self, form: forms.Form) -> HttpResponse:
        services.two_factor_backup_codes_renew(user=_user(self.request), count=self.number_of_tokens)
        return redirect(self.success_url)


class TwoFactorQRView(QRGeneratorView):
    """The setup QR code, with the same account name as the setup page's link."""

    def get_issuer(self) -> str:
        return str(settings.OTP_TOTP_ISSUER)


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = ProfileForm(
        request.POST or None, initial={"full_name": user.full_name, "preferred_language": user.preferred_language}
    )
    if request.method == "POST" and form.is_valid():
        services.user_update_profile(user=user, **form.cleaned_data)
        translation.activate(user.preferred_language)
        messages.success(request, _("Your details are saved."))
        response = redirect("accounts:profile")
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, user.preferred_language, samesite="Lax")
        return response
    return render(request, "accounts/profile.html", {"form": form, "has_device": user_has_device(user)})


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.info(request, _("You are signed out."))
    return redirect("two_factor:login")


@login_required
@require_POST
def sign_out_everywhere(request: HttpRequest) -> HttpResponse:
    services.user_sign_out_everywhere(user=_user(request))
    logout(request)
    messages.info(request, _("You are signed out on every device. Sign in again to continue here."))
    return redirect("two_factor:login")


@login_required
@never_cache
def confirm_code(request: HttpRequest) -> HttpResponse:
    """Enter a current code from the authenticator app, then go on to the action that asked for it."""
    user = _user(request)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, require_https=request.is_secure()):
        next_url = ""
    if not stepup.can_step_up(user):
        return render(request, "accounts/confirm_code.html", {"can_step_up": False, "next": next_url})
    form = ConfirmCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            stepup.stepup_verify(request, code=form.cleaned_data["otp_token"])
        except stepup.CodeNotAccepted as exc:
            form.add_error("otp_token", str(exc))
        else:
            return HttpResponseRedirect(next_url) if next_url else redirect("accounts:profile")
    return render(request, "accounts/confirm_code.html", {"can_step_up": True, "form": form, "next": next_url})


@login_required
@never_cache  # the new secret is on this page once; no cache may keep it
@stepup.require_recent_otp(methods={"POST"})
def token_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = TokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_token = services.api_token_create(user=user, name=form.cleaned_data["name"])
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            form = TokenForm()
    tokens = selectors.token_list(viewer=user)
    context = {"form": form, "tokens": tokens, "new_token": new_token, "can_step_up": stepup.can_step_up(user)}
    return render(request, "accounts/tokens.html", context)


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = selectors.token_get(viewer=_user(request), token_id=token_id)
    services.api_token_revoke(actor=_user(request), token=token)
    messages.success(request, _("The token “%(name)s” no longer works.") % {"name": token.name})
    return redirect("accounts:token_list")


@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    _require(request, "accounts.view_user_list")
    filters = UserFilterForm(request.GET or None)
    criteria: dict[str, Any] = filters.cleaned_data if filters.is_valid() else {}
    users = selectors.user_list(
        viewer=_user(request),
        query=criteria.get("q", ""),
        role=criteria.get("role", ""),
        active=criteria.get("active", ""),
    )
    context: dict[str, Any] = {
        "filters": filters,
        "can_manage": request.user.has_perm("accounts.manage_users"),
        **page_context(request, users),
    }
    if request.user.has_perm("accounts.manage_users"):
        context["invitations"] = [i for i in selectors.invitation_list(viewer=_user(request))[:50] if i.is_open]
    template = "accounts/_user_table.html" if getattr(request, "htmx", False) else "accounts/user_list.html"
    return render(request, template, context)


@login_required
def user_detail(request: HttpRequest, user_id: int) -> HttpResponse:
    person = selectors.user_get(viewer=_user(request), user_id=user_id)
    can_change = request.user.has_perm("accounts.change_user_role", person)
    role_form = RoleForm(initial={"role": person.role}) if can_change else None
    return render(
        request, "accounts/user_detail.html", {"person": person, "role_form": role_form, "can_change": can_change}
    )


@login_required
@require_POST
def user_role(request: HttpRequest, user_id: int) -> HttpResponse:
    person = selectors.user_get(viewer=_user(request), user_id=user_id, perm="accounts.change_user_role")
    form = RoleForm(request.POST)
    if form.is_valid():
        flash_outcome(
            request,
            lambda: services.user_change_role(actor=_user(request), user=person, role=form.cleaned_data["role"]),
            success=_("The role is changed. Their open sessions have ended."),
        )
    else:
        messages.error(request, _("Choose a role from the list."))
    return redirect("accounts:user_detail", user_id=person.pk)


@login_required
@require_POST
def user_active(request: HttpRequest, user_id: int) -> HttpResponse:
    person = selectors.user_get(viewer=_user(request), user_id=user_id, perm="accounts.change_user_role")
    form = ActiveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether the account is active or deactivated."))
        return redirect("accounts:user_detail", user_id=person.pk)
    active = form.cleaned_data["active"]
    flash_outcome(
        request,
        lambda: services.user_set_active(actor=_user(request), user=person, active=active),
        success=_("The account is active again.")
        if active
        else _("The account is deactivated. Their sessions and API tokens have ended."),
    )
    return redirect("accounts:user_detail", user_id=person.pk)


@login_required
def invitation_create(request: HttpRequest) -> HttpResponse:
    _require(request, "accounts.manage_users")
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_create(actor=_user(request), **form.cleaned_data)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("Invitation sent. The link works for 14 days."))
            return redirect("accounts:user_list")
    return render(request, "accounts/invitation_form.html", {"form": form})


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, invitation_id: int) -> HttpResponse:
    _require(request, "accounts.manage_users")
    invitation = selectors.invitation_get(viewer=_user(request), invitation_id=invitation_id)
    services.invitation_revoke(actor=_user(request), invitation=invitation)
    messages.success(request, _("The invitation is cancelled. Its link no longer works."))
    return redirect("accounts:user_list")


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation, problem = services.invitation_check(token)
    if problem is not None:
        return render(request, "accounts/invitation_invalid.html", {"problem": str(problem)}, status=404)
    form = AcceptInvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(raw_token=token, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            login(request, user, backend="alongside.accounts.backends.EmailBackend")
            messages.success(request, _("Welcome to Alongside. Your account is ready."))
            return redirect("home")
    return render(request, "accounts/invitation_accept.html", {"form": form, "invitation": invitation})


@login_required
def network(request: HttpRequest) -> HttpResponse:
    _require(request, "accounts.view_network")
    rows = selectors.network_organizations(viewer=_user(request))
    return render(request, "accounts/network.html", {"rows": rows})


class OutboxPasswordResetForm(PasswordResetForm):
    """Sends the reset email through the outbox, so a crash never loses or repeats it."""

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
        # The link points at our own address, never at whatever Host header the request carried.
        path = reverse("accounts:password_reset_confirm", kwargs={"uidb64": context["uid"], "token": context["token"]})
        context = {**context, "reset_url": settings.SITE_URL.rstrip("/") + path}
        with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
            subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
            body = loader.render_to_string(email_template_name, context)
        outbox_email_enqueue(
            key=f"password-reset:{context['uid']}:{secrets.token_hex(8)}",
            to=to_email,
            subject=subject,
            body=body,
            organization_id=user.organization.pk if user.organization else None,
        )
