from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.accounts.models import Organization, User
from alongside.accounts.roles import Role
from alongside.audit.models import AuditAction
from alongside.audit.services import audit_record
from alongside.core.db import unique_or_invalid
from alongside.participants import selectors
from alongside.participants.models import (
    DEMOGRAPHIC_FIELDS,
    SHARING_KINDS,
    Consent,
    ConsentCategory,
    ConsentKind,
    ConsentPurpose,
    ContactChannel,
    DeclineReason,
    DischargeReason,
    Disclosure,
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
from alongside.programs.models import Program

# 42 CFR §2.32: every consented disclosure carries a notice (Statement 2, the short form) and
# the scope of the consent it was made under.
REDISCLOSURE_NOTICE = "42 CFR part 2 prohibits unauthorized use or disclosure of these records."

# The version of the consent wording shown on screen and printed; kept on every consent signed.
CONSENT_TEXT_VERSION = "2026-11"

PARTICIPANT_FIELDS = (
    "preferred_name",
    "pronouns",
    "date_of_birth",
    "languages",
    "gender",
    "culture",
    "prefer_not_to_say",
    "email",
    "phone",
    "contact_channel",
    "hopes",
    "part2",
)

# Which statuses an enrollment may move to from each status.
TRANSITIONS: dict[str, frozenset[str]] = {
    EnrollmentStatus.REFERRED: frozenset(
        {EnrollmentStatus.WAITLISTED, EnrollmentStatus.ACTIVE, EnrollmentStatus.DISCHARGED}
    ),
    EnrollmentStatus.WAITLISTED: frozenset({EnrollmentStatus.ACTIVE, EnrollmentStatus.DISCHARGED}),
    EnrollmentStatus.ACTIVE: frozenset({EnrollmentStatus.PAUSED, EnrollmentStatus.DISCHARGED}),
    EnrollmentStatus.PAUSED: frozenset({EnrollmentStatus.ACTIVE, EnrollmentStatus.DISCHARGED}),
    EnrollmentStatus.DISCHARGED: frozenset(),
}

OLDEST_BIRTH_DATE = dt.date(1900, 1, 1)


def _require(actor: User, perm: str, obj: Any = None, message: str = "You cannot do this.") -> None:
    if not actor.has_perm(perm, obj):
        raise PermissionError(message)


def age_on(date_of_birth: dt.date, day: dt.date) -> int:
    return day.year - date_of_birth.year - ((day.month, day.day) < (date_of_birth.month, date_of_birth.day))


def is_minor(participant: Participant, *, on: dt.date | None = None) -> bool:
    """Under the age of consent (setting PARTICIPANT_AGE_OF_CONSENT). Unknown age counts as adult."""
    if participant.date_of_birth is None:
        return False
    return age_on(participant.date_of_birth, on or timezone.localdate()) < settings.PARTICIPANT_AGE_OF_CONSENT


def _check_participant(values: dict[str, Any]) -> None:
    errors: dict[str, str] = {}
    if not str(values["preferred_name"]).strip():
        errors["preferred_name"] = _("Enter the name this person wants us to use.")
    birth = values["date_of_birth"]
    if birth is not None and (birth > timezone.localdate() or birth < OLDEST_BIRTH_DATE):
        errors["date_of_birth"] = _("Enter a real date of birth. It cannot be in the future.")
    declined = values["prefer_not_to_say"]
    if not isinstance(declined, list) or any(field not in DEMOGRAPHIC_FIELDS for field in declined):
        errors["prefer_not_to_say"] = _("Choose only from the questions listed.")
    else:
        for field in declined:
            if values[field] not in ("", None):
                errors[field] = _("This says 'prefer not to say', so leave the answer empty.")
    if values["contact_channel"] not in ContactChannel.values:
        errors["contact_channel"] = _("Choose a way to reach them from the list.")
    if values["contact_channel"] == ContactChannel.EMAIL and not values["email"]:
        errors["email"] = _("Add an email address, or choose another way to reach them.")
    if values["contact_channel"] in {ContactChannel.SMS, ContactChannel.PHONE} and not values["phone"]:
        errors["phone"] = _("Add a phone number, or choose another way to reach them.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def participant_create(
    *,
    actor: User,
    preferred_name: str,
    pronouns: str = "",
    date_of_birth: dt.date | None = None,
    languages: str = "",
    gender: str = "",
    culture: str = "",
    prefer_not_to_say: Iterable[str] = (),
    email: str = "",
    phone: str = "",
    contact_channel: str = ContactChannel.NONE,
    hopes: str = "",
    part2: bool = False,
) -> Participant:
    """Intake. A peer who does the intake is assigned to the person, so they can go on helping them."""
    _require(actor, "participants.add_participant", message="Only staff of a program can add a participant.")
    assert actor.organization is not None
    values: dict[str, Any] = {
        "preferred_name": preferred_name.strip(),
        "pronouns": pronouns.strip(),
        "date_of_birth": date_of_birth,
        "languages": languages.strip(),
        "gender": gender.strip(),
        "culture": culture.strip(),
        "prefer_not_to_say": sorted(set(prefer_not_to_say)),
        "email": email.strip(),
        "phone": phone.strip(),
        "contact_channel": contact_channel,
        "hopes": hopes.strip(),
        "part2": part2,
    }
    _check_participant(values)
    participant = Participant.objects.create(organization=actor.organization, created_by=actor, **values)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=participant,
        participant_id=str(participant.pk),
        changed_fields=PARTICIPANT_FIELDS,
    )
    if actor.role == Role.PEER:
        _assign(actor=actor, participant=participant, peer=actor)
    return participant


@transaction.atomic
def participant_update(*, actor: User, participant: Participant, **changes: Any) -> Participant:
    _require(actor, "participants.change_participant", participant, "You cannot change this person's details.")
    unknown = set(changes) - set(PARTICIPANT_FIELDS)
    if unknown:
        raise ValidationError(_("These fields cannot be changed: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    merged = {field: changes.get(field, getattr(participant, field)) for field in PARTICIPANT_FIELDS}
    for field in ("preferred_name", "pronouns", "languages", "gender", "culture", "email", "phone", "hopes"):
        merged[field] = str(merged[field] or "").strip()
    merged["prefer_not_to_say"] = sorted(set(merged["prefer_not_to_say"] or []))
    _check_participant(merged)
    changed = [field for field in PARTICIPANT_FIELDS if merged[field] != getattr(participant, field)]
    for field in changed:
        setattr(participant, field, merged[field])
    if changed:
        participant.save(update_fields=[*changed, "updated_at"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=participant,
            participant_id=str(participant.pk),
            changed_fields=changed,
        )
    return participant


# --- Enrollment ------------------------------------------------------------------------------


def _take_part_consent_in_force(participant: Participant, *, guardian_required: bool) -> bool:
    for consent in selectors.take_part_consents_for_rules(participant=participant):
        if not consent.is_in_force():
            continue
        if guardian_required and not (consent.signed_by_guardian and consent.minor_assent):
            continue
        return True
    return False


def _check_can_be_active(participant: Participant) -> None:
    if is_minor(participant):
        if not _take_part_consent_in_force(participant, guardian_required=True):
            raise ValidationError(
                {
                    "status": _(
                        "This person is under %(age)s. A parent or guardian must sign the consent to take part, "
                        "and the young person must agree, before services can start."
                    )
                    % {"age": settings.PARTICIPANT_AGE_OF_CONSENT}
                }
            )
    elif not _take_part_consent_in_force(participant, guardian_required=False):
        raise ValidationError({"status": _("Services can start only after the person signs the consent to take part.")})


@transaction.atomic
def enrollment_create(
    *,
    actor: User,
    participant: Participant,
    program: Program,
    referred_on: dt.date | None = None,
    status: str = EnrollmentStatus.REFERRED,
) -> Enrollment:
    """Refer a participant to a program (status referred or waitlisted)."""
    _require(actor, "participants.manage_enrollment", participant, "Only a supervisor can enroll people.")
    if program.organization_id != participant.organization_id:
        raise ValidationError({"program": _("Choose one of your organization's programs.")})
    referred_on = referred_on or timezone.localdate()
    errors: dict[str, str] = {}
    if referred_on > timezone.localdate():
        errors["referred_on"] = _("The referral date cannot be in the future.")
    if status not in {EnrollmentStatus.REFERRED, EnrollmentStatus.WAITLISTED}:
        errors["status"] = _("A new enrollment starts as referred or on the waitlist.")
    if not program.is_active:
        errors["program"] = _("This program is paused. Choose a running program.")
    if errors:
        raise ValidationError(errors)
    with unique_or_invalid("program", _("This person is already in this program.")):
        enrollment = Enrollment.objects.create(
            organization_id=participant.organization_id,
            participant=participant,
            program=program,
            status=status,
            referred_on=referred_on,
            status_changed_at=timezone.now(),
        )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=enrollment,
        participant_id=str(participant.pk),
        changed_fields=("program", "status", "referred_on"),
    )
    return enrollment


@transaction.atomic
def enrollment_change_status(
    *,
    actor: User,
    enrollment: Enrollment,
    status: str,
    reason: str = "",
    on: dt.date | None = None,
) -> Enrollment:
    """Move an enrollment along referred → waitlisted → active ⇄ paused → discharged."""
    _require(actor, "participants.manage_enrollment", enrollment, "Only a supervisor can change an enrollment.")
    on = on or timezone.localdate()
    if status not in EnrollmentStatus.values:
        raise ValidationError({"status": _("Choose a status from the list.")})
    if status not in TRANSITIONS[enrollment.status]:
        raise ValidationError(
            {
                "status": _("An enrollment that is '%(current)s' cannot change to '%(new)s'.")
                % {"current": enrollment.get_status_display(), "new": EnrollmentStatus(status).label}
            }
        )
    if on > timezone.localdate() or on < enrollment.referred_on:
        raise ValidationError({"on": _("The date must be between the referral date and today.")})
    changed = ["status", "status_changed_at"]
    if status == EnrollmentStatus.DISCHARGED:
        if reason not in DischargeReason.values:
            raise ValidationError({"reason": _("Choose why the person finished.")})
        enrollment.discharge_reason = reason
        enrollment.ended_on = on
        changed += ["discharge_reason", "ended_on"]
    elif reason:
        raise ValidationError({"reason": _("A reason is only asked for when someone finishes.")})
    if status == EnrollmentStatus.ACTIVE:
        _check_can_be_active(enrollment.participant)
        if enrollment.started_on is None:
            enrollment.started_on = on
            changed.append("started_on")
    enrollment.status = status
    enrollment.status_changed_at = timezone.now()
    enrollment.save(update_fields=[*changed, "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=enrollment,
        participant_id=str(enrollment.participant_id),
        changed_fields=changed,
        reason=f"status → {status}" + (f" ({reason})" if reason else ""),
    )
    return enrollment


# --- Peer assignment -------------------------------------------------------------------------


def _assign(*, actor: User, participant: Participant, peer: User) -> PeerAssignment:
    if peer.role != Role.PEER or peer.organization is None or peer.organization.pk != participant.organization_id:
        raise ValidationError({"peer": _("Choose a peer of your organization.")})
    with unique_or_invalid("peer", _("This peer is already assigned to this person.")):
        assignment = PeerAssignment.objects.create(
            organization_id=participant.organization_id,
            participant=participant,
            peer=peer,
            assigned_by=actor,
            started_at=timezone.now(),
        )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=assignment,
        participant_id=str(participant.pk),
        changed_fields=("peer",),
    )
    return assignment


@transaction.atomic
def participant_link_account(*, actor: User, participant: Participant, account: User) -> Participant:
    """Let a participant's own sign-in account see their record (the portal's invitation will call this)."""
    _require(actor, "participants.change_participant", participant, "You cannot change this person's record.")
    if (
        account.role != Role.PARTICIPANT
        or account.organization is None
        or account.organization.pk != participant.organization_id
    ):
        raise ValidationError({"account": _("Choose a participant account of this organization.")})
    participant.user = account
    participant.save(update_fields=["user", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=participant,
        participant_id=str(participant.pk),
        changed_fields=["user"],
    )
    return participant


@transaction.atomic
def peer_assign(*, actor: User, participant: Participant, peer: User) -> PeerAssignment:
    """A supervisor assigns a peer to a participant (until Matching exists)."""
    _require(actor, "participants.assign_peer", participant, "Only a supervisor can assign a peer.")
    return _assign(actor=actor, participant=participant, peer=peer)


@transaction.atomic
def peer_unassign(*, actor: User, assignment: PeerAssignment) -> PeerAssignment:
    _require(actor, "participants.assign_peer", assignment.participant, "Only a supervisor can end an assignment.")
    if assignment.ended_at is not None:
        raise ValidationError(_("This assignment has already ended."))
    assignment.ended_at = timezone.now()
    assignment.save(update_fields=["ended_at", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=assignment,
        participant_id=str(assignment.participant_id),
        changed_fields=("ended_at",),
    )
    return assignment


# --- Consent ---------------------------------------------------------------------------------


@transaction.atomic
def consent_grant(
    *,
    actor: User,
    participant: Participant,
    kind: str,
    signature_method: str,
    signed_name: str,
    signature_confirmed: bool,
    revocation_right_acknowledged: bool,
    categories: Iterable[str] = (),
    information_description: str = "",
    recipient_kind: str = "",
    recipient_name: str = "",
    recipient_user: User | None = None,
    recipient_organization: Organization | None = None,
    purpose: str = "",
    purpose_description: str = "",
    expires_on: dt.date | None = None,
    expires_on_event: str = ExpiryEvent.NONE,
    signed_on: dt.date | None = None,
    signed_by_guardian: bool = False,
    guardian_name: str = "",
    guardian_relationship: str = "",
    guardian_contact: str = "",
    minor_assent: bool = False,
) -> Consent:
    """Record a consent signed on screen (typed name + checkbox, signed now) or on paper (with its date)."""
    _require(actor, "participants.grant_consent", participant, "You cannot record consent for this person.")
    assert participant.organization is not None
    today = timezone.localdate()
    categories = sorted(set(categories))
    errors: dict[str, str] = {}
    if kind not in ConsentKind.values:
        errors["kind"] = _("Choose the kind of consent.")
    if signature_method not in SignatureMethod.values:
        errors["signature_method"] = _("Say whether it was signed on screen or on paper.")
    if not signed_name.strip():
        errors["signed_name"] = _("Type the full name of the person signing.")
    if not signature_confirmed:
        errors["signature_confirmed"] = _("Tick the box to confirm the signature.")
    if not revocation_right_acknowledged:
        errors["revocation_right_acknowledged"] = _("The person must be told they can take this consent back.")
    if signature_method == SignatureMethod.PAPER:
        if signed_on is None:
            errors["signed_on"] = _("Enter the date written on the paper form.")
        elif signed_on > today or signed_on < today - dt.timedelta(days=366):
            errors["signed_on"] = _("The signing date must be within the last year and not in the future.")
    signed_at = timezone.now()
    if signature_method == SignatureMethod.PAPER and signed_on is not None and "signed_on" not in errors:
        signed_at = timezone.make_aware(dt.datetime.combine(signed_on, dt.time(12, 0)))
    if expires_on is not None and expires_on <= today:
        errors["expires_on"] = _("The end date must be after today.")
    if expires_on_event not in ExpiryEvent.values:
        errors["expires_on_event"] = _("Choose an event from the list.")
    if kind in SHARING_KINDS:
        if recipient_kind not in RecipientKind.values or not recipient_name.strip():
            errors["recipient_name"] = _("Name the person or organization who may receive the information.")
        elif recipient_kind == RecipientKind.ORGANIZATION and recipient_user is not None:
            errors["recipient_name"] = _("An organization recipient cannot also name a person.")
        if expires_on is None and not expires_on_event:
            errors["expires_on"] = _("Give an end date or an event that ends this consent.")
        if purpose not in ConsentPurpose.values:
            errors["purpose"] = _("Choose the purpose of sharing.")
        elif purpose == ConsentPurpose.OTHER and not purpose_description.strip():
            errors["purpose_description"] = _("Describe the purpose in a few words.")
        elif kind == ConsentKind.SHARE_TPO and purpose != ConsentPurpose.TPO:
            errors["purpose"] = _("This kind of consent is for treatment, payment and health care operations.")
        if not categories or any(category not in ConsentCategory.values for category in categories):
            errors["categories"] = _("Choose what may be shared.")
        elif kind == ConsentKind.SUD_COUNSELLING_NOTES and categories != [ConsentCategory.COUNSELLING_NOTES]:
            errors["categories"] = _("Counselling notes need their own consent that covers only those notes.")
        elif kind != ConsentKind.SUD_COUNSELLING_NOTES and ConsentCategory.COUNSELLING_NOTES in categories:
            errors["categories"] = _("Counselling notes need their own separate consent.")
    elif kind == ConsentKind.TAKE_PART and (categories or recipient_name or recipient_user or recipient_organization):
        errors["kind"] = _("A consent to take part does not share information with anyone.")
    minor = is_minor(participant, on=timezone.localdate(signed_at))
    if minor and not signed_by_guardian:
        errors["signed_by_guardian"] = _("This person is under %(age)s, so a parent or guardian must sign.") % {
            "age": settings.PARTICIPANT_AGE_OF_CONSENT
        }
    if signed_by_guardian:
        if not guardian_name.strip():
            errors["guardian_name"] = _("Enter the parent or guardian's name.")
        if not guardian_relationship.strip():
            errors["guardian_relationship"] = _("Say how the guardian is related to the young person.")
        if not guardian_contact.strip():
            errors["guardian_contact"] = _("Add a phone number or email for the parent or guardian.")
        if minor and not minor_assent:
            errors["minor_assent"] = _("The young person must agree too.")
    if errors:
        raise ValidationError(errors)
    consent = Consent.objects.create(
        organization_id=participant.organization_id,
        participant=participant,
        kind=kind,
        participant_name=participant.preferred_name,
        discloser=participant.organization.name,
        categories=categories,
        information_description=information_description.strip(),
        recipient_kind=recipient_kind if kind in SHARING_KINDS else "",
        recipient_name=recipient_name.strip() if kind in SHARING_KINDS else "",
        recipient_user=recipient_user if kind in SHARING_KINDS else None,
        recipient_organization=recipient_organization if kind in SHARING_KINDS else None,
        purpose=purpose if kind in SHARING_KINDS else "",
        purpose_description=purpose_description.strip(),
        revocation_right_acknowledged=revocation_right_acknowledged,
        expires_on=expires_on,
        expires_on_event=expires_on_event,
        signature_method=signature_method,
        signed_name=signed_name.strip(),
        signed_at=signed_at,
        text_version=CONSENT_TEXT_VERSION,
        signed_by_guardian=signed_by_guardian,
        guardian_name=guardian_name.strip() if signed_by_guardian else "",
        guardian_relationship=guardian_relationship.strip() if signed_by_guardian else "",
        guardian_contact=guardian_contact.strip() if signed_by_guardian else "",
        minor_assent=minor_assent,
        recorded_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=consent,
        participant_id=str(participant.pk),
        changed_fields=("kind", "categories", "recipient", "purpose", "expires_on", "signed_at"),
        reason=f"consent {kind}",
    )
    return consent


@transaction.atomic
def consent_revoke(*, actor: User, consent: Consent) -> Consent:
    """Take a consent back, in one step. Sharing under it stops at once; it can never be used again."""
    _require(actor, "participants.revoke_consent", consent, "You cannot take back this consent.")
    if consent.revoked_at is not None:
        raise ValidationError(_("This consent was already taken back. Record a new consent instead."))
    consent.revoked_at = timezone.now()
    consent.revoked_by = actor
    consent.save(update_fields=["revoked_at", "revoked_by", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=consent,
        participant_id=str(consent.participant_id),
        changed_fields=("revoked_at",),
        reason="consent revoked",
    )
    return consent


# --- Accounting of disclosures ---------------------------------------------------------------


@transaction.atomic
def disclosure_record(
    *,
    actor: User | None,
    consent: Consent,
    recipient: User | Organization,
    category: str,
    purpose: str,
    path: str,
) -> Disclosure:
    """Write the accounting row (42 CFR §2.25) for a release the disclosure gate allowed.

    Called only by ``disclosures.authorize``, which has checked ``consent`` covers the release.
    """
    participant = consent.participant
    disclosure = Disclosure.objects.create(
        organization_id=participant.organization_id,
        participant=participant,
        consent=consent,
        recipient_user=recipient if isinstance(recipient, User) else None,
        recipient_organization=recipient if isinstance(recipient, Organization) else None,
        category=category,
        purpose=purpose,
        path=path,
        notice=REDISCLOSURE_NOTICE,
        disclosed_at=timezone.now(),
        disclosed_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        organization=participant.organization,
        obj=disclosure,
        participant_id=str(participant.pk),
        reason=f"disclosure via {path} under consent {consent.pk}",
    )
    return disclosure


# --- Referrals -------------------------------------------------------------------------------

REFERRAL_FIELDS = (
    "source",
    "discharge_date",
    "referrer_name",
    "referrer_contact",
    "person_name",
    "phone",
    "email",
    "preferred_language",
    "help_wanted",
)


def _referral_values(
    *,
    organization_id: int,
    program: Program,
    source: str,
    person_name: str,
    discharge_date: dt.date | None,
    referrer_name: str,
    referrer_contact: str,
    phone: str,
    email: str,
    preferred_language: str,
    help_wanted: str,
) -> dict[str, Any]:
    """Cleaned values of a new referral, or a ValidationError naming every field that is wrong."""
    values: dict[str, Any] = {
        "source": source,
        "discharge_date": discharge_date,
        "referrer_name": referrer_name.strip(),
        "referrer_contact": referrer_contact.strip(),
        "person_name": person_name.strip(),
        "phone": phone.strip(),
        "email": email.strip(),
        "preferred_language": preferred_language.strip(),
        "help_wanted": help_wanted.strip(),
    }
    errors: dict[str, str] = {}
    if program.organization_id != organization_id or not program.is_active:
        errors["program"] = _("Choose one of the programs listed.")
    if source not in ReferralSource.values:
        errors["source"] = _("Choose who is making the referral.")
    if not values["person_name"]:
        errors["person_name"] = _("Enter the name of the person who wants support.")
    if not values["phone"] and not values["email"]:
        errors["phone"] = _("Add a phone number or an email, so we can reach them.")
    if source == ReferralSource.HOSPITAL_DISCHARGE:
        if discharge_date is None:
            errors["discharge_date"] = _("Enter the date they leave or left the hospital.")
        elif discharge_date > timezone.localdate() + dt.timedelta(days=60) or discharge_date < OLDEST_BIRTH_DATE:
            errors["discharge_date"] = _("Enter a real discharge date, no more than 60 days from today.")
    elif discharge_date is not None:
        errors["discharge_date"] = _("A discharge date is only asked for a hospital referral.")
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def referral_create(
    *,
    actor: User,
    program: Program,
    source: str,
    person_name: str,
    discharge_date: dt.date | None = None,
    referrer_name: str = "",
    referrer_contact: str = "",
    phone: str = "",
    email: str = "",
    preferred_language: str = "",
    help_wanted: str = "",
) -> Referral:
    """A referral entered by staff (from a clinician, a hospital, a school, a court, family…)."""
    _require(actor, "participants.manage_referrals", message="Only a supervisor can enter a referral.")
    assert actor.organization is not None
    values = _referral_values(
        organization_id=actor.organization.pk,
        program=program,
        source=source,
        person_name=person_name,
        discharge_date=discharge_date,
        referrer_name=referrer_name,
        referrer_contact=referrer_contact,
        phone=phone,
        email=email,
        preferred_language=preferred_language,
        help_wanted=help_wanted,
    )
    referral = Referral.objects.create(organization=actor.organization, program=program, created_by=actor, **values)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=referral, changed_fields=REFERRAL_FIELDS)
    return referral


@transaction.atomic
def referral_submit(
    *,
    organization: Organization,
    program: Program,
    person_name: str,
    phone: str = "",
    email: str = "",
    preferred_language: str = "",
    help_wanted: str = "",
) -> Referral:
    """A self-referral from the public form: no account, so no actor; it lands in the program's queue."""
    values = _referral_values(
        organization_id=organization.pk,
        program=program,
        source=ReferralSource.SELF,
        person_name=person_name,
        discharge_date=None,
        referrer_name="",
        referrer_contact="",
        phone=phone,
        email=email,
        preferred_language=preferred_language,
        help_wanted=help_wanted,
    )
    referral = Referral.objects.create(organization=organization, program=program, **values)
    audit_record(
        actor=None,
        action=AuditAction.CREATE,
        organization=organization,
        obj=referral,
        changed_fields=REFERRAL_FIELDS,
        reason="self-referral form",
    )
    return referral


def _check_open(referral: Referral) -> None:
    if referral.status not in {ReferralStatus.NEW, ReferralStatus.WAITLISTED}:
        raise ValidationError(
            {"status": _("This referral was already %(status)s.") % {"status": referral.get_status_display().lower()}}
        )


def _decided(actor: User, referral: Referral, status: str, changed: list[str], reason: str = "") -> Referral:
    referral.status = status
    referral.decided_by = actor
    referral.decided_at = timezone.now()
    referral.save(update_fields=[*changed, "status", "decided_by", "decided_at", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=referral,
        participant_id=str(referral.participant_id or ""),
        changed_fields=[*changed, "status"],
        reason=f"referral → {status}" + (f" ({reason})" if reason else ""),
    )
    return referral


@transaction.atomic
def referral_accept(*, actor: User, referral: Referral, enrollment_status: str = EnrollmentStatus.REFERRED) -> Referral:
    """Accept: the person becomes a Participant with a referred (or waitlisted) enrollment in the program."""
    _require(actor, "participants.manage_referrals", referral, "Only a supervisor can accept a referral.")
    _check_open(referral)
    if enrollment_status not in {EnrollmentStatus.REFERRED, EnrollmentStatus.WAITLISTED}:
        raise ValidationError({"enrollment_status": _("A new enrollment starts as referred or on the waitlist.")})
    channel = (
        ContactChannel.PHONE if referral.phone else ContactChannel.EMAIL if referral.email else ContactChannel.NONE
    )
    participant = participant_create(
        actor=actor,
        preferred_name=referral.person_name,
        languages=referral.preferred_language,
        email=referral.email,
        phone=referral.phone,
        contact_channel=channel,
        hopes=referral.help_wanted,
    )
    enrollment_create(
        actor=actor,
        participant=participant,
        program=referral.program,
        referred_on=timezone.localdate(referral.created_at),
        status=enrollment_status,
    )
    referral.participant = participant
    return _decided(actor, referral, ReferralStatus.ACCEPTED, ["participant"])


@transaction.atomic
def referral_waitlist(*, actor: User, referral: Referral) -> Referral:
    """The program is full for now: the referral waits in the queue, to be accepted or declined later."""
    _require(actor, "participants.manage_referrals", referral, "Only a supervisor can waitlist a referral.")
    if referral.status != ReferralStatus.NEW:
        raise ValidationError({"status": _("Only a new referral can go on the waitlist.")})
    return _decided(actor, referral, ReferralStatus.WAITLISTED, [])


@transaction.atomic
def referral_decline(*, actor: User, referral: Referral, reason: str, resources_offered: str) -> Referral:
    """Decline with a reason, and say which other services were offered to the person."""
    _require(actor, "participants.manage_referrals", referral, "Only a supervisor can decline a referral.")
    _check_open(referral)
    errors: dict[str, str] = {}
    if reason not in DeclineReason.values:
        errors["reason"] = _("Choose why the referral is declined.")
    if not resources_offered.strip():
        errors["resources_offered"] = _("Write which other services you offered, or why you could not.")
    if errors:
        raise ValidationError(errors)
    referral.decline_reason = reason
    referral.resources_offered = resources_offered.strip()
    return _decided(actor, referral, ReferralStatus.DECLINED, ["decline_reason", "resources_offered"], reason)
