"""The peer workforce's rows of the permission matrix (kept apart so capabilities built side by side
do not edit the same lines); ``endpoints.py`` adds them to ``ENDPOINTS``. See docs/permissions.md.

Reading guide: a peer's records are addressed by the peer's user id, so they use the ``USER`` record
kind: ``own`` is the actor themselves (only a peer has a peer page), ``same_org`` is ``peer_b`` of
the actor's organization (org admins and supervisors see it; another peer does not), ``other_org``
is ``peer_b`` of the other organization. Well-being check-ins are private to the peer: nobody but
the peer who filled one in can share it, and an unshared one is not found for everyone else.
"""

from __future__ import annotations

import datetime
from typing import Any

from alongside.accounts.models import User
from alongside.accounts.roles import Role
from alongside.accounts.tests.factories import UserFactory
from alongside.peers.models import (
    CodeOfEthics,
    Credential,
    EthicsAcknowledgement,
    PeerProfile,
    SupervisionSession,
    TimeOff,
    Training,
    WellbeingCheckIn,
)
from tests.permissions.harness import USER, Endpoint, MatrixWorld, Record, Scope, api, everyone, html, roles, wrote


def _checkin(matrix: MatrixWorld, actor: User, scope: Scope) -> int:
    """A fresh, unshared check-in: the actor's own, peer_b's in the actor's organization, or the other's."""
    owner = actor if scope == "own" else (matrix.own if scope == "same_org" else matrix.other)["peer_b"]
    membership = owner.active_membership
    assert membership is not None
    checkin = WellbeingCheckIn.objects.create(
        organization_id=membership.organization_id,
        peer=owner,
        answers={str(i): 3 for i in range(1, 31)},
        status="complete",
        compassion_satisfaction=30,
        burnout=30,
        secondary_traumatic_stress=30,
    )
    return checkin.pk


CHECKIN = Record("checkin", _checkin, ("own", "same_org", "other_org"))


def _session(matrix: MatrixWorld, actor: User, scope: Scope) -> int:
    personas = matrix.own if scope in ("own", "same_org") else matrix.other
    if scope == "own":
        supervisor = actor if actor.role == Role.SUPERVISOR else personas["supervisor"]
        peer = actor if actor.role == Role.PEER else personas["peer"]
    else:
        supervisor = UserFactory.create(role=Role.SUPERVISOR, organization=personas.organization)
        peer = personas["peer_b"]
    session = SupervisionSession.objects.create(
        organization=personas.organization,
        supervisor=supervisor,
        kind="individual",
        held_on=datetime.date(2026, 1, 5),
        minutes=60,
        topics="Boundaries",
        notes="Private notes",
    )
    session.peers.set([peer])
    return session.pk


SESSION = Record("supervision session", _session, ("own", "same_org", "other_org"))


def session_count(matrix: MatrixWorld, actor: User, pk: int | None) -> Any:
    return SupervisionSession.objects.count()


def code_count(matrix: MatrixWorld, actor: User, pk: int | None) -> Any:
    return CodeOfEthics.objects.count()


def actor_acknowledgements(matrix: MatrixWorld, actor: User, pk: int | None) -> Any:
    return EthicsAcknowledgement.objects.filter(peer=actor).count()


def with_code_of_ethics(matrix: MatrixWorld, pk: int | None, scope: Scope) -> None:
    """Each organization has a code of ethics (version 1) to acknowledge."""
    for personas in (matrix.own, matrix.other):
        CodeOfEthics.objects.get_or_create(
            organization=personas.organization,
            version=1,
            defaults={"text": "Be kind.", "set_by": personas["org_admin"]},
        )


def supervision_form(matrix: MatrixWorld) -> dict[str, Any]:
    return {"kind": "individual", "peers": [matrix.own["peer"].pk], "held_on": "2026-01-05", "minutes": "60"}


def supervision_body(matrix: MatrixWorld) -> dict[str, Any]:
    return {"kind": "individual", "peer_ids": [matrix.own["peer"].pk], "held_on": "2026-01-05", "minutes": 60}


def actor_bio(matrix: MatrixWorld, actor: User, pk: int | None) -> Any:
    return PeerProfile.objects.filter(user=actor).values_list("bio", flat=True).first()


def actor_time_off(matrix: MatrixWorld, actor: User, pk: int | None) -> Any:
    return TimeOff.objects.filter(profile__user=actor).count()


def training_count(matrix: MatrixWorld, actor: User, pk: int | None) -> Any:
    return Training.objects.count()


def credentials_of(matrix: MatrixWorld, actor: User, pk: int | None) -> Any:
    return Credential.objects.filter(peer_id=pk).count()


def completions_of(matrix: MatrixWorld, actor: User, pk: int | None) -> Any:
    return User.objects.filter(pk=pk).values_list("training_completions", flat=True).count()


def actor_checkins(matrix: MatrixWorld, actor: User, pk: int | None) -> Any:
    return WellbeingCheckIn.objects.filter(peer=actor).count()


def checkin_shared(matrix: MatrixWorld, actor: User, pk: int | None) -> Any:
    return WellbeingCheckIn.objects.filter(pk=pk).values_list("shared_with_supervisor", flat=True).first()


TEAM = roles(403, org_admin=200, supervisor=200)
PEER_ONLY = roles(403, peer=200)
PEER_TEAM = roles(403, org_admin=200, supervisor=200, peer=200)
# A session happened: those in it, and the organization's org admins and supervisors, see it.
SESSION_RECORD = {
    "own": roles(404, org_admin=200, supervisor=200, peer=200),
    "same_org": roles(404, org_admin=200, supervisor=200),
    "other_org": everyone(404),
}
# A peer's own page; a peer of one's team for org admins and supervisors; nothing else.
PEER_RECORD = {
    "own": roles(404, peer=200),
    "same_org": roles(404, org_admin=200, supervisor=200),
    "other_org": everyone(404),
}
PROFILE_FORM = {
    "bio": "Changed by the matrix",
    "languages": "English",
    "max_caseload": "5",
    "experience_for_matching": "",
    "experience_private": "",
}
CREDENTIAL = {"name": "Matrix credential", "issuer": "Board", "issued_on": "2025-01-01", "expires_on": "2027-01-01"}
# A training id nobody can see: allowed roles get the form (or a 422) back, nothing is written.
UNKNOWN_TRAINING = {"training": "999999", "completed_on": "2025-01-01"}

PEER_PAGES: list[Endpoint] = [
    html("GET", "/peers/", TEAM),
    html("GET", "/peers/me/", PEER_ONLY),
    html("GET", "/peers/me/edit/", PEER_ONLY),
    html("POST", "/peers/me/edit/", roles(403, peer=wrote(302, "/peers/me/")), body=PROFILE_FORM, state=actor_bio),
    html(
        "POST",
        "/peers/me/time-off/",
        roles(403, peer=wrote(302, "/peers/me/")),
        body={"starts_on": "2026-12-01", "ends_on": "2026-12-05"},
        state=actor_time_off,
    ),
    html("GET", "/peers/trainings/", roles(403, org_admin=200, supervisor=200, peer=200)),
    html(
        "POST",
        "/peers/trainings/",
        roles(403, org_admin=wrote(302, "/peers/trainings/")),
        body={"name": "Matrix training", "hours": "3", "description": ""},
        state=training_count,
    ),
    html(
        "POST",
        "/peers/trainings/standard/",
        roles(403, org_admin=wrote(302, "/peers/trainings/")),
        state=training_count,
    ),
    html("GET", "/peers/supervision/", PEER_TEAM),
    html("GET", "/peers/supervision/new/", roles(403, supervisor=200)),
    html(
        "POST",
        "/peers/supervision/new/",
        roles(403, supervisor=wrote(302, "/peers/supervision/")),
        body=supervision_form,
        state=session_count,
    ),
    html("GET", "/peers/supervision/{pk}/", SESSION_RECORD, record=SESSION),
    html("GET", "/peers/ethics/", PEER_TEAM),
    html(
        "POST",
        "/peers/ethics/",
        roles(403, org_admin=wrote(302, "/peers/ethics/")),
        body={"text": "Matrix code of ethics"},
        state=code_count,
    ),
    html(
        "POST",
        "/peers/ethics/acknowledge/",
        roles(403, peer=wrote(302, "/peers/me/")),
        body={"version": "1"},
        prepare=with_code_of_ethics,
        state=actor_acknowledgements,
    ),
    html("GET", "/peers/{pk}/", PEER_RECORD, record=USER),
    html("GET", "/peers/{pk}/trainings/new/", PEER_RECORD, record=USER),
    html(
        "POST",
        "/peers/{pk}/trainings/new/",
        PEER_RECORD,
        record=USER,
        body=UNKNOWN_TRAINING,
        state=completions_of,
    ),
    html("GET", "/peers/{pk}/credentials/new/", PEER_RECORD, record=USER),
    html(
        "POST",
        "/peers/{pk}/credentials/new/",
        {
            "own": roles(404, peer=wrote(302, "/peers/me/")),
            "same_org": roles(404, org_admin=wrote(302, "/peers/"), supervisor=wrote(302, "/peers/")),
            "other_org": everyone(404),
        },
        record=USER,
        body=CREDENTIAL,
        state=credentials_of,
    ),
]

PEER_API: list[Endpoint] = [
    api("GET", "/peers", TEAM),
    api("GET", "/peers/me", PEER_ONLY),
    api("PUT", "/peers/me", roles(403, peer=wrote(200)), body={"bio": "Changed by the matrix"}, state=actor_bio),
    api("GET", "/peers/trainings", roles(403, org_admin=200, supervisor=200, peer=200)),
    api(
        "POST",
        "/peers/trainings",
        roles(403, org_admin=wrote(201)),
        body={"name": "Matrix training", "hours": "2"},
        state=training_count,
    ),
    # Everyone may ask; each gets only their own (a supervisor: those shared with them).
    api("GET", "/peers/checkins", everyone(200)),
    api(
        "POST",
        "/peers/checkins",
        roles(403, peer=wrote(201)),
        body={"answers": {str(i): 3 for i in range(1, 31)}},
        state=actor_checkins,
    ),
    api(
        "POST",
        "/peers/checkins/{pk}/share",
        {"own": roles(404, peer=wrote(200)), "same_org": everyone(404), "other_org": everyone(404)},
        record=CHECKIN,
        state=checkin_shared,
    ),
    api("GET", "/peers/supervision", PEER_TEAM),
    api(
        "POST",
        "/peers/supervision",
        roles(403, supervisor=wrote(201)),
        body=supervision_body,
        state=session_count,
    ),
    api("GET", "/peers/supervision/{pk}", SESSION_RECORD, record=SESSION),
    api("GET", "/peers/ethics", PEER_TEAM),
    api(
        "PUT",
        "/peers/ethics",
        roles(403, org_admin=wrote(200)),
        body={"text": "Matrix code of ethics"},
        state=code_count,
    ),
    api(
        "POST",
        "/peers/ethics/acknowledge",
        roles(403, peer=wrote(200)),
        body={"version": 1},
        prepare=with_code_of_ethics,
        state=actor_acknowledgements,
    ),
    api("GET", "/peers/team/supervision-overdue", TEAM),
    api("GET", "/peers/team/ethics-due", TEAM),
    api("GET", "/peers/team/wellbeing", TEAM),
    api("GET", "/peers/team/expiring-credentials", TEAM),
    api("GET", "/peers/{pk}", PEER_RECORD, record=USER),
    api(
        "POST",
        "/peers/{pk}/training-completions",
        {
            "own": roles(404, peer=422),
            "same_org": roles(404, org_admin=422, supervisor=422),
            "other_org": everyone(404),
        },
        record=USER,
        body={"training_id": 999999, "completed_on": "2025-01-01"},
        state=completions_of,
    ),
    api(
        "POST",
        "/peers/{pk}/credentials",
        {
            "own": roles(404, peer=wrote(201)),
            "same_org": roles(404, org_admin=wrote(201), supervisor=wrote(201)),
            "other_org": everyone(404),
        },
        record=USER,
        body={"name": "Matrix credential", "issuer": "Board", "issued_on": "2025-01-01"},
        state=credentials_of,
    ),
]
