"""The peer workforce's rows of the permission matrix (kept apart so capabilities built side by side
do not edit the same lines); ``endpoints.py`` adds them to ``ENDPOINTS``. See docs/permissions.md.

Reading guide: a peer's records are addressed by the peer's user id, so they use the ``USER`` record
kind: ``own`` is the actor themselves (only a peer has a peer page), ``same_org`` is ``peer_b`` of
the actor's organization (org admins and supervisors see it; another peer does not), ``other_org``
is ``peer_b`` of the other organization. Well-being check-ins are private to the peer: nobody but
the peer who filled one in can share it, and an unshared one is not found for everyone else.
"""

from __future__ import annotations

from typing import Any

from alongside.accounts.models import User
from alongside.peers.models import Credential, PeerProfile, TimeOff, Training, WellbeingCheckIn
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
