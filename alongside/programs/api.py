from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from alongside.accounts.models import User
from alongside.api.pagination import PageNumber
from alongside.api.schemas import InputSchema
from alongside.core.idempotency import idempotent
from alongside.programs import selectors, services
from alongside.programs.models import Program, ProgramModel

router = Router(tags=["programs"])


class ProgramOut(Schema):
    id: int
    name: str
    model: str
    description: str
    min_age: int | None
    max_age: int | None
    is_active: bool


class ProgramIn(InputSchema):
    name: str = Field(min_length=1, max_length=200)
    model: ProgramModel
    description: str = ""
    min_age: int | None = Field(None, ge=0, le=120)
    max_age: int | None = Field(None, ge=0, le=120)


class ProgramPatch(InputSchema):
    """Only the fields sent are changed. ``null`` clears an age bound; the other fields cannot be null."""

    # Typed without "| None": an explicit null is refused (422); a field left out keeps its value.
    name: str = Field(None, min_length=1, max_length=200)  # type: ignore[assignment]
    model: ProgramModel = Field(None)  # type: ignore[assignment]
    description: str = Field(None)  # type: ignore[assignment]
    min_age: int | None = Field(None, ge=0, le=120)
    max_age: int | None = Field(None, ge=0, le=120)
    is_active: bool = Field(None)  # type: ignore[assignment]


@router.get("", response=list[ProgramOut], summary="Programs in my organization")
@paginate(PageNumber)
def program_list(request: HttpRequest, include_inactive: bool = False) -> object:
    return selectors.program_list(viewer=request.user, include_inactive=include_inactive)  # type: ignore[arg-type]


@router.post("", response={201: ProgramOut})
@idempotent
def program_create(request: HttpRequest, payload: ProgramIn) -> Status:
    user: User = request.user  # type: ignore[assignment]
    if not user.has_perm("programs.manage_programs"):
        raise PermissionDenied("Only an organization admin can add programs.")
    return Status(201, services.program_create(actor=user, **payload.dict()))


@router.get("/{program_id}", response=ProgramOut)
def program_detail(request: HttpRequest, program_id: int) -> Program:
    return selectors.program_get(viewer=request.user, program_id=program_id)  # type: ignore[arg-type]


@router.patch("/{program_id}", response=ProgramOut)
def program_update(request: HttpRequest, program_id: int, payload: ProgramPatch) -> Program:
    user: User = request.user  # type: ignore[assignment]
    program = selectors.program_get(viewer=user, program_id=program_id, perm="programs.change_program")
    return services.program_update(actor=user, program=program, **payload.dict(exclude_unset=True))
