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
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice
from two_factor.views import LoginView, SetupView

from alongside.accounts import selectors, services
from alongside.accounts.forms import (
    BACKUP_CODE_LABEL,
    CODE_ERROR,
    CODE_LABEL,
    OTP_ERROR_MESSAGES,
    AcceptInvitationForm,
    ActiveForm,
    InvitationForm,
    ProfileForm,
    RoleForm,
    SignInForm,
    TokenForm,
    UserFilterForm,
)
from alongside.accounts.models import User
from alongside.core.forms import add_validation_errors
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
            form.fields["otp_token"].label = BACKUP_CODE_LABEL if current == self.BACKUP_STEP else CODE_LABEL
            form.otp_error_messages = {**form.otp_error_messages, **OTP_ERROR_MESSAGES}  # type: ignore[attr-defined]
        return form


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

    def done(self, form_list: Any, **kwargs: Any) -> HttpResponse:
        response = super().done(form_list, **kwargs)
        device = getattr(self.request.user, "otp_device", None)
        if isinstance(device, TOTPDevice):
            services.two_factor_enrolment_record(user=_user(self.request), device=device)
            messages.success(self.request, _("Two-step sign-in is on."))
        return response


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = ProfileForm(request.POST or None, initial={"full_name": user.full_name, "preferred_language": user.preferred_language})
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
    return render(request, "accounts/tokens.html", {"form": form, "tokens": tokens, "new_token": new_token})


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
        viewer=_user(request), query=criteria.get("q", ""), role=criteria.get("role", ""), active=criteria.get("active", "")
    )
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    context = {"filters": filters, "page": page, "can_manage": request.user.has_perm("accounts.manage_users")}
    if request.user.has_perm("accounts.manage_users"):
        context["invitations"] = [i for i in selectors.invitation_list(viewer=_user(request))[:50] if i.is_open]
    template = "accounts/_user_table.html" if getattr(request, "htmx", False) else "accounts/user_list.html"
    return render(request, template, context)


@login_required
def user_detail(request: HttpRequest, user_id: int) -> HttpResponse:
    person = selectors.user_get(viewer=_user(request), user_id=user_id)
    can_change = request.user.has_perm("accounts.change_user_role", person)
    role_form = RoleForm(initial={"role": person.role}) if can_change else None
    return render(request, "accounts/user_detail.html", {"person": person, "role_form": role_form, "can_change": can_change})


@login_required
@require_POST
def user_role(request: HttpRequest, user_id: int) -> HttpResponse:
    person = selectors.user_get(viewer=_user(request), user_id=user_id, perm="accounts.change_user_role")
    form = RoleForm(request.POST)
    if form.is_valid():
        try:
            services.user_change_role(actor=_user(request), user=person, role=form.cleaned_data["role"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The role is changed. Their open sessions have ended."))
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
    try:
        services.user_set_active(actor=_user(request), user=person, active=active)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("The account is active again.") if active else _("The account is deactivated. Their sessions and API tokens have ended."),
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
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
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
