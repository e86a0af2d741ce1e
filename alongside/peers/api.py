"""The peer workforce API: profiles, trainings, credentials and well-being check-ins."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from alongside.accounts.models import User
from alongside.api.pagination import PageNumber
from alongside.api.schemas import InputSchema
from alongside.core.idempotency import idempotent
from alongside.peers import selectors, services
from alongside.peers.models import PeerProfile, Specialty, WellbeingCheckIn

router = Router(tags=["peers"])


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _require(request: HttpRequest, perm: str, message: str) -> User:
    user = _user(request)
    if not user.has_perm(perm):
        raise PermissionDenied(message)
    return user


# --- Schemas -------------------------------------------------------------------------------


class LivedExperienceIO(InputSchema):
    area: str = Field(min_length=1, max_length=100)
    use_for_matching: bool = False


class AvailabilityIO(InputSchema):
    weekday: int = Field(ge=0, le=6, description="0 is Monday, 6 is Sunday")
    starts_at: datetime.time
    ends_at: datetime.time


class TimeOffOut(Schema):
    starts_on: datetime.date
    ends_on: datetime.date


class ProfileOut(Schema):
    bio: str = ""
    languages: list[str] = []
    specialties: list[str] = []
    max_caseload: int | None = None
    lived_experiences: list[LivedExperienceIO] = []
    availability: list[AvailabilityIO] = []
    time_off: list[TimeOffOut] = []


class ProfileIn(InputSchema):
    """Only the parts sent are changed; a list sent replaces the list kept."""

    bio: str = Field(None, max_length=5000)  # type: ignore[assignment]
    languages: list[str] = Field(None, max_length=20)  # type: ignore[assignment,arg-type]
    specialties: list[Specialty] = Field(None)  # type: ignore[assignment,arg-type]
    max_caseload: int = Field(None, ge=0, le=200)  # type: ignore[assignment]
    lived_experiences: list[LivedExperienceIO] = Field(None, max_length=50)  # type: ignore[assignment,arg-type]
    availability: list[AvailabilityIO] = Field(None, max_length=50)  # type: ignore[assignment,arg-type]


class TrainingOut(Schema):
    id: int
    name: str
    hours: Decimal
    description: str
    is_active: bool


class TrainingIn(InputSchema):
    name: str = Field(min_length=1, max_length=200)
    hours: Decimal = Field(ge=0, le=9999, decimal_places=1)
    description: str = ""


class CompletionOut(Schema):
    id: int
    training_id: int
    training_name: str
    hours: Decimal
    completed_on: datetime.date


class CompletionIn(InputSchema):
    training_id: int
    completed_on: datetime.date


class CredentialOut(Schema):
    id: int
    name: str
    issuer: str
    number: str
    issued_on: datetime.date
    expires_on: datetime.date | None


class CredentialIn(InputSchema):
    name: str = Field(min_length=1, max_length=200)
    issuer: str = Field(min_length=1, max_length=200)
    number: str = Field("", max_length=100)
    issued_on: datetime.date
    expires_on: datetime.date | None = None


class PeerSummaryOut(Schema):
    id: int
    full_name: str
    max_caseload: int | None
    languages: list[str]
    specialties: list[str]
    has_room: bool


class PeerDetailOut(Schema):
    id: int
    full_name: str
    profile: ProfileOut
    trainings: list[CompletionOut]
    credentials: list[CredentialOut]


class CheckInOut(Schema):
    id: int
    created_at: datetime.datetime
    status: str
    compassion_satisfaction: int | None
    burnout: int | None
    secondary_traumatic_stress: int | None
    shared_with_supervisor: bool


class CheckInIn(InputSchema):
    answers: dict[int, int | None] = Field(
        description="Answers by ProQOL 5 item number (1–30), each 1 (Never) to 5 (Very often); leave an item out or null when not answered."
    )


class TeamWellbeingOut(Schema):
    shown: bool = Field(description="False when fewer than 5 peers answered: the averages are then hidden.")
    peers: int | None = None
    compassion_satisfaction: float | None = None
    burnout: float | None = None
    secondary_traumatic_stress: float | None = None


# --- Helpers ---------------------------------------------------------------------------------


def _profile_out(profile: PeerProfile | None) -> ProfileOut:
    if profile is None:
        return ProfileOut()
    return ProfileOut(
        bio=profile.bio,
        languages=profile.languages,
        specialties=profile.specialties,
        max_caseload=profile.max_caseload,
        lived_experiences=[
            LivedExperienceIO(area=item.area, use_for_matching=item.use_for_matching)
            for item in profile.lived_experiences.all()
        ],
        availability=[
            AvailabilityIO(weekday=w.weekday, starts_at=w.starts_at, ends_at=w.ends_at)
            for w in profile.availability.all()
        ],
        time_off=[TimeOffOut(starts_on=t.starts_on, ends_on=t.ends_on) for t in profile.time_off.all()],
    )


def _completion_out(completion: object) -> CompletionOut:
    return CompletionOut(
        id=completion.pk,  # type: ignore[attr-defined]
        training_id=completion.training_id,  # type: ignore[attr-defined]
        training_name=completion.training.name,  # type: ignore[attr-defined]
        hours=completion.training.hours,  # type: ignore[attr-defined]
        completed_on=completion.completed_on,  # type: ignore[attr-defined]
    )


def _peer_detail(viewer: User, peer: User) -> PeerDetailOut:
    return PeerDetailOut(
        id=peer.pk,
        full_name=peer.full_name,
        profile=_profile_out(selectors.profile_for(viewer=viewer, peer=peer)),
        trainings=[_completion_out(c) for c in selectors.completion_list(viewer=viewer, peer=peer)],
        credentials=[CredentialOut.from_orm(c) for c in selectors.credential_list(viewer=viewer, peer=peer)],
    )


# --- My profile ------------------------------------------------------------------------------


@router.get("/me", response=PeerDetailOut, summary="My peer profile, trainings and credentials")
def my_profile(request: HttpRequest) -> PeerDetailOut:
    user = _require(request, "peers.edit_own_profile", "Only peers have a peer profile.")
    return _peer_detail(user, user)


@router.put("/me", response=PeerDetailOut, summary="Change my peer profile")
def my_profile_update(request: HttpRequest, payload: ProfileIn) -> PeerDetailOut:
    user = _require(request, "peers.edit_own_profile", "Only peers have a peer profile.")
    data = payload.dict(exclude_unset=True)
    services.profile_update(
        actor=user,
        bio=data.get("bio"),
        languages=data.get("languages"),
        specialties=[str(s) for s in data["specialties"]] if "specialties" in data else None,
        max_caseload=data.get("max_caseload"),
        lived_experiences=[(i["area"], i["use_for_matching"]) for i in data["lived_experiences"]]
        if "lived_experiences" in data
        else None,
        availability=[(w["weekday"], w["starts_at"], w["ends_at"]) for w in data["availability"]]
        if "availability" in data
        else None,
    )
    return _peer_detail(user, user)


# --- Trainings catalogue ----------------------------------------------------------------------


@router.get("/trainings", response=list[TrainingOut], summary="Trainings my organization offers")
@paginate(PageNumber)
def training_list(request: HttpRequest, include_inactive: bool = False) -> object:
    user = _require(request, "peers.view_trainings", "Only staff can see the training list.")
    return selectors.training_list(viewer=user, include_inactive=include_inactive)


@router.post("/trainings", response={201: TrainingOut})
@idempotent
def training_create(request: HttpRequest, payload: TrainingIn) -> Status:
    user = _require(request, "peers.manage_trainings", "Only an organization admin can add trainings.")
    return Status(201, services.training_create(actor=user, **payload.dict()))


# --- Well-being check-ins ----------------------------------------------------------------------


@router.get(
    "/checkins", response=list[CheckInOut], summary="My ProQOL 5 check-ins (a supervisor: those shared with them)"
)
@paginate(PageNumber)
def checkin_list(request: HttpRequest) -> object:
    return selectors.checkin_list(viewer=_user(request))


@router.post("/checkins", response={201: CheckInOut}, summary="Fill in a ProQOL 5 check-in")
@idempotent
def checkin_submit(request: HttpRequest, payload: CheckInIn) -> Status:
    user = _require(request, "peers.check_in", "Only a peer can fill in a well-being check-in.")
    return Status(201, services.checkin_submit(actor=user, answers=payload.answers))


@router.post(
    "/checkins/{checkin_id}/share", response=CheckInOut, summary="Share one of my check-ins with my supervisor"
)
def checkin_share(request: HttpRequest, checkin_id: int) -> WellbeingCheckIn:
    user = _user(request)
    checkin = selectors.checkin_get(viewer=user, checkin_id=checkin_id, perm="peers.share_checkin")
    return services.checkin_share(actor=user, checkin=checkin)


# --- The team (org admins and supervisors) --------------------------------------------------------


@router.get("/team/wellbeing", response=TeamWellbeingOut, summary="Team well-being averages (hidden below 5 peers)")
def team_wellbeing(request: HttpRequest) -> TeamWellbeingOut:
    user = _require(request, "peers.view_team_wellbeing", "Only org admins and supervisors see team well-being.")
    result = selectors.team_wellbeing(viewer=user, now=timezone.now())
    if result is None:
        return TeamWellbeingOut(shown=False)
    return TeamWellbeingOut(
        shown=True,
        peers=result.peers,
        compassion_satisfaction=result.compassion_satisfaction,
        burnout=result.burnout,
        secondary_traumatic_stress=result.secondary_traumatic_stress,
    )


@router.get(
    "/team/expiring-credentials", response=list[CredentialOut], summary="Credentials that expire in the next 60 days"
)
@paginate(PageNumber)
def expiring_credentials(request: HttpRequest) -> object:
    user = _require(request, "peers.view_team", "Only org admins and supervisors see the team.")
    return selectors.credentials_expiring(viewer=user, today=timezone.localdate())


@router.get("", response=list[PeerSummaryOut], summary="Peers in my organization")
@paginate(PageNumber)
def peer_list(request: HttpRequest) -> object:
    user = _require(request, "peers.view_team", "Only org admins and supervisors see the team.")
    today = timezone.localdate()
    return [
        PeerSummaryOut(
            id=peer.pk,
            full_name=peer.full_name,
            max_caseload=getattr(getattr(peer, "peer_profile", None), "max_caseload", None),
            languages=getattr(getattr(peer, "peer_profile", None), "languages", []),
            specialties=getattr(getattr(peer, "peer_profile", None), "specialties", []),
            has_room=selectors.peer_has_room(peer, today),
        )
        for peer in selectors.peer_list(viewer=user)
    ]


@router.get("/{user_id}", response=PeerDetailOut, summary="A peer's profile, trainings and credentials")
def peer_detail(request: HttpRequest, user_id: int) -> PeerDetailOut:
    user = _user(request)
    return _peer_detail(user, selectors.peer_get(viewer=user, user_id=user_id))


@router.post("/{user_id}/training-completions", response={201: CompletionOut}, summary="Record a finished training")
@idempotent
def completion_record(request: HttpRequest, user_id: int, payload: CompletionIn) -> Status:
    user = _user(request)
    peer = selectors.peer_get(viewer=user, user_id=user_id, perm="peers.add_peer_record")
    try:
        training = selectors.training_get(viewer=user, training_id=payload.training_id)
    except Http404 as exc:  # a training id the body names but the viewer cannot see is a field error
        raise ValidationError({"training_id": _("Choose a training from your organization's list.")}) from exc
    completion = services.training_completion_record(
        actor=user, peer=peer, training=training, completed_on=payload.completed_on
    )
    return Status(201, _completion_out(completion))


@router.post("/{user_id}/credentials", response={201: CredentialOut}, summary="Add a credential")
@idempotent
def credential_add(request: HttpRequest, user_id: int, payload: CredentialIn) -> Status:
    user = _user(request)
    peer = selectors.peer_get(viewer=user, user_id=user_id, perm="peers.add_peer_record")
    return Status(201, services.credential_add(actor=user, peer=peer, **payload.dict()))
