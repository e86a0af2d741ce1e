from datetime import datetime

from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from alongside.accounts import selectors, services
from alongside.accounts.models import ApiToken, Invitation, Organization, User
from alongside.accounts.roles import Role
from alongside.accounts.stepup import require_recent_otp_api
from alongside.api.pagination import PageNumber
from alongside.api.schemas import InputSchema
from alongside.core.idempotency import idempotent

router = Router(tags=["accounts"])


class OrganizationOut(Schema):
    id: int
    name: str


class NetworkOut(Schema):
    id: int
    name: str


class MyOrganizationOut(Schema):
    id: int
    name: str
    slug: str
    network: NetworkOut | None


class MeOut(Schema):
    id: int
    email: str
    full_name: str
    role: str | None
    organization: OrganizationOut | None
    preferred_language: str
    two_factor_enrolled: bool


class UserOut(Schema):
    id: int
    email: str
    full_name: str
    role: str | None
    is_active: bool

    @staticmethod
    def resolve_role(obj: User) -> str | None:
        return obj.membership.role if hasattr(obj, "membership") else None


class RoleIn(InputSchema):
    role: Role


class InvitationIn(InputSchema):
    email: str = Field(min_length=3, max_length=254)
    role: Role


class InvitationOut(Schema):
    id: int
    email: str
    role: str
    created_at: datetime
    expires_at: datetime
    accepted_at: datetime | None
    revoked_at: datetime | None


class TokenIn(InputSchema):
    name: str = Field(min_length=1, max_length=100)


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class TokenCreatedOut(TokenOut):
    token: str = Field(description="The secret. It is shown only in this answer; store it now.")


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@router.get("/me", response=MeOut, summary="Who am I")
def me(request: HttpRequest) -> dict[str, object]:
    from django_otp import user_has_device

    user = _user(request)
    org = user.organization
    return {
        "id": user.pk,
        "email": user.email,
        "full_name": user.full_name,
        "role": user.role,
        "organization": {"id": org.pk, "name": org.name} if org else None,
        "preferred_language": user.preferred_language,
        "two_factor_enrolled": user_has_device(user),
    }


@router.get("/organization", response=MyOrganizationOut, summary="My organization")
def organization(request: HttpRequest) -> Organization:
    org = _user(request).organization
    if org is None:
        raise Http404
    return org


class UserFilters(Schema):
    q: str = Field("", max_length=200, description="Part of a name or email address.")
    role: Role | None = Field(None, description="Only people with this role.")
    active: bool | None = Field(None, description="Only active (true) or deactivated (false) accounts.")


@router.get("/users", response=list[UserOut], summary="Users in my organization (org admins and supervisors)")
@paginate(PageNumber)
def user_list(request: HttpRequest, filters: Query[UserFilters]) -> object:
    _require(request, "accounts.view_user_list")
    return selectors.user_list(
        viewer=_user(request),
        query=filters.q,
        role=filters.role or "",
        active="" if filters.active is None else ("yes" if filters.active else "no"),
    )


@router.get("/users/{user_id}", response=UserOut)
def user_detail(request: HttpRequest, user_id: int) -> User:
    return selectors.user_get(viewer=_user(request), user_id=user_id)


@router.put("/users/{user_id}/role", response=UserOut, summary="Change a user's role")
def user_role(request: HttpRequest, user_id: int, payload: RoleIn) -> User:
    target = selectors.user_get(viewer=_user(request), user_id=user_id, perm="accounts.change_user_role")
    services.user_change_role(actor=_user(request), user=target, role=payload.role)
    return target


@router.post("/users/{user_id}/deactivate", response=UserOut, summary="Deactivate a user (nobody is deleted)")
def user_deactivate(request: HttpRequest, user_id: int) -> User:
    target = selectors.user_get(viewer=_user(request), user_id=user_id, perm="accounts.change_user_role")
    return services.user_set_active(actor=_user(request), user=target, active=False)


@router.post("/users/{user_id}/reactivate", response=UserOut)
def user_reactivate(request: HttpRequest, user_id: int) -> User:
    target = selectors.user_get(viewer=_user(request), user_id=user_id, perm="accounts.change_user_role")
    return services.user_set_active(actor=_user(request), user=target, active=True)


@router.get("/invitations", response=list[InvitationOut])
@paginate(PageNumber)
def invitation_list(request: HttpRequest) -> object:
    _require(request, "accounts.manage_users")
    return selectors.invitation_list(viewer=_user(request))


@router.post("/invitations", response={201: InvitationOut}, summary="Invite someone by email")
@idempotent
def invitation_create(request: HttpRequest, payload: InvitationIn) -> Status:
    _require(request, "accounts.manage_users")
    invitation, _raw = services.invitation_create(actor=_user(request), email=payload.email, role=payload.role)
    return Status(201, invitation)


@router.post("/invitations/{invitation_id}/revoke", response=InvitationOut)
def invitation_revoke(request: HttpRequest, invitation_id: int) -> Invitation:
    _require(request, "accounts.manage_users")
    invitation = selectors.invitation_get(viewer=_user(request), invitation_id=invitation_id)
    services.invitation_revoke(actor=_user(request), invitation=invitation)
    return invitation


@router.get("/tokens", response=list[TokenOut], summary="My API tokens")
@paginate(PageNumber)
def token_list(request: HttpRequest) -> object:
    return selectors.token_list(viewer=_user(request))


@router.post("/tokens", response={201: TokenCreatedOut}, summary="Create an API token (the secret is shown once)")
@require_recent_otp_api
@idempotent
def token_create(request: HttpRequest, payload: TokenIn) -> Status:
    token, raw = services.api_token_create(user=_user(request), name=payload.name)
    return Status(201, {**TokenOut.model_validate(token).model_dump(), "token": raw})


@router.post("/tokens/{token_id}/revoke", response=TokenOut)
def token_revoke(request: HttpRequest, token_id: int) -> ApiToken:
    token = selectors.token_get(viewer=_user(request), token_id=token_id)
    return services.api_token_revoke(actor=_user(request), token=token)


def _require(request: HttpRequest, perm: str) -> None:
    from django.core.exceptions import PermissionDenied

    if not request.user.has_perm(perm):
        raise PermissionDenied("Your role does not allow this.")
