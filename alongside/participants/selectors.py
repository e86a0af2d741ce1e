from __future__ import annotations

from django.db.models import Q, QuerySet

from alongside.accounts.models import Organization, User
from alongside.core.access import get_visible_or_404
from alongside.participants.models import (
    SHARING_KINDS,
    Consent,
    Disclosure,
    Enrollment,
    Participant,
    PeerAssignment,
    Referral,
)
from alongside.programs.models import Program


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


# --- Referrals -------------------------------------------------------------------------------


def referral_queue(*, viewer: User, program_id: object = None, status: str = "") -> QuerySet[Referral]:
    """The referral queue, oldest first. ``program_id`` only narrows the viewer's scoped queryset."""
    referrals = Referral.objects.visible_to(viewer).select_related("program")
    if program_id not in (None, ""):
        referrals = referrals.filter(program_id=program_id)
    if status:
        referrals = referrals.filter(status=status)
    return referrals


def referral_get(*, viewer: User, referral_id: object, perm: str = "participants.manage_referrals") -> Referral:
    return get_visible_or_404(Referral, viewer, referral_id, perm=perm, audit_view=True)


def organization_for_self_referral(*, slug: str) -> Organization | None:
    """The organization named in a public self-referral address. Read without a viewer on purpose:
    the form is for people with no account."""
    return Organization.objects.filter(slug=slug).first()


def programs_for_self_referral(*, organization: Organization) -> QuerySet[Program]:
    """An organization's running programs, offered on its public self-referral form. Read without a
    viewer on purpose: the person referring themselves has no account; only names and ids are shown."""
    return Program.objects.filter(organization=organization, is_active=True).order_by("name")
