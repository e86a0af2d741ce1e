"""Writes of the peer workforce: each checks the actor, writes, and audits in one transaction."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from alongside.accounts.models import User
from alongside.accounts.roles import Role
from alongside.audit.models import AuditAction
from alongside.audit.services import audit_record
from alongside.core.db import unique_or_invalid
from alongside.outbox.models import OutboxMessage
from alongside.outbox.services import outbox_email_enqueue
from alongside.peers import proqol, selectors
from alongside.peers.models import (
    AvailabilityWindow,
    CheckInStatus,
    CodeOfEthics,
    Credential,
    EthicsAcknowledgement,
    LivedExperience,
    PeerProfile,
    ProgramRequirement,
    Specialty,
    SupervisionKind,
    SupervisionSession,
    TimeOff,
    Training,
    TrainingCompletion,
    WellbeingCheckIn,
)
from alongside.programs.models import Program

# The catalogue a new organization starts from (issue 4): name and hours.
DEFAULT_TRAININGS: tuple[tuple[str, Decimal], ...] = (
    ("Core peer specialist training", Decimal(40)),
    ("Trauma-informed care", Decimal(8)),
    ("Ethics and boundaries", Decimal(6)),
    ("Suicide prevention", Decimal(4)),
    ("Youth peer training", Decimal(16)),
    ("Family peer training", Decimal(16)),
    ("Warm-line training", Decimal(8)),
)
REMINDER_DAYS = (7, 30, 60)  # smallest first: a credential gets the reminder of the nearest threshold


def _org_id(user: User) -> int:
    membership = user.active_membership
    if membership is None:
        raise PermissionError("This person has no active membership.")
    return membership.organization_id


def _require(actor: User, perm: str, obj: Model | None = None, message: str = "Not allowed.") -> None:
    if not actor.has_perm(perm, obj):
        raise PermissionError(message)


# --- Profile -------------------------------------------------------------------------------


def _own_profile(actor: User) -> PeerProfile:
    profile, _created = PeerProfile.objects.get_or_create(user=actor, defaults={"organization_id": _org_id(actor)})
    return profile


@transaction.atomic
def profile_update(
    *,
    actor: User,
    bio: str | None = None,
    languages: Iterable[str] | None = None,
    specialties: Iterable[str] | None = None,
    max_caseload: int | None = None,
    lived_experiences: Iterable[tuple[str, bool]] | None = None,
    availability: Iterable[tuple[int, datetime.time, datetime.time]] | None = None,
) -> PeerProfile:
    """A peer changes their own profile. ``None`` leaves a part as it is; lists replace what was there."""
    _require(actor, "peers.edit_own_profile", message="Only a peer can change their own peer profile.")
    profile = _own_profile(actor)
    changed: list[str] = []
    errors: dict[str, str] = {}
    if bio is not None and bio != profile.bio:
        profile.bio = bio
        changed.append("bio")
    if languages is not None:
        cleaned = sorted({language.strip() for language in languages if language.strip()})
        if any(len(language) > 50 for language in cleaned):
            errors["languages"] = _("Each language can be at most 50 letters long.")
        elif cleaned != profile.languages:
            profile.languages = cleaned
            changed.append("languages")
    if specialties is not None:
        chosen = sorted(set(specialties))
        if not set(chosen) <= set(Specialty.values):
            errors["specialties"] = _("Choose specialties from the list.")
        elif chosen != profile.specialties:
            profile.specialties = chosen
            changed.append("specialties")
    if max_caseload is not None:
        if not 0 <= max_caseload <= 200:
            errors["max_caseload"] = _("Enter a number from 0 to 200.")
        elif max_caseload != profile.max_caseload:
            profile.max_caseload = max_caseload
            changed.append("max_caseload")
    if lived_experiences is not None:
        areas = {area.strip(): bool(use) for area, use in lived_experiences if area.strip()}
        if any(len(area) > 100 for area in areas):
            errors["lived_experiences"] = _("Each area can be at most 100 letters long.")
    if availability is not None:
        windows = list(availability)
        if any(day not in range(7) or start >= end for day, start, end in windows):
            errors["availability"] = _("Each time must be on a day of the week and end after it starts.")
    if errors:
        raise ValidationError(errors)
    if changed:
        profile.save(update_fields=[*changed, "updated_at"])
    if lived_experiences is not None:
        current = {(item.area, item.use_for_matching) for item in profile.lived_experiences.all()}
        if current != set(areas.items()):
            profile.lived_experiences.all().delete()
            LivedExperience.objects.bulk_create(
                LivedExperience(
                    organization_id=profile.organization_id, profile=profile, area=area, use_for_matching=use
                )
                for area, use in areas.items()
            )
            changed.append("lived_experiences")
    if availability is not None:
        current_windows = {(w.weekday, w.starts_at, w.ends_at) for w in profile.availability.all()}
        if current_windows != set(windows):
            profile.availability.all().delete()
            AvailabilityWindow.objects.bulk_create(
                AvailabilityWindow(
                    organization_id=profile.organization_id, profile=profile, weekday=day, starts_at=start, ends_at=end
                )
                for day, start, end in sorted(set(windows))
            )
            changed.append("availability")
    if changed:
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=profile, changed_fields=changed)
    return profile


@transaction.atomic
def time_off_add(*, actor: User, starts_on: datetime.date, ends_on: datetime.date) -> TimeOff:
    _require(actor, "peers.edit_own_profile", message="Only a peer can add their own time off.")
    if starts_on > ends_on:
        raise ValidationError({"ends_on": _("The last day off must be on or after the first day off.")})
    profile = _own_profile(actor)
    time_off = TimeOff.objects.create(
        organization_id=profile.organization_id, profile=profile, starts_on=starts_on, ends_on=ends_on
    )
    audit_record(actor=actor, action=AuditAction.CREATE, obj=time_off, changed_fields=("starts_on", "ends_on"))
    return time_off


# --- Trainings and credentials -------------------------------------------------------------


@transaction.atomic
def training_create(*, actor: User, name: str, hours: Decimal, description: str = "") -> Training:
    _require(actor, "peers.manage_trainings", message="Only an organization admin can add trainings.")
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = _("Enter a name for the training.")
    if hours < 0 or hours > 9999:
        errors["hours"] = _("Enter the hours as a number from 0 to 9999.")
    if errors:
        raise ValidationError(errors)
    with unique_or_invalid("name", _("A training with this name already exists.")):
        training = Training.objects.create(
            organization_id=_org_id(actor), name=name.strip(), hours=hours, description=description
        )
    audit_record(actor=actor, action=AuditAction.CREATE, obj=training, changed_fields=("name", "hours", "description"))
    return training


@transaction.atomic
def training_seed_defaults(*, actor: User) -> list[Training]:
    """Add the standard trainings the organization does not have yet. Running it again adds nothing."""
    _require(actor, "peers.manage_trainings", message="Only an organization admin can add trainings.")
    org_id = _org_id(actor)
    existing = set(Training.objects.filter(organization_id=org_id).values_list("name", flat=True))
    created = [
        training_create(actor=actor, name=name, hours=hours)
        for name, hours in DEFAULT_TRAININGS
        if name not in existing
    ]
    return created


@transaction.atomic
def program_requirement_add(*, actor: User, program: Program, training: Training) -> ProgramRequirement:
    """The program now needs this training from every peer who works in it."""
    _require(actor, "peers.manage_trainings", message="Only an organization admin can set required trainings.")
    org_id = _org_id(actor)
    if program.organization_id != org_id or training.organization_id != org_id:
        raise PermissionError("The program and the training must be in your organization.")
    requirement, created = ProgramRequirement.objects.get_or_create(
        program=program, training=training, defaults={"organization_id": org_id}
    )
    if created:
        audit_record(actor=actor, action=AuditAction.CREATE, obj=requirement, changed_fields=("program", "training"))
    return requirement


@transaction.atomic
def training_completion_record(
    *, actor: User, peer: User, training: Training, completed_on: datetime.date
) -> TrainingCompletion:
    """A peer (for themselves) or their org admin or supervisor records a finished training."""
    _require(actor, "peers.add_peer_record", peer, "You cannot add records for this person.")
    if training.organization_id != _org_id(peer):
        raise ValidationError({"training": _("Choose a training from your organization's list.")})
    if completed_on > timezone.localdate():
        raise ValidationError({"completed_on": _("The day finished cannot be in the future.")})
    completion, created = TrainingCompletion.objects.get_or_create(
        peer=peer, training=training, completed_on=completed_on, defaults={"organization_id": training.organization_id}
    )
    if created:
        audit_record(
            actor=actor, action=AuditAction.CREATE, obj=completion, changed_fields=("training", "completed_on")
        )
    return completion


@transaction.atomic
def credential_add(
    *,
    actor: User,
    peer: User,
    name: str,
    issuer: str,
    issued_on: datetime.date,
    expires_on: datetime.date | None = None,
    number: str = "",
) -> Credential:
    """A peer (for themselves) or their org admin or supervisor adds a credential."""
    _require(actor, "peers.add_peer_record", peer, "You cannot add records for this person.")
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = _("Enter the name of the credential.")
    if not issuer.strip():
        errors["issuer"] = _("Enter who gave the credential.")
    if expires_on is not None and expires_on < issued_on:
        errors["expires_on"] = _("The expiry date must be on or after the issue date.")
    if errors:
        raise ValidationError(errors)
    credential = Credential.objects.create(
        organization_id=_org_id(peer),
        peer=peer,
        name=name.strip(),
        issuer=issuer.strip(),
        number=number.strip(),
        issued_on=issued_on,
        expires_on=expires_on,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=credential,
        changed_fields=("name", "issuer", "number", "issued_on", "expires_on"),
    )
    return credential


def _reminder_threshold(days_left: int) -> int | None:
    return next((days for days in REMINDER_DAYS if days_left <= days), None)


def credential_reminders_send(*, today: datetime.date) -> int:
    """Queue expiry reminders to each peer and their supervisors 60, 30 and 7 days before a credential expires.

    A credential gets the reminder of the nearest threshold it has reached (so a day the worker did
    not run is caught up the next day). The outbox key names the credential, its expiry date, the
    threshold and the recipient: running this twice, or from two workers, queues each reminder once;
    a renewed credential (new expiry date) is reminded again. Returns how many new messages were queued.
    """
    queued = 0
    for credential in selectors.credentials_for_reminders(today=today, within_days=max(REMINDER_DAYS)):
        assert credential.expires_on is not None
        days_left = (credential.expires_on - today).days
        threshold = _reminder_threshold(days_left)
        if threshold is None:
            continue
        peer = credential.peer
        for recipient in [peer, *selectors.supervisors_of(peer=peer)]:
            key = f"peers.credential_expiry:{credential.pk}:{credential.expires_on.isoformat()}:{threshold}:{recipient.pk}"
            if OutboxMessage.objects.filter(key=key).exists():
                continue
            with transaction.atomic(), translation.override(recipient.preferred_language):
                outbox_email_enqueue(
                    key=key,
                    to=recipient.email,
                    subject=_("A peer credential expires in %(days)s days") % {"days": days_left},
                    body=_reminder_body(credential, recipient, days_left),
                    organization_id=credential.organization_id,
                )
            queued += 1
    return queued


def _reminder_body(credential: Credential, recipient: User, days_left: int) -> str:
    assert credential.expires_on is not None
    values = {
        "credential": credential.name,
        "issuer": credential.issuer,
        "date": credential.expires_on.isoformat(),
        "days": days_left,
        "peer": credential.peer.full_name,
    }
    if recipient.pk == credential.peer_id:
        text = _(
            "Your credential “%(credential)s” from %(issuer)s expires on %(date)s, in %(days)s days.\n\n"
            "Please plan your renewal. Your supervisor can help you find training hours you still need."
        )
    else:
        text = _(
            "%(peer)s's credential “%(credential)s” from %(issuer)s expires on %(date)s, in %(days)s days.\n\n"
            "Please check in with them about renewal."
        )
    return text % values


# --- Well-being (ProQOL 5) -----------------------------------------------------------------


@transaction.atomic
def checkin_submit(*, actor: User, answers: Mapping[int, int | None] | Mapping[str, int | None]) -> WellbeingCheckIn:
    """A peer saves a ProQOL 5 check-in. With any question unanswered it is saved as incomplete, with no score."""
    _require(actor, "peers.check_in", message="Only a peer can fill in a well-being check-in.")
    try:
        cleaned = proqol.clean_answers(answers)
    except ValueError as exc:
        raise ValidationError({"answers": str(exc)}) from exc
    scores = proqol.score(cleaned)
    checkin = WellbeingCheckIn.objects.create(
        organization_id=_org_id(actor),
        peer=actor,
        answers={str(item): value for item, value in sorted(cleaned.items())},
        status=CheckInStatus.COMPLETE if scores else CheckInStatus.INCOMPLETE,
        compassion_satisfaction=scores.compassion_satisfaction if scores else None,
        burnout=scores.burnout if scores else None,
        secondary_traumatic_stress=scores.secondary_traumatic_stress if scores else None,
    )
    audit_record(actor=actor, action=AuditAction.CREATE, obj=checkin, changed_fields=("answers", "status"))
    return checkin


@transaction.atomic
def checkin_share(*, actor: User, checkin: WellbeingCheckIn) -> WellbeingCheckIn:
    """The peer lets their supervisors see this one result. Sharing again changes nothing."""
    _require(actor, "peers.share_checkin", checkin, "Only the peer who filled it in can share a check-in.")
    if not checkin.shared_with_supervisor:
        checkin.shared_with_supervisor = True
        checkin.shared_at = timezone.now()
        checkin.save(update_fields=["shared_with_supervisor", "shared_at", "updated_at"])
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=checkin, changed_fields=("shared_with_supervisor",))
    return checkin


# --- Supervision ---------------------------------------------------------------------------------


@transaction.atomic
def supervision_record(
    *,
    actor: User,
    peers: Iterable[User],
    kind: str,
    held_on: datetime.date,
    minutes: int,
    topics: str = "",
    notes: str = "",
) -> SupervisionSession:
    """A supervisor records a session they held. Its notes are readable by them and the peers who attended only."""
    _require(actor, "peers.record_supervision", message="Only a supervisor can record a supervision session.")
    org_id = _org_id(actor)
    attendees = list({peer.pk: peer for peer in peers}.values())
    errors: dict[str, str] = {}
    if kind not in SupervisionKind.values:
        errors["kind"] = _("Choose individual or group.")
    if not attendees:
        errors["peers"] = _("Choose the peer or peers who attended.")
    elif any(
        peer.active_membership is None
        or peer.active_membership.role != Role.PEER
        or peer.active_membership.organization_id != org_id
        for peer in attendees
    ):
        errors["peers"] = _("Choose peers of your organization.")
    elif kind == SupervisionKind.INDIVIDUAL and len(attendees) != 1:
        errors["peers"] = _("An individual session is with one peer.")
    if held_on > timezone.localdate():
        errors["held_on"] = _("The date cannot be in the future.")
    if not 1 <= minutes <= 1440:
        errors["minutes"] = _("Enter the length in minutes, from 1 to 1440.")
    if len(topics) > 500:
        errors["topics"] = _("Topics can be at most 500 letters long.")
    if errors:
        raise ValidationError(errors)
    session = SupervisionSession.objects.create(
        organization_id=org_id,
        supervisor=actor,
        kind=kind,
        held_on=held_on,
        minutes=minutes,
        topics=topics.strip(),
        notes=notes.strip(),
    )
    session.peers.set(attendees)
    # The audit log names the fields, never the notes themselves.
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=session,
        changed_fields=("kind", "held_on", "minutes", "topics", "notes", "peers"),
    )
    return session


# --- Ethics ------------------------------------------------------------------------------------


@transaction.atomic
def ethics_code_set(*, actor: User, text: str) -> CodeOfEthics:
    """An org admin sets the code of ethics: a new version, which every peer then acknowledges."""
    _require(actor, "peers.manage_ethics", message="Only an organization admin can set the code of ethics.")
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Enter the text of the code of ethics.")})
    org_id = _org_id(actor)
    current = CodeOfEthics.objects.select_for_update().filter(organization_id=org_id).order_by("-version").first()
    if current is not None and current.text == text:
        return current
    code = CodeOfEthics.objects.create(
        organization_id=org_id, version=(current.version + 1) if current else 1, text=text, set_by=actor
    )
    audit_record(actor=actor, action=AuditAction.CREATE, obj=code, changed_fields=("version", "text"))
    return code


@transaction.atomic
def ethics_acknowledge(
    *, actor: User, version: int | None = None, now: datetime.datetime | None = None
) -> EthicsAcknowledgement:
    """A peer acknowledges the current code of ethics. Acknowledging again while still valid changes nothing.

    ``version``, when given, must be the current one (the peer acknowledges what they read).
    """
    _require(actor, "peers.acknowledge_ethics", message="Only a peer acknowledges the code of ethics.")
    now = now or timezone.now()
    code = selectors.ethics_current(viewer=actor)
    if code is None:
        raise ValidationError({"version": _("Your organization has not set a code of ethics yet.")})
    if version is not None and version != code.version:
        raise ValidationError({"version": _("The code of ethics has changed. Please read the current version.")})
    last = selectors.ethics_last_acknowledgement(viewer=actor, peer=actor)
    if last is not None and selectors.ethics_acknowledgement_valid(last, code, now):
        return last
    acknowledgement = EthicsAcknowledgement.objects.create(
        organization_id=code.organization_id, peer=actor, code=code, acknowledged_at=now
    )
    audit_record(
        actor=actor, action=AuditAction.CREATE, obj=acknowledgement, changed_fields=("code", "acknowledged_at")
    )
    return acknowledgement
