"""Scoped reads of the peer workforce, and the rules other capabilities ask (qualification, room)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Avg, Max, Q, QuerySet

from alongside.accounts.models import User
from alongside.accounts.roles import Role
from alongside.core.access import get_visible_or_404
from alongside.peers import proqol
from alongside.peers.models import (
    CheckInStatus,
    CodeOfEthics,
    Credential,
    EthicsAcknowledgement,
    PeerProfile,
    ProgramRequirement,
    SupervisionSession,
    TimeOff,
    Training,
    TrainingCompletion,
    WellbeingCheckIn,
)
from alongside.programs.models import Program

# Supervisors see team well-being only when at least this many peers answered (n < 5 hides it).
TEAM_WELLBEING_MIN_PEERS = 5
TEAM_WELLBEING_WINDOW = datetime.timedelta(days=90)
EXPIRY_SOON_DAYS = 60
DEFAULT_SUPERVISION_OVERDUE_DAYS = 30
# An acknowledgement of the code of ethics holds for this long; then the peer acknowledges again.
ETHICS_ACKNOWLEDGEMENT_VALID = datetime.timedelta(days=365)


def peer_list(*, viewer: User) -> QuerySet[User]:
    return (
        User.objects.visible_to(viewer)
        .filter(membership__role=Role.PEER, membership__is_active=True)
        .select_related("membership", "peer_profile")
        .order_by("full_name", "pk")
    )


def peer_get(*, viewer: User, user_id: object, perm: str = "peers.view_peer") -> User:
    """A peer the viewer may see (themselves, or a peer of their team); 404 otherwise."""
    return get_visible_or_404(User, viewer, user_id, perm=perm)


def profile_for(*, viewer: User, peer: User) -> PeerProfile | None:
    return (
        PeerProfile.objects.visible_to(viewer)
        .filter(user=peer)
        .prefetch_related("lived_experiences", "availability", "time_off")
        .first()
    )


def training_list(*, viewer: User, include_inactive: bool = False) -> QuerySet[Training]:
    trainings = Training.objects.visible_to(viewer)
    return trainings if include_inactive else trainings.filter(is_active=True)


def training_get(*, viewer: User, training_id: object) -> Training:
    return get_visible_or_404(Training, viewer, training_id)


def completion_list(*, viewer: User, peer: User) -> QuerySet[TrainingCompletion]:
    return TrainingCompletion.objects.visible_to(viewer).filter(peer=peer).select_related("training")


def credential_list(*, viewer: User, peer: User) -> QuerySet[Credential]:
    return Credential.objects.visible_to(viewer).filter(peer=peer)


def credentials_expiring(
    *, viewer: User, today: datetime.date, within_days: int = EXPIRY_SOON_DAYS
) -> QuerySet[Credential]:
    return (
        Credential.objects.visible_to(viewer)
        .filter(expires_on__gte=today, expires_on__lte=today + datetime.timedelta(days=within_days))
        .select_related("peer")
        .order_by("expires_on")
    )


def checkin_list(*, viewer: User) -> QuerySet[WellbeingCheckIn]:
    """The viewer's own check-ins (a peer), or those shared with them (a supervisor)."""
    return WellbeingCheckIn.objects.visible_to(viewer).select_related("peer")


def checkin_get(*, viewer: User, checkin_id: object, perm: str | None = None) -> WellbeingCheckIn:
    return get_visible_or_404(WellbeingCheckIn, viewer, checkin_id, perm=perm)


@dataclass(frozen=True)
class TeamWellbeing:
    peers: int
    compassion_satisfaction: float
    burnout: float
    secondary_traumatic_stress: float

    def bands(self) -> dict[str, str]:
        return {
            "compassion_satisfaction": proqol.band(round(self.compassion_satisfaction)),
            "burnout": proqol.band(round(self.burnout)),
            "secondary_traumatic_stress": proqol.band(round(self.secondary_traumatic_stress)),
        }


def team_wellbeing(*, viewer: User, now: datetime.datetime) -> TeamWellbeing | None:
    """Average ProQOL scores of the team's latest complete check-ins, or None when fewer than 5 peers answered.

    This reads check-ins the viewer may not see one by one (they are private to each peer): only
    the averages leave this function, and only for 5 or more peers, so no one peer's answers can be
    told apart. Callers must have checked ``peers.view_team_wellbeing``.
    """
    membership = viewer.active_membership
    if membership is None or not viewer.has_perm("peers.view_team_wellbeing"):
        return None
    recent = WellbeingCheckIn.objects.filter(
        organization_id=membership.organization_id,
        status=CheckInStatus.COMPLETE,
        created_at__gte=now - TEAM_WELLBEING_WINDOW,
        peer__membership__is_active=True,
    )
    latest_ids = recent.values("peer_id").annotate(latest=Max("id")).values_list("latest", flat=True)
    latest = WellbeingCheckIn.objects.filter(id__in=list(latest_ids))
    peers = len(latest_ids)
    if peers < TEAM_WELLBEING_MIN_PEERS:
        return None
    averages = latest.aggregate(
        cs=Avg("compassion_satisfaction"), bo=Avg("burnout"), sts=Avg("secondary_traumatic_stress")
    )
    return TeamWellbeing(
        peers=peers,
        compassion_satisfaction=round(float(averages["cs"]), 1),
        burnout=round(float(averages["bo"]), 1),
        secondary_traumatic_stress=round(float(averages["sts"]), 1),
    )


# --- Rules other capabilities ask (system reads: no viewer, the answer is a yes or no) ----------


def peer_is_qualified(peer: User, program: Program) -> bool:
    """True when the peer is an active peer of the program's organization who finished every required training."""
    membership = peer.active_membership
    if membership is None or membership.role != Role.PEER or membership.organization_id != program.organization_id:
        return False
    required = set(ProgramRequirement.objects.filter(program=program).values_list("training_id", flat=True))
    if not required:
        return True
    done = set(
        TrainingCompletion.objects.filter(peer=peer, training_id__in=required).values_list("training_id", flat=True)
    )
    return required <= done


def peer_active_caseload(peer: User) -> int:
    """How many people the peer supports now.

    Zero until the Matching capability lands; it then adds its count of active matches here (and
    any other capability that gives a peer people to support adds its count the same way).
    """
    return 0


def peer_on_time_off(peer: User, on: datetime.date) -> bool:
    return TimeOff.objects.filter(profile__user=peer, starts_on__lte=on, ends_on__gte=on).exists()


def peer_has_room(peer: User, on: datetime.date) -> bool:
    """True when the peer may take someone new on ``on``: not on time off and below their maximum caseload."""
    profile = PeerProfile.objects.filter(user=peer).first()
    return _has_room(peer, profile, on_time_off=profile is not None and peer_on_time_off(peer, on))


def _has_room(peer: User, profile: PeerProfile | None, *, on_time_off: bool) -> bool:
    if profile is None or peer.active_membership is None or on_time_off:
        return False
    return peer_active_caseload(peer) < profile.max_caseload


def team_with_room(*, viewer: User, on: datetime.date) -> list[tuple[User, bool]]:
    """The viewer's peers, each with whether they can take someone new: a fixed number of queries."""
    peers = list(peer_list(viewer=viewer))
    off = set(
        TimeOff.objects.filter(profile__user__in=peers, starts_on__lte=on, ends_on__gte=on).values_list(
            "profile__user_id", flat=True
        )
    )
    return [(peer, _has_room(peer, getattr(peer, "peer_profile", None), on_time_off=peer.pk in off)) for peer in peers]


def credentials_for_reminders(*, today: datetime.date, within_days: int) -> QuerySet[Credential]:
    """Every credential (all organizations) of an active peer that expires within ``within_days`` (a system read for the reminder task)."""
    return Credential.objects.filter(
        expires_on__gte=today,
        expires_on__lte=today + datetime.timedelta(days=within_days),
        peer__is_active=True,
        peer__membership__is_active=True,
    ).select_related("peer")


def supervisors_of(*, peer: User) -> list[User]:
    """The people who supervise a peer: every active supervisor of the peer's organization (a system read).

    There is no per-peer supervisor assignment yet; the Supervision capability narrows this.
    """
    membership = peer.active_membership
    if membership is None:
        return []
    return list(
        User.objects.filter(
            is_active=True,
            membership__organization_id=membership.organization_id,
            membership__role=Role.SUPERVISOR,
            membership__is_active=True,
        ).order_by("pk")
    )


# --- Supervision -----------------------------------------------------------------------------


def supervision_overdue_days() -> int:
    """N in "no supervision for N days": the ``SUPERVISION_OVERDUE_DAYS`` setting, 30 unless set."""
    return int(getattr(settings, "SUPERVISION_OVERDUE_DAYS", DEFAULT_SUPERVISION_OVERDUE_DAYS))


def supervision_list(*, viewer: User) -> QuerySet[SupervisionSession]:
    """Sessions the viewer may see: a peer those they attended; org admins and supervisors their organization's."""
    return (
        SupervisionSession.objects.visible_to(viewer).select_related("supervisor").prefetch_related("peers").distinct()
    )


def supervision_get(*, viewer: User, session_id: object) -> SupervisionSession:
    return get_visible_or_404(SupervisionSession, viewer, session_id)


@dataclass(frozen=True)
class SupervisionDue:
    peer: User
    last_session_on: datetime.date | None


def supervision_overdue(*, viewer: User, today: datetime.date, days: int | None = None) -> list[SupervisionDue]:
    """The viewer's team's peers whose last supervision session is more than ``days`` days before ``today``, or who never had one.

    A session exactly ``days`` days ago is not overdue yet; one a day older is.
    """
    days = supervision_overdue_days() if days is None else days
    membership = viewer.active_membership
    if membership is None:
        return []
    cutoff = today - datetime.timedelta(days=days)
    peers = peer_list(viewer=viewer).annotate(
        last_session_on=Max(
            "supervision_sessions__held_on",
            filter=Q(supervision_sessions__organization_id=membership.organization_id),
        )
    )
    return [
        SupervisionDue(peer=peer, last_session_on=peer.last_session_on)  # type: ignore[attr-defined]
        for peer in peers
        if peer.last_session_on is None or peer.last_session_on < cutoff  # type: ignore[attr-defined]
    ]


# --- Ethics ----------------------------------------------------------------------------------


def ethics_current(*, viewer: User) -> CodeOfEthics | None:
    """The current (highest) version of the viewer's organization's code of ethics, if one is set."""
    return CodeOfEthics.objects.visible_to(viewer).order_by("-version").first()


def ethics_last_acknowledgement(*, viewer: User, peer: User) -> EthicsAcknowledgement | None:
    return EthicsAcknowledgement.objects.visible_to(viewer).filter(peer=peer).select_related("code").first()


def ethics_acknowledgement_valid(
    acknowledgement: EthicsAcknowledgement | None, code: CodeOfEthics | None, now: datetime.datetime
) -> bool:
    """True when the acknowledgement is of the current version and less than a year old.

    With no code set there is nothing to acknowledge (True). An acknowledgement made exactly 365
    days ago has expired.
    """
    if code is None:
        return True
    if acknowledgement is None or acknowledgement.code_id != code.pk:
        return False
    return now - acknowledgement.acknowledged_at < ETHICS_ACKNOWLEDGEMENT_VALID


def ethics_due_for(*, viewer: User, peer: User, now: datetime.datetime) -> bool:
    """True when ``peer`` must (re)acknowledge the code of ethics: never did, an older version, or over a year ago."""
    code = ethics_current(viewer=viewer)
    return not ethics_acknowledgement_valid(ethics_last_acknowledgement(viewer=viewer, peer=peer), code, now)


@dataclass(frozen=True)
class EthicsDue:
    peer: User
    last_acknowledged_at: datetime.datetime | None


def ethics_due(*, viewer: User, now: datetime.datetime) -> list[EthicsDue]:
    """The viewer's team's peers whose acknowledgement of the current code is missing or a year old."""
    code = ethics_current(viewer=viewer)
    if code is None:
        return []
    valid_since = now - ETHICS_ACKNOWLEDGEMENT_VALID
    latest = dict(
        EthicsAcknowledgement.objects.visible_to(viewer)
        .filter(code=code)
        .values("peer_id")
        .annotate(latest=Max("acknowledged_at"))
        .values_list("peer_id", "latest")
    )
    return [
        EthicsDue(peer=peer, last_acknowledged_at=latest.get(peer.pk))
        for peer in peer_list(viewer=viewer)
        if latest.get(peer.pk) is None or latest[peer.pk] <= valid_since
    ]
