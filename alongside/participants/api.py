import datetime as dt
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from alongside.accounts import selectors as account_selectors
from alongside.accounts.models import User
from alongside.api.pagination import PageNumber
from alongside.api.schemas import InputSchema
from alongside.core.idempotency import idempotent
from alongside.participants import selectors, services
from alongside.participants.models import (
    Consent,
    ConsentCategory,
    ConsentKind,
    ConsentPurpose,
    ContactChannel,
    DeclineReason,
    DischargeReason,
    Enrollment,
    EnrollmentStatus,
    ExpiryEvent,
    Participant,
    PeerAssignment,
    RecipientKind,
    Referral,
    ReferralSource,
    ReferralStatus,
    SignatureMethod,
)
from alongside.programs import selectors as program_selectors

router = Router(tags=["participants"])

Demographic = str


class ParticipantOut(Schema):
    id: uuid.UUID
    preferred_name: str
    pronouns: str
    date_of_birth: dt.date | None
    languages: str
    gender: str
    culture: str
    prefer_not_to_say: list[str]
    email: str
    phone: str
    contact_channel: str
    hopes: str
    part2: bool


class ParticipantIn(InputSchema):
    preferred_name: str = Field(min_length=1, max_length=200)
    pronouns: str = Field("", max_length=60)
    date_of_birth: dt.date | None = None
    languages: str = Field("", max_length=200)
    gender: str = Field("", max_length=100)
    culture: str = Field("", max_length=200)
    prefer_not_to_say: list[str] = []
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=40)
    contact_channel: ContactChannel = ContactChannel.NONE
    hopes: str = ""
    part2: bool = False


class ParticipantPatch(InputSchema):
    """Only the fields sent are changed. ``null`` clears the date of birth; other fields cannot be null."""

    preferred_name: str = Field(None, min_length=1, max_length=200)  # type: ignore[assignment]
    pronouns: str = Field(None, max_length=60)  # type: ignore[assignment]
    date_of_birth: dt.date | None = None
    languages: str = Field(None, max_length=200)  # type: ignore[assignment]
    gender: str = Field(None, max_length=100)  # type: ignore[assignment]
    culture: str = Field(None, max_length=200)  # type: ignore[assignment]
    prefer_not_to_say: list[str] = Field(None)  # type: ignore[assignment,arg-type]
    email: str = Field(None, max_length=254)  # type: ignore[assignment]
    phone: str = Field(None, max_length=40)  # type: ignore[assignment]
    contact_channel: ContactChannel = Field(None)  # type: ignore[assignment]
    hopes: str = Field(None)  # type: ignore[assignment]
    part2: bool = Field(None)  # type: ignore[assignment]


class EnrollmentOut(Schema):
    id: int
    participant_id: uuid.UUID
    program_id: int
    status: str
    referred_on: dt.date
    started_on: dt.date | None
    ended_on: dt.date | None
    discharge_reason: str


class EnrollmentIn(InputSchema):
    program_id: int
    status: EnrollmentStatus = EnrollmentStatus.REFERRED
    referred_on: dt.date | None = None


class EnrollmentStatusIn(InputSchema):
    status: EnrollmentStatus
    reason: DischargeReason | None = None
    on: dt.date | None = None


class AssignmentOut(Schema):
    id: int
    participant_id: uuid.UUID
    peer_id: int
    started_at: dt.datetime
    ended_at: dt.datetime | None


class AssignmentIn(InputSchema):
    peer_id: int


class ConsentOut(Schema):
    id: int
    participant_id: uuid.UUID
    kind: str
    participant_name: str
    discloser: str
    categories: list[str]
    information_description: str
    recipient_kind: str
    recipient_name: str
    recipient_user_id: int | None
    recipient_organization_id: int | None
    purpose: str
    purpose_description: str
    revocation_right_acknowledged: bool
    expires_on: dt.date | None
    expires_on_event: str
    signature_method: str
    signed_name: str
    signed_at: dt.datetime
    text_version: str
    signed_by_guardian: bool
    guardian_name: str
    guardian_relationship: str
    minor_assent: bool
    revoked_at: dt.datetime | None


class ConsentIn(InputSchema):
    kind: ConsentKind
    signature_method: SignatureMethod
    signed_name: str = Field(min_length=1, max_length=200)
    signature_confirmed: bool
    revocation_right_acknowledged: bool
    categories: list[ConsentCategory] = []
    information_description: str = ""
    recipient_kind: RecipientKind | None = None
    recipient_name: str = Field("", max_length=200)
    recipient_user_id: int | None = None
    purpose: ConsentPurpose | None = None
    purpose_description: str = Field("", max_length=300)
    expires_on: dt.date | None = None
    expires_on_event: ExpiryEvent = ExpiryEvent.NONE
    signed_on: dt.date | None = None
    signed_by_guardian: bool = False
    guardian_name: str = Field("", max_length=200)
    guardian_relationship: str = Field("", max_length=100)
    guardian_contact: str = Field("", max_length=200)
    minor_assent: bool = False


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _participant(
    request: HttpRequest, participant_id: uuid.UUID, perm: str = "participants.view_participant"
) -> Participant:
    return selectors.participant_get(viewer=_user(request), participant_id=participant_id, perm=perm)


@router.get("", response=list[ParticipantOut], summary="Participants I may see")
@paginate(PageNumber)
def participant_list(request: HttpRequest, q: str = "") -> object:
    if not request.user.has_perm("participants.view_participant_list"):
        raise PermissionDenied("Your role cannot list participants.")
    return selectors.participant_list(viewer=_user(request), search=q)


@router.post("", response={201: ParticipantOut}, summary="Intake: add a participant")
@idempotent
def participant_create(request: HttpRequest, payload: ParticipantIn) -> Status:
    if not request.user.has_perm("participants.add_participant"):
        raise PermissionDenied("Your role cannot add participants.")
    return Status(201, services.participant_create(actor=_user(request), **payload.dict()))


@router.get("/{uuid:participant_id}", response=ParticipantOut)
def participant_detail(request: HttpRequest, participant_id: uuid.UUID) -> Participant:
    return _participant(request, participant_id)


@router.patch("/{uuid:participant_id}", response=ParticipantOut)
def participant_update(request: HttpRequest, participant_id: uuid.UUID, payload: ParticipantPatch) -> Participant:
    participant = _participant(request, participant_id, "participants.change_participant")
    return services.participant_update(
        actor=_user(request), participant=participant, **payload.dict(exclude_unset=True)
    )


@router.get("/{uuid:participant_id}/enrollments", response=list[EnrollmentOut])
@paginate(PageNumber)
def enrollment_list(request: HttpRequest, participant_id: uuid.UUID) -> object:
    return selectors.enrollment_list(viewer=_user(request), participant=_participant(request, participant_id))


@router.post("/{uuid:participant_id}/enrollments", response={201: EnrollmentOut})
@idempotent
def enrollment_create(request: HttpRequest, participant_id: uuid.UUID, payload: EnrollmentIn) -> Status:
    user = _user(request)
    participant = _participant(request, participant_id, "participants.manage_enrollment")
    try:
        program = program_selectors.program_get(viewer=user, program_id=payload.program_id)
    except Http404:
        raise ValidationError({"program_id": "There is no program with this id in your organization."}) from None
    enrollment = services.enrollment_create(
        actor=user, participant=participant, program=program, status=payload.status, referred_on=payload.referred_on
    )
    return Status(201, enrollment)


@router.post("/enrollments/{int:enrollment_id}/status", response=EnrollmentOut)
def enrollment_change_status(request: HttpRequest, enrollment_id: int, payload: EnrollmentStatusIn) -> Enrollment:
    user = _user(request)
    enrollment = selectors.enrollment_get(viewer=user, enrollment_id=enrollment_id)
    return services.enrollment_change_status(
        actor=user, enrollment=enrollment, status=payload.status, reason=payload.reason or "", on=payload.on
    )


@router.get("/{uuid:participant_id}/assignments", response=list[AssignmentOut])
@paginate(PageNumber)
def assignment_list(request: HttpRequest, participant_id: uuid.UUID) -> object:
    return selectors.assignment_list(viewer=_user(request), participant=_participant(request, participant_id))


@router.post("/{uuid:participant_id}/assignments", response={201: AssignmentOut})
def peer_assign(request: HttpRequest, participant_id: uuid.UUID, payload: AssignmentIn) -> Status:
    user = _user(request)
    participant = _participant(request, participant_id, "participants.assign_peer")
    peer = account_selectors.user_list(viewer=user).filter(pk=payload.peer_id).first()
    if peer is None:
        raise ValidationError({"peer_id": "There is no person with this id in your organization."})
    assignment: PeerAssignment = services.peer_assign(actor=user, participant=participant, peer=peer)
    return Status(201, assignment)


@router.get("/{uuid:participant_id}/consents", response=list[ConsentOut])
@paginate(PageNumber)
def consent_list(request: HttpRequest, participant_id: uuid.UUID) -> object:
    return selectors.consent_list(viewer=_user(request), participant=_participant(request, participant_id))


@router.post("/{uuid:participant_id}/consents", response={201: ConsentOut}, summary="Record a signed consent")
@idempotent
def consent_grant(request: HttpRequest, participant_id: uuid.UUID, payload: ConsentIn) -> Status:
    user = _user(request)
    participant = _participant(request, participant_id, "participants.grant_consent")
    data = payload.dict()
    recipient_user_id = data.pop("recipient_user_id")
    recipient_user = None
    if recipient_user_id is not None:
        recipient_user = account_selectors.user_list(viewer=user).filter(pk=recipient_user_id).first()
        if recipient_user is None:
            raise ValidationError({"recipient_user_id": "There is no person with this id in your organization."})
    data["recipient_kind"] = data["recipient_kind"] or ""
    data["purpose"] = data["purpose"] or ""
    consent = services.consent_grant(actor=user, participant=participant, recipient_user=recipient_user, **data)
    return Status(201, consent)


@router.post("/consents/{int:consent_id}/revoke", response=ConsentOut, summary="Take a consent back")
def consent_revoke(request: HttpRequest, consent_id: int) -> Consent:
    user = _user(request)
    consent = selectors.consent_get(viewer=user, consent_id=consent_id)
    return services.consent_revoke(actor=user, consent=consent)


# --- Referrals -------------------------------------------------------------------------------


class ReferralOut(Schema):
    id: int
    program_id: int
    source: str
    discharge_date: dt.date | None
    referrer_name: str
    referrer_contact: str
    person_name: str
    phone: str
    email: str
    preferred_language: str
    help_wanted: str
    status: str
    decline_reason: str
    resources_offered: str
    participant_id: uuid.UUID | None
    created_at: dt.datetime
    age_in_days: int


class ReferralIn(InputSchema):
    program_id: int
    source: ReferralSource
    person_name: str = Field(min_length=1, max_length=200)
    discharge_date: dt.date | None = None
    referrer_name: str = Field("", max_length=200)
    referrer_contact: str = Field("", max_length=200)
    phone: str = Field("", max_length=40)
    email: str = Field("", max_length=254)
    preferred_language: str = Field("", max_length=100)
    help_wanted: str = ""


class ReferralAcceptIn(InputSchema):
    enrollment_status: EnrollmentStatus = EnrollmentStatus.REFERRED


class ReferralDeclineIn(InputSchema):
    reason: DeclineReason
    resources_offered: str = Field(min_length=1, max_length=2000)


def _require_referrals(request: HttpRequest) -> None:
    if not request.user.has_perm("participants.manage_referrals"):
        raise PermissionDenied("Your role cannot see or manage referrals.")


@router.get("/referrals", response=list[ReferralOut], summary="The referral queue, oldest first")
@paginate(PageNumber)
def referral_list(request: HttpRequest, program_id: int | None = None, status: ReferralStatus | None = None) -> object:
    _require_referrals(request)
    return selectors.referral_queue(viewer=_user(request), program_id=program_id, status=status or "")


@router.post("/referrals", response={201: ReferralOut}, summary="Enter a referral (staff)")
@idempotent
def referral_create(request: HttpRequest, payload: ReferralIn) -> Status:
    _require_referrals(request)
    user = _user(request)
    data = payload.dict()
    try:
        program = program_selectors.program_get(viewer=user, program_id=data.pop("program_id"))
    except Http404:
        raise ValidationError({"program_id": "There is no program with this id in your organization."}) from None
    return Status(201, services.referral_create(actor=user, program=program, **data))


@router.post("/referrals/{int:referral_id}/accept", response=ReferralOut, summary="Accept: make the participant")
def referral_accept(request: HttpRequest, referral_id: int, payload: ReferralAcceptIn | None = None) -> Referral:
    user = _user(request)
    referral = selectors.referral_get(viewer=user, referral_id=referral_id)
    status = payload.enrollment_status if payload is not None else EnrollmentStatus.REFERRED
    return services.referral_accept(actor=user, referral=referral, enrollment_status=status)


@router.post("/referrals/{int:referral_id}/waitlist", response=ReferralOut)
def referral_waitlist(request: HttpRequest, referral_id: int) -> Referral:
    user = _user(request)
    referral = selectors.referral_get(viewer=user, referral_id=referral_id)
    return services.referral_waitlist(actor=user, referral=referral)


@router.post("/referrals/{int:referral_id}/decline", response=ReferralOut)
def referral_decline(request: HttpRequest, referral_id: int, payload: ReferralDeclineIn) -> Referral:
    user = _user(request)
    referral = selectors.referral_get(viewer=user, referral_id=referral_id)
    return services.referral_decline(
        actor=user, referral=referral, reason=payload.reason, resources_offered=payload.resources_offered
    )
