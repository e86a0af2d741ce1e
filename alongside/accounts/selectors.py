"""Scoped reads of users, invitations and tokens."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet

from alongside.accounts.models import ApiToken, Invitation, Membership, Organization, User
from alongside.accounts.roles import Role
from alongside.core.access import get_visible_or_404
from alongside.programs.models import Program


def user_list(*, viewer: User, query: str = "", role: str = "", active: str = "") -> QuerySet[User]:
    users = User.objects.visible_to(viewer).select_related("membership").order_by("full_name", "pk")
    if query:
        users = users.filter(full_name__icontains=query) | users.filter(email__icontains=query)
    if role:
        users = users.filter(membership__role=role)
    if active in {"yes", "no"}:
        users = users.filter(is_active=(active == "yes"))
    return users


def user_get(*, viewer: User, user_id: object, perm: str = "accounts.view_user") -> User:
    return get_visible_or_404(User, viewer, user_id, perm=perm, audit_view=True)


def user_for_session(*, user_id: Any) -> User | None:
    """The account a session belongs to, with its membership and organization (a system read)."""
    try:
        return User.objects.select_related("membership__organization").filter(pk=user_id).first()
    except (TypeError, ValueError):
        return None


def user_for_sign_in_email(*, email: str) -> User | None:
    """The account an email address typed at sign-in belongs to (a system read: no viewer yet)."""
    email = email.strip()
    return User.objects.filter(email__iexact=email).first() if email else None


def user_organization_id(*, user: User) -> int | None:
    """The organization a person belongs to, whether or not their membership is active."""
    return Membership.objects.filter(user=user).values_list("organization_id", flat=True).first()


def invitation_list(*, viewer: User) -> QuerySet[Invitation]:
    return Invitation.objects.visible_to(viewer).select_related("invited_by")


def invitation_get(*, viewer: User, invitation_id: object) -> Invitation:
    return get_visible_or_404(Invitation, viewer, invitation_id)


def token_list(*, viewer: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.visible_to(viewer)


def token_get(*, viewer: User, token_id: object) -> ApiToken:
    return get_visible_or_404(ApiToken, viewer, token_id, perm="accounts.manage_token")


def network_organizations(*, viewer: User) -> list[dict[str, object]]:
    """De-identified counts per organization in the viewer's network (network admins only)."""
    organization = viewer.organization
    if viewer.role != Role.NETWORK_ADMIN or organization is None or organization.network_id is None:
        return []
    organizations = list(Organization.objects.filter(network_id=organization.network_id).order_by("name"))
    staff = _count_by_organization(
        Membership.objects.filter(organization__in=organizations, is_active=True).exclude(role=Role.PARTICIPANT)
    )
    programs = _count_by_organization(Program.objects.filter(organization__in=organizations, is_active=True))
    return [
        {"organization": org, "staff": staff.get(org.pk, 0), "programs": programs.get(org.pk, 0)}
        for org in organizations
    ]


def _count_by_organization(rows: QuerySet[Any]) -> dict[int, int]:
    counted = rows.order_by().values("organization_id").annotate(n=Count("pk")).values_list("organization_id", "n")
    return dict(counted)
