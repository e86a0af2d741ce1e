from __future__ import annotations

from django.db.models import Q, QuerySet

from alongside.accounts.models import User
from alongside.core.access import get_visible_or_404
from alongside.participants.models import (
    SHARING_KINDS,
    Consent,
    Disclosure,
    Enrollment,
    Participant,
    PeerAssignment,
)


def participant_list(*, viewer: User, search: str = "") -> QuerySet[Participant]:
    participants = Participant.objects.visible_to(viewer)
    if search.strip():
        participants = participants.filter(preferred_name__icontains=search.strip())
    return participants


def participant_get(
    *, viewer: User, participant_id: object, perm: str = "participants.view_participant"
) -> Participant:
    """One participant record; the read is written to the audit log with the participant's id."""
    return get_visible_or_404(Participant, viewer, participant_id, perm=perm, audit_view=True)


def participant_of_user(*, viewer: User) -> Participant | None:
    """The participant record linked to the signed-in person, if any."""
    return Participant.objects.visible_to(viewer).filter(user_id=viewer.pk).first()


def enrollment_list(*, viewer: User, participant: Participant) -> QuerySet[Enrollment]:
    return Enrollment.objects.visible_to(viewer).filter(participant=participant).select_related("program")


def enrollment_get(*, viewer: User, enrollment_id: object, perm: str = "participants.manage_enrollment") -> Enrollment:
    return get_visible_or_404(Enrollment, viewer, enrollment_id, perm=perm, audit_view=True)


def consent_list(*, viewer: User, participant: Participant) -> QuerySet[Consent]:
    return Consent.objects.visible_to(viewer).filter(participant=participant)


def consent_get(*, viewer: User, consent_id: object, perm: str = "participants.revoke_consent") -> Consent:
    return get_visible_or_404(Consent, viewer, consent_id, perm=perm, audit_view=True)


def assignment_list(*, viewer: User, participant: Participant) -> QuerySet[PeerAssignment]:
    return PeerAssignment.objects.visible_to(viewer).filter(participant=participant).select_related("peer")


def disclosure_list(*, viewer: User, participant: Participant) -> QuerySet[Disclosure]:
    """The accounting of disclosures: what was shared, with whom, when, under which consent."""
    return (
        Disclosure.objects.visible_to(viewer)
        .filter(participant=participant)
        .select_related("consent", "recipient_organization", "recipient_user")
    )


def sharing_consents_for_gate(*, participant: Participant, names: Q, purpose: str) -> QuerySet[Consent]:
    """Consents the disclosure gate weighs. Read without a viewer on purpose: the gate decides on
    the participant's behalf whether a recipient may receive their data, whoever is asking."""
    return Consent.objects.filter(
        names, participant_id=participant.pk, kind__in=SHARING_KINDS, purpose=purpose
    ).select_related("participant")


def take_part_consents_for_rules(*, participant: Participant) -> QuerySet[Consent]:
    """Consents to take part, read without a viewer: services check them before enrolling someone."""
    return Consent.objects.filter(participant_id=participant.pk, kind="take_part").select_related("participant")


def peer_is_assigned(*, participant: Participant, peer: User) -> bool:
    """Whether ``peer`` is assigned to ``participant`` now. Asked by the rules, which have no viewer scope."""
    return PeerAssignment.objects.filter(participant=participant, peer_id=peer.pk, ended_at__isnull=True).exists()
