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
from alongside.peers.models import PeerProfile, Specialty, SupervisionKind, SupervisionSession, WellbeingCheckIn

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


class SupervisionOut(Schema):
    id: int
    kind: str
    held_on: datetime.date
    minutes: int
    topics: str
    supervisor_id: int
    supervisor_name: str
    peer_ids: list[int]
    notes: str | None = Field(
        description="Only for the supervisor who wrote them and the peers who attended; null for everyone else."
    )


class SupervisionIn(InputSchema):
    kind: SupervisionKind
    peer_ids: list[int] = Field(min_length=1, max_length=50)
    held_on: datetime.date
    minutes: int = Field(ge=1, le=1440)
    topics: str = Field("", max_length=500)
    notes: str = Field("", max_length=20000)


class SupervisionDueOut(Schema):
    id: int
    full_name: str
    last_session_on: datetime.date | None


class EthicsDueOut(Schema):
    id: int
    full_name: str
    last_acknowledged_at: datetime.datetime | None


class EthicsCodeOut(Schema):
    version: int | None = None
    text: str | None = None
    set_at: datetime.datetime | None = None
    acknowledgement_due: bool | None = Field(
        default=None, description="For a peer: true when they must read and acknowledge the current version."
    )
    last_acknowledged_at: datetime.datetime | None = None


class EthicsCodeIn(InputSchema):
    text: str = Field(min_length=1, max_length=50000)


class EthicsAcknowledgeIn(InputSchema):
    version: int = Field(ge=1, description="The version the peer read; it must be the current one.")


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


# --- Supervision -------------------------------------------------------------------------------


def _supervision_out(viewer: User, session: SupervisionSession) -> SupervisionOut:
    return SupervisionOut(
        id=session.pk,
        kind=session.kind,
        held_on=session.held_on,
        minutes=session.minutes,
        topics=session.topics,
        supervisor_id=session.supervisor_id,
        supervisor_name=session.supervisor.full_name,
        peer_ids=sorted(peer.pk for peer in session.peers.all()),
        notes=session.notes if viewer.has_perm("peers.view_supervision_notes", session) else None,
    )


@router.get(
    "/supervision",
    response=list[SupervisionOut],
    summary="Supervision sessions: a peer's own; the team's for org admins and supervisors (notes only for those in it)",
)
@paginate(PageNumber)
def supervision_list(request: HttpRequest) -> object:
    user = _require(request, "peers.view_supervision", "Only peers and their team see supervision sessions.")
    return [_supervision_out(user, session) for session in selectors.supervision_list(viewer=user)]


@router.post("/supervision", response={201: SupervisionOut}, summary="Record a supervision session")
@idempotent
def supervision_record(request: HttpRequest, payload: SupervisionIn) -> Status:
    user = _require(request, "peers.record_supervision", "Only a supervisor can record a supervision session.")
    peers = list(selectors.peer_list(viewer=user).filter(pk__in=payload.peer_ids))
    if len(peers) != len(set(payload.peer_ids)):
        raise ValidationError({"peer_ids": _("Choose peers of your organization.")})
    session = services.supervision_record(
        actor=user,
        peers=peers,
        kind=str(payload.kind),
        held_on=payload.held_on,
        minutes=payload.minutes,
        topics=payload.topics,
        notes=payload.notes,
    )
    return Status(201, _supervision_out(user, session))


@router.get("/supervision/{session_id}", response=SupervisionOut, summary="One supervision session")
def supervision_detail(request: HttpRequest, session_id: int) -> SupervisionOut:
    user = _user(request)
    return _supervision_out(user, selectors.supervision_get(viewer=user, session_id=session_id))


# --- Code of ethics ---------------------------------------------------------------------------


def _ethics_out(user: User) -> EthicsCodeOut:
    code = selectors.ethics_current(viewer=user)
    out = EthicsCodeOut()
    if code is not None:
        out = EthicsCodeOut(version=code.version, text=code.text, set_at=code.created_at)
    if user.has_perm("peers.acknowledge_ethics"):
        last = selectors.ethics_last_acknowledgement(viewer=user, peer=user)
        out.acknowledgement_due = not selectors.ethics_acknowledgement_valid(last, code, timezone.now())
        out.last_acknowledged_at = last.acknowledged_at if last else None
    return out


@router.get("/ethics", response=EthicsCodeOut, summary="My organization's current code of ethics")
def ethics_current(request: HttpRequest) -> EthicsCodeOut:
    user = _require(request, "peers.view_ethics", "Only peers and their team see the code of ethics.")
    return _ethics_out(user)


@router.put("/ethics", response=EthicsCodeOut, summary="Set the code of ethics (a changed text is a new version)")
def ethics_set(request: HttpRequest, payload: EthicsCodeIn) -> EthicsCodeOut:
    user = _require(request, "peers.manage_ethics", "Only an organization admin can set the code of ethics.")
    services.ethics_code_set(actor=user, text=payload.text)
    return _ethics_out(user)


@router.post("/ethics/acknowledge", response=EthicsCodeOut, summary="Acknowledge the current code of ethics")
def ethics_acknowledge(request: HttpRequest, payload: EthicsAcknowledgeIn) -> EthicsCodeOut:
    user = _require(request, "peers.acknowledge_ethics", "Only a peer acknowledges the code of ethics.")
    services.ethics_acknowledge(actor=user, version=payload.version)
    return _ethics_out(user)


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


@router.get(
    "/team/supervision-overdue",
    response=list[SupervisionDueOut],
    summary="Peers with no supervision for more than SUPERVISION_OVERDUE_DAYS days (or never)",
)
@paginate(PageNumber)
def supervision_overdue(request: HttpRequest) -> object:
    user = _require(request, "peers.view_team", "Only org admins and supervisors see the team.")
    return [
        SupervisionDueOut(id=due.peer.pk, full_name=due.peer.full_name, last_session_on=due.last_session_on)
        for due in selectors.supervision_overdue(viewer=user, today=timezone.localdate())
    ]


@router.get(
    "/team/ethics-due",
    response=list[EthicsDueOut],
    summary="Peers whose acknowledgement of the current code of ethics is missing or over a year old",
)
@paginate(PageNumber)
def ethics_due(request: HttpRequest) -> object:
    user = _require(request, "peers.view_team", "Only org admins and supervisors see the team.")
    return [
        EthicsDueOut(id=due.peer.pk, full_name=due.peer.full_name, last_acknowledged_at=due.last_acknowledged_at)
        for due in selectors.ethics_due(viewer=user, now=timezone.now())
    ]


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
