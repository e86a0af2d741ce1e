"""Object-permission predicates (django-rules). Views and the API ask ``user.has_perm(name, obj)``."""

from __future__ import annotations

from typing import Any

import rules

from alongside.accounts import selectors
from alongside.accounts.models import User
from alongside.accounts.roles import Role
from alongside.core.models import viewer_membership


def _org_id(obj: Any) -> int | None:
    if obj is None:
        return None
    if hasattr(obj, "organization_id"):
        return obj.organization_id  # type: ignore[no-any-return]
    if isinstance(obj, User):
        membership = obj.active_membership
        if membership is not None:
            return membership.organization_id
        # A deactivated person still belongs to their organization, so its admin can reactivate them.
        return selectors.user_organization_id(user=obj)
    membership = getattr(obj, "active_membership", None)
    return membership.organization_id if membership else None


@rules.predicate
def has_membership(user: Any) -> bool:
    return bool(user.is_authenticated and user.active_membership)


def has_role(*roles: Role) -> Any:
    allowed = {str(role) for role in roles}

    @rules.predicate(name=f"has_role({','.join(sorted(allowed))})")
    def predicate(user: Any) -> bool:
        return bool(user.is_authenticated and user.role in allowed)

    return predicate


@rules.predicate
def same_organization(user: Any, obj: Any) -> bool:
    membership = viewer_membership(user)
    return membership is not None and obj is not None and _org_id(obj) == membership.organization_id


@rules.predicate
def is_self(user: Any, obj: Any) -> bool:
    return obj is not None and getattr(obj, "pk", None) == user.pk


@rules.predicate
def owns(user: Any, obj: Any) -> bool:
    return obj is not None and getattr(obj, "user_id", None) == user.pk


is_network_admin = has_role(Role.NETWORK_ADMIN)
is_org_admin = has_role(Role.ORG_ADMIN)
is_supervisor = has_role(Role.SUPERVISOR)
is_staff_member = has_role(Role.ORG_ADMIN, Role.SUPERVISOR, Role.PEER, Role.CLINICIAN, Role.NETWORK_ADMIN)

rules.add_perm("accounts.view_user", is_self | (same_organization & (is_org_admin | is_supervisor)))
rules.add_perm("accounts.manage_users", is_org_admin)
rules.add_perm("accounts.view_user_list", is_org_admin | is_supervisor)
rules.add_perm("accounts.change_user_role", same_organization & is_org_admin & ~is_self)
rules.add_perm("accounts.manage_token", owns)
rules.add_perm("accounts.view_network", is_network_admin)
