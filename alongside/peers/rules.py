"""Object permissions for the peer workforce. ``obj`` is the peer (a User) unless said otherwise."""

from __future__ import annotations

from typing import Any

import rules

from alongside.accounts.roles import Role
from alongside.accounts.rules import is_org_admin, is_self, is_supervisor, same_organization


@rules.predicate
def is_peer(user: Any, obj: Any) -> bool:
    """The record is about a peer (the object is a person whose role is peer)."""
    return obj is not None and getattr(obj, "role", None) == Role.PEER


@rules.predicate
def acting_as_peer(user: Any) -> bool:
    return bool(user.is_authenticated and user.role == Role.PEER)


@rules.predicate
def owns_checkin(user: Any, checkin: Any) -> bool:
    return checkin is not None and getattr(checkin, "peer_id", None) == user.pk


is_team_lead = is_org_admin | is_supervisor

rules.add_perm("peers.view_peer", is_peer & (is_self | (same_organization & is_team_lead)))
rules.add_perm("peers.add_peer_record", is_peer & (is_self | (same_organization & is_team_lead)))
rules.add_perm("peers.edit_own_profile", acting_as_peer)
rules.add_perm("peers.view_team", is_team_lead)
rules.add_perm("peers.view_trainings", is_team_lead | acting_as_peer)
rules.add_perm("peers.manage_trainings", is_org_admin)
rules.add_perm("peers.check_in", acting_as_peer)
rules.add_perm("peers.share_checkin", acting_as_peer & owns_checkin)
rules.add_perm("peers.view_team_wellbeing", is_team_lead)


@rules.predicate
def may_read_supervision_notes(user: Any, session: Any) -> bool:
    """The supervisor who wrote the notes, or a peer who attended the session (never other supervisors or admins)."""
    return session is not None and bool(session.notes_visible_to(user))


# Supervision: supervisors record sessions; the team and peers list those they may see.
rules.add_perm("peers.record_supervision", is_supervisor)
rules.add_perm("peers.view_supervision", is_team_lead | acting_as_peer)
rules.add_perm("peers.view_supervision_notes", may_read_supervision_notes)
# Ethics: org admins set the code; peers acknowledge it; staff of the peer team read it.
rules.add_perm("peers.view_ethics", is_team_lead | acting_as_peer)
rules.add_perm("peers.manage_ethics", is_org_admin)
rules.add_perm("peers.acknowledge_ethics", acting_as_peer)
