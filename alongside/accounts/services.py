"""Every write to users, memberships, invitations and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

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
    *, email: str, full_name: str, password: str | None, organization: Organization, role: Role | str,
    actor: User | None = None,
) -> User:
    """Create an account and its membership. Used by invitations, hiring and the demo."""
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("An account with this email address already exists.")})
    user = User.objects.create_user(email=email, password=password, full_name=full_name)
    Membership.objects.create(user=user, organization=organization, role=role)
    audit_record(actor=actor, action=AuditAction.CREATE, organization=organization, obj=user, changed_fields=["email", "full_name", "role"])
    return user


@transaction.atomic
def invitation_create(*, actor: User, email: str, role: Role | str) -> tuple[Invitation, str]:
    """Invite someone by email to the actor's organization. Returns the invitation and its link token."""
    organization = actor.organization
    if organization is None:
        raise PermissionError("Only an organization admin can do this.")
    _require_org_admin(actor, organization)
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise ValidationError({"email": _("Enter a valid email address.")}) from exc
    if role not in Role.values:
        raise ValidationError({"role": _("Choose a role from the list.")})
    if role == Role.NETWORK_ADMIN:
        raise ValidationError({"role": _("Network admins are set up by the network, not invited by an organization.")})
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("This person already has an account.")})
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


def invitation_for_token(raw: str) -> Invitation | None:
    invitation = Invitation.objects.select_related("organization").filter(token_hash=_sha256(raw)).first()
    return invitation if invitation and invitation.is_open else None


@transaction.atomic
def invitation_accept(*, raw_token: str, full_name: str, password: str) -> User:
    invitation = Invitation.objects.select_for_update().filter(token_hash=_sha256(raw_token)).first()
    if invitation is None or not invitation.is_open:
        raise ValidationError(_("This invitation link has expired or was already used. Ask your admin for a new one."))
    if not full_name.strip():
        raise ValidationError({"full_name": _("Enter your name.")})
    validate_password(password, User(email=invitation.email, full_name=full_name))
    user = user_create_with_membership(
        email=invitation.email,
        full_name=full_name.strip(),
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
