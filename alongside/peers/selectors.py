"""Scoped reads of the peer workforce, and the rules other capabilities ask (qualification, room)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Avg, Max, QuerySet

from alongside.accounts.models import User
from alongside.accounts.roles import Role
from alongside.core.access import get_visible_or_404
from alongside.peers import proqol
from alongside.peers.models import (
    CheckInStatus,
    Credential,
    PeerProfile,
    ProgramRequirement,
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
    if profile is None or peer.active_membership is None:
        return False
    if peer_on_time_off(peer, on):
        return False
    return peer_active_caseload(peer) < profile.max_caseload


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
