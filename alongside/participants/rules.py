from __future__ import annotations

from typing import Any

import rules

from alongside.accounts.roles import Role
from alongside.accounts.rules import has_role, is_org_admin, is_supervisor, same_organization
from alongside.participants import selectors
from alongside.participants.models import Consent, Participant

is_peer = has_role(Role.PEER)
is_participant = has_role(Role.PARTICIPANT)


def _participant_of(obj: Any) -> Participant | None:
    if isinstance(obj, Participant):
        return obj
    return getattr(obj, "participant", None)


@rules.predicate
def is_assigned_peer(user: Any, obj: Any) -> bool:
    participant = _participant_of(obj)
    if participant is None or not user.is_authenticated:
        return False
    return selectors.peer_is_assigned(participant=participant, peer=user)


@rules.predicate
def is_the_participant(user: Any, obj: Any) -> bool:
    participant = _participant_of(obj)
    return participant is not None and user.is_authenticated and participant.user_id == user.pk


@rules.predicate
def is_consent(user: Any, obj: Any) -> bool:
    return isinstance(obj, Consent)


manages_org = is_org_admin | is_supervisor

rules.add_perm("participants.view_participant_list", manages_org | is_peer)
rules.add_perm(
    "participants.view_participant",
    same_organization & (manages_org | (is_peer & is_assigned_peer) | (is_participant & is_the_participant)),
)
# Intake is done by a peer or a supervisor (and an org admin); a peer who does intake is assigned.
rules.add_perm("participants.add_participant", manages_org | is_peer)
rules.add_perm("participants.change_participant", same_organization & (manages_org | (is_peer & is_assigned_peer)))
rules.add_perm("participants.manage_enrollment", same_organization & manages_org)
rules.add_perm("participants.assign_peer", same_organization & manages_org)
rules.add_perm("participants.grant_consent", same_organization & (manages_org | (is_peer & is_assigned_peer)))
# Taking consent back is the participant's right, in one step; staff may record a written revocation.
rules.add_perm(
    "participants.revoke_consent",
    same_organization
    & is_consent
    & (manages_org | (is_peer & is_assigned_peer) | (is_participant & is_the_participant)),
)


# Referrals: the queue, staff-entered referrals and the decisions are for org admins and supervisors.
@rules.predicate
def no_object_or_same_organization(user: Any, obj: Any) -> bool:
    return obj is None or bool(same_organization(user, obj))


rules.add_perm("participants.manage_referrals", manages_org & no_object_or_same_organization)
