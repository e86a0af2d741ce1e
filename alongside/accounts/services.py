"""Every write to users, memberships, invitations and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from enum import StrEnum

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import devices_for_user
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from alongside.accounts.models import ApiToken, Invitation, Membership, Organization, User
from alongside.accounts.roles import Role
from alongside.audit.models import AuditAction
from alongside.audit.services import audit_record
from alongside.outbox.services import outbox_email_enqueue

INVITATION_DAYS = 14


def _sha256(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def _require_org_admin(actor: User, organization: Organization) -> None:
    membership = actor.active_membership
    if membership is None or membership.role != Role.ORG_ADMIN or membership.organization_id != organization.pk:
        raise PermissionError("Only an organization admin can do this.")


@transaction.atomic
def user_create_with_membership(
    *,
    email: str,
    full_name: str,
    password: str | None,
    organization: Organization,
    role: Role | str,
    actor: User | None = None,
) -> User:
    """Create an account and its membership. Used by invitations, hiring and the demo."""
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("An account with this email address already exists.")})
    user = User.objects.create_user(email=email, password=password, full_name=full_name)
    Membership.objects.create(user=user, organization=organization, role=role)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        organization=organization,
        obj=user,
        changed_fields=["email", "full_name", "role"],
    )
    return user


@transaction.atomic
def invitation_create(*, actor: User, email: str, role: Role | str) -> tuple[Invitation, str]:
    """Invite someone by email to the actor's organization. Returns the invitation and its link token.

    Whether an address has an account in *another* organization is never revealed here (that alone
    can say someone takes part in a program elsewhere); such a link simply cannot be used.
    """
    organization = actor.organization
    if organization is None:
        raise PermissionError("Only an organization admin can do this.")
    _require_org_admin(actor, organization)
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise ValidationError({"email": _("Enter a valid email address, like name@example.org.")}) from exc
    if role not in Role.values:
        raise ValidationError({"role": _("Choose a role from the list.")})
    if role == Role.NETWORK_ADMIN:
        raise ValidationError({"role": _("Network admins are set up by the network, not invited by an organization.")})
    if Membership.objects.filter(organization=organization, user__email__iexact=email).exists():
        raise ValidationError({"email": _("This person already has an account here. Find them on the People page.")})
    # A new invitation replaces any earlier one to the same address, so only one link works.
    for earlier in Invitation.objects.select_for_update().filter(
        organization=organization, email=email, accepted_at__isnull=True, revoked_at__isnull=True
    ):
        invitation_revoke(actor=actor, invitation=earlier)
    raw = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        organization=organization,
        email=email,
        role=role,
        token_hash=_sha256(raw),
        invited_by=actor,
        expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
    )
    audit_record(actor=actor, action=AuditAction.CREATE, obj=invitation, changed_fields=["email", "role"])
    link = settings.SITE_URL.rstrip("/") + reverse("accounts:invitation_accept", args=[raw])
    outbox_email_enqueue(
        key=f"invitation:{invitation.pk}",
        to=email,
        subject=_("You are invited to Alongside"),
        body=_(
            "%(org)s invited you to join Alongside.\n\nOpen this link to set your password. "
            "It works for %(days)d days:\n%(link)s\n\nIf you did not expect this, you can ignore this email."
        )
        % {"org": organization.name, "days": INVITATION_DAYS, "link": link},
        organization_id=organization.pk,
    )
    return invitation, raw


class InvitationProblem(StrEnum):
    """Why an invitation link cannot be used. The link's holder may know; nobody else asks."""

    UNKNOWN = "unknown"
    EXPIRED = "expired"
    USED = "used"
    CANCELLED = "cancelled"
    ACCOUNT_EXISTS = "account_exists"


def invitation_check(raw: str) -> tuple[Invitation | None, InvitationProblem | None]:
    """The invitation a link token opens, and why it cannot be used (None if it can)."""
    invitation = Invitation.objects.select_related("organization").filter(token_hash=_sha256(raw)).first()
    if invitation is None:
        return None, InvitationProblem.UNKNOWN
    if invitation.accepted_at is not None:
        return invitation, InvitationProblem.USED
    if invitation.revoked_at is not None:
        return invitation, InvitationProblem.CANCELLED
    if invitation.expires_at <= timezone.now():
        return invitation, InvitationProblem.EXPIRED
    if User.objects.filter(email__iexact=invitation.email).exists():
        return invitation, InvitationProblem.ACCOUNT_EXISTS
    return invitation, None


@transaction.atomic
def invitation_accept(*, raw_token: str, full_name: str, password: str) -> User:
    """Create the invited person's account and membership, and use up the link."""
    invitation = Invitation.objects.select_for_update().filter(token_hash=_sha256(raw_token)).first()
    if invitation is None or not invitation.is_open:
        raise ValidationError(_("This invitation link has expired or was already used. Ask your admin for a new one."))
    full_name = full_name.strip()
    if not full_name:
        raise ValidationError({"full_name": _("Enter your name.")})
    try:
        validate_password(password, User(email=invitation.email, full_name=full_name))
    except ValidationError as exc:
        raise ValidationError({"password": exc.error_list}) from exc
    user = user_create_with_membership(
        email=invitation.email,
        full_name=full_name,
        password=password,
        organization=invitation.organization,
        role=invitation.role,
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    audit_record(actor=user, action=AuditAction.UPDATE, obj=invitation, changed_fields=["accepted_at"])
    return user


@transaction.atomic
def invitation_revoke(*, actor: User, invitation: Invitation) -> None:
    _require_org_admin(actor, invitation.organization)
    if invitation.accepted_at is None and invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=invitation, changed_fields=["revoked_at"])


@transaction.atomic
def user_change_role(*, actor: User, user: User, role: Role | str) -> Membership:
    membership = Membership.objects.select_for_update().get(user=user)
    _require_org_admin(actor, membership.organization)
    if user.pk == actor.pk:
        raise ValidationError({"role": _("You cannot change your own role. Ask another admin.")})
    if role not in Role.values or role == Role.NETWORK_ADMIN:
        raise ValidationError({"role": _("Choose a role from the list.")})
    if membership.role != role:
        membership.role = role
        membership.save(update_fields=["role", "updated_at"])
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=user, changed_fields=["role"])
        _end_sessions(user)
    return membership


@transaction.atomic
def user_set_active(*, actor: User, user: User, active: bool) -> User:
    """Deactivate (or reactivate) a user. Nobody is deleted; deactivation ends their sessions."""
    membership = Membership.objects.select_for_update().get(user=user)
    _require_org_admin(actor, membership.organization)
    if user.pk == actor.pk and not active:
        raise ValidationError(_("You cannot deactivate yourself. Ask another admin."))
    if user.is_active != active:
        user.is_active = active
        user.save(update_fields=["is_active"])
        membership.is_active = active
        membership.save(update_fields=["is_active", "updated_at"])
        if not active:
            _end_sessions(user)
            ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=user, changed_fields=["is_active"])
    return user


def _end_sessions(user: User) -> None:
    User.objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)
    user.refresh_from_db(fields=["session_epoch"])


@transaction.atomic
def user_sign_out_everywhere(*, user: User) -> None:
    _end_sessions(user)
    audit_record(actor=user, action=AuditAction.LOGOUT, obj=user, reason="signed out everywhere")


@transaction.atomic
def user_update_profile(*, user: User, full_name: str, preferred_language: str) -> User:
    changed = []
    if full_name.strip() and full_name.strip() != user.full_name:
        user.full_name = full_name.strip()
        changed.append("full_name")
    if preferred_language in dict(settings.LANGUAGES) and preferred_language != user.preferred_language:
        user.preferred_language = preferred_language
        changed.append("preferred_language")
    if changed:
        user.save(update_fields=changed)
        audit_record(actor=user, action=AuditAction.UPDATE, obj=user, changed_fields=changed)
    return user


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a personal API token. The secret is returned once and stored only as a hash."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name so you can recognise it later.")})
    raw = settings.API_TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name[:100], prefix=raw[:10], key_hash=_sha256(raw))
    audit_record(actor=user, action=AuditAction.CREATE, obj=token, changed_fields=["name"])
    return token, raw


@transaction.atomic
def api_token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    if token.user_id != actor.pk:
        raise PermissionError("Only the owner can revoke a token.")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=token, changed_fields=["revoked_at"])
    return token


def api_token_authenticate(raw: str) -> User | None:
    """The active user a presented token belongs to, or None."""
    if not raw.startswith(settings.API_TOKEN_PREFIX):
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=_sha256(raw), revoked_at__isnull=True).first()
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


@transaction.atomic
def two_factor_enrolment_record(*, user: User, device: TOTPDevice) -> TOTPDevice:
    """Spend the code that confirmed a new authenticator, and audit the enrolment.

    two_factor's setup form checks the code without telling the device, so without this the same
    code would also work once more at the next sign-in. A code is never accepted twice.
    """
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    device.last_t = max(device.last_t, totp.t())
    device.save(update_fields=["last_t"])
    audit_record(actor=user, action=AuditAction.UPDATE, obj=user, changed_fields=["two_factor"])
    return device


@transaction.atomic
def two_factor_disable(*, user: User) -> None:
    """Remove every second-step device (authenticator and backup codes) a person has."""
    for device in devices_for_user(user, confirmed=None):
        device.delete()
    audit_record(actor=user, action=AuditAction.DELETE, obj=user, changed_fields=["two_factor"])


@transaction.atomic
def two_factor_backup_codes_renew(*, user: User, count: int = 10) -> StaticDevice:
    """Replace a person's backup codes with a new set; the old codes stop working."""
    device, _created = StaticDevice.objects.get_or_create(user=user, defaults={"name": "backup"})
    device.token_set.all().delete()
    StaticToken.objects.bulk_create(StaticToken(device=device, token=StaticToken.random_token()) for _ in range(count))
    audit_record(actor=user, action=AuditAction.UPDATE, obj=user, changed_fields=["backup_codes"])
    return device
