"""The permission-matrix machinery: outcomes, endpoint declarations, the world and its records.

``endpoints.py`` declares every page and API endpoint with the answer each role gets; this module
says what a declaration means, and ``test_matrix.py`` turns the declarations into test cases (see
docs/permissions.md, "The permission matrix").
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from alongside.accounts import services
from alongside.accounts.models import ApiToken, Invitation, Membership, Network, User
from alongside.participants.models import Consent, Enrollment, Participant, PeerAssignment
from alongside.participants.tests.factories import (
    ConsentFactory,
    EnrollmentFactory,
    ParticipantFactory,
    PeerAssignmentFactory,
)
from alongside.programs.models import Program
from alongside.programs.tests.factories import ProgramFactory
from conftest import World, _org_personas

ROLES = ("network_admin", "org_admin", "supervisor", "peer", "clinician", "participant")
ANONYMOUS = "anonymous"
ACTORS = (*ROLES, ANONYMOUS)

# Whose record the request is about, seen from the actor (always a person of world.own):
#   own       the record tied to the actor: their own user row, their own token;
#   same_org  someone else's record in the actor's organization;
#   other_org a record in the other organization.
Scope = Literal["own", "same_org", "other_org"]
SCOPES: tuple[Scope, ...] = ("own", "same_org", "other_org")

LOGIN = "/account/login/"


@dataclass(frozen=True)
class Outcome:
    """What a request must answer: a status, whether it changed the record, where it redirects to."""

    status: int
    changed: bool = False
    location: str | None = None  # a prefix of the Location header, for redirects

    def __str__(self) -> str:
        return f"{self.status}{' (writes)' if self.changed else ''}{f' → {self.location}' if self.location else ''}"


def wrote(status: int, location: str | None = None) -> Outcome:
    """Allowed, and the write happened (the endpoint's ``state`` changed)."""
    return Outcome(status, changed=True, location=location)


def redirect(location: str) -> Outcome:
    """A 302 to ``location`` (a prefix) with nothing written."""
    return Outcome(302, location=location)


Expected = int | Outcome
RoleTable = Mapping[str, Expected]


def roles(default: Expected, **overrides: Expected) -> dict[str, Expected]:
    """One expected answer per role: ``roles(403, org_admin=200)``."""
    unknown = set(overrides) - set(ROLES)
    assert not unknown, f"unknown roles {unknown}"
    return {role: overrides.get(role, default) for role in ROLES}


def everyone(expected: Expected) -> dict[str, Expected]:
    return roles(expected)


@dataclass(frozen=True)
class Record:
    """A kind of record an endpoint's address names, and how to find one for an actor and a scope."""

    name: str
    find: Callable[[MatrixWorld, User, Scope], int]
    scopes: tuple[Scope, ...]
    sample: Any = 1  # an id of the right shape, to check the address resolves


@dataclass(frozen=True)
class Endpoint:
    """One row of the matrix: a page or API operation and the answer each role gets.

    ``path`` has ``{pk}`` where the record's id goes. ``expect`` maps each scope the record kind has
    (``own``, ``same_org``, ``other_org``; only ``same_org`` for an endpoint without a record) to a
    role table. ``state(world, actor, pk)`` reads back what the endpoint writes: the harness checks
    it changed when the outcome says ``wrote(...)`` and stayed the same otherwise. ``prepare`` runs
    before the request (say, deactivate the person a "reactivate" is about).
    """

    kind: Literal["html", "api"]
    method: str
    path: str
    expect: Mapping[Scope, RoleTable]
    record: Record | None = None
    # A body, or a function of the world that makes one (when it must name a record's id).
    body: Mapping[str, Any] | Callable[[MatrixWorld], Mapping[str, Any]] | None = None
    state: Callable[[MatrixWorld, User, int | None], Any] | None = None
    prepare: Callable[[MatrixWorld, int | None, Scope], None] | None = None
    anonymous: Expected | None = None  # default: HTML → 302 to the sign-in page, API → 401

    @property
    def name(self) -> str:
        return f"{self.kind} {self.method} {self.path}"

    @property
    def route(self) -> tuple[str, str]:
        """(method, path with every parameter as ``{}``), to match against the URL configuration."""
        return self.method, normalize(self.path)

    def anonymous_outcome(self) -> Outcome:
        if self.anonymous is not None:
            return as_outcome(self.anonymous)
        return Outcome(401) if self.kind == "api" else redirect(LOGIN)


def normalize(path: str) -> str:
    """``/people/<int:user_id>/role/`` and ``/people/{pk}/role/`` both become ``/people/{}/role/``."""
    path = re.sub(r"<[^>]+>|\{[^}]+\}", "{}", path)
    return path if path.startswith("/") else "/" + path


def as_outcome(expected: Expected) -> Outcome:
    return expected if isinstance(expected, Outcome) else Outcome(expected)


def html(method: str, path: str, expect: Mapping[Scope, RoleTable] | RoleTable, **options: Any) -> Endpoint:
    return Endpoint("html", method, path, _by_scope(expect, options.get("record")), **options)


def api(method: str, path: str, expect: Mapping[Scope, RoleTable] | RoleTable, **options: Any) -> Endpoint:
    return Endpoint("api", method, "/api/v1" + path, _by_scope(expect, options.get("record")), **options)


def _by_scope(expect: Mapping[str, Any], record: Record | None) -> Mapping[Scope, RoleTable]:
    """A bare role table means "the same for every scope the record kind has"."""
    if set(expect) <= set(SCOPES):
        return expect  # type: ignore[return-value]
    scopes = record.scopes if record else ("same_org",)
    return dict.fromkeys(scopes, expect)  # type: ignore[arg-type]


# --- The world ------------------------------------------------------------------------------


@dataclass
class MatrixWorld:
    """conftest's two organizations, plus a token per person and an open invitation in each."""

    world: World
    tokens: dict[int, int] = field(default_factory=dict)  # user pk → their token's pk
    invitations: dict[str, int] = field(default_factory=dict)  # "own"/"other" → invitation pk
    # Participants records: "own" (linked to world.own's participant and assigned to its peer),
    # "same_org" (neither) and "other_org", each with a referred enrollment and a sharing consent.
    participants: dict[str, Any] = field(default_factory=dict)
    enrollments: dict[str, int] = field(default_factory=dict)
    consents: dict[str, int] = field(default_factory=dict)

    @property
    def own(self) -> Any:
        return self.world.own

    @property
    def other(self) -> Any:
        return self.world.other


def build_world() -> MatrixWorld:
    network = Network.objects.create(name="Test network")
    world = World(own=_org_personas("alpha", network), other=_org_personas("beta", network))
    matrix = MatrixWorld(world=world)
    for personas in (world.own, world.other):
        for user in personas.users.values():
            if user.role in {"network_admin", "org_admin", "supervisor", "clinician"}:
                TOTPDevice.objects.create(user=user, name="default", confirmed=True)
            token, _raw = services.api_token_create(user=user, name=f"{user.email} token")
            matrix.tokens[user.pk] = token.pk
    for key, personas in (("own", world.own), ("other", world.other)):
        invitation, _raw = services.invitation_create(
            actor=personas["org_admin"], email=f"invited@{key}.test", role="peer"
        )
        matrix.invitations[key] = invitation.pk
    _add_participants(matrix)
    return matrix


def _add_participants(matrix: MatrixWorld) -> None:
    own, other = matrix.own, matrix.other
    records = {
        "own": ParticipantFactory.create(organization=own.organization, user=own["participant"]),
        "same_org": ParticipantFactory.create(organization=own.organization),
        "other_org": ParticipantFactory.create(organization=other.organization),
    }
    PeerAssignmentFactory.create(participant=records["own"], peer=own["peer"])
    for scope, participant in records.items():
        # A second program, so enrolling in the world's program is a new enrollment.
        program = ProgramFactory.create(organization=participant.organization)
        matrix.participants[scope] = participant.pk
        matrix.enrollments[scope] = EnrollmentFactory.create(participant=participant, program=program).pk
        matrix.consents[scope] = ConsentFactory.create(participant=participant).pk


# --- Record kinds ---------------------------------------------------------------------------


def _user(matrix: MatrixWorld, actor: User, scope: Scope) -> int:
    if scope == "own":
        return actor.pk
    return (matrix.own if scope == "same_org" else matrix.other)["peer_b"].pk  # type: ignore[no-any-return]


def _token(matrix: MatrixWorld, actor: User, scope: Scope) -> int:
    owner = actor if scope == "own" else (matrix.own if scope == "same_org" else matrix.other)["peer_b"]
    return matrix.tokens[owner.pk]


def _program(matrix: MatrixWorld, actor: User, scope: Scope) -> int:
    return (matrix.own if scope == "same_org" else matrix.other).program.pk  # type: ignore[no-any-return]


def _invitation(matrix: MatrixWorld, actor: User, scope: Scope) -> int:
    return matrix.invitations["own" if scope == "same_org" else "other"]


def _participant(matrix: MatrixWorld, actor: User, scope: Scope) -> Any:
    return matrix.participants[scope]


def _enrollment(matrix: MatrixWorld, actor: User, scope: Scope) -> int:
    return matrix.enrollments[scope]


def _consent(matrix: MatrixWorld, actor: User, scope: Scope) -> int:
    return matrix.consents[scope]


USER = Record("user", _user, ("own", "same_org", "other_org"))
# "own" is the participant tied to the actor: their own record (participant) or the one assigned to
# them (peer); for other roles it is simply another record of their organization.
PARTICIPANT = Record(
    "participant", _participant, ("own", "same_org", "other_org"), sample="00000000-0000-4000-8000-000000000001"
)
ENROLLMENT = Record("enrollment", _enrollment, ("own", "same_org", "other_org"))
CONSENT = Record("consent", _consent, ("own", "same_org", "other_org"))
TOKEN = Record("token", _token, ("own", "same_org", "other_org"))
PROGRAM = Record("program", _program, ("same_org", "other_org"))
INVITATION = Record("invitation", _invitation, ("same_org", "other_org"))


# --- What endpoints write (read back to check a write happened, or did not) -----------------


def role_of(matrix: MatrixWorld, actor: User, pk: int | None) -> Any:
    return Membership.objects.filter(user_id=pk).values_list("role", flat=True).first()


def is_active(matrix: MatrixWorld, actor: User, pk: int | None) -> Any:
    return User.objects.filter(pk=pk).values_list("is_active", flat=True).first()


def deactivate_unless_own(matrix: MatrixWorld, pk: int | None, scope: Scope) -> None:
    """Make the person inactive first (the actor themselves stays active, or they could not ask)."""
    if scope != "own":
        User.objects.filter(pk=pk).update(is_active=False)
        Membership.objects.filter(user_id=pk).update(is_active=False)


def token_revoked(matrix: MatrixWorld, actor: User, pk: int | None) -> Any:
    return ApiToken.objects.filter(pk=pk, revoked_at__isnull=False).exists()


def tokens_of_actor(matrix: MatrixWorld, actor: User, pk: int | None) -> Any:
    return ApiToken.objects.filter(user_id=actor.pk).count()


def invitation_revoked(matrix: MatrixWorld, actor: User, pk: int | None) -> Any:
    return Invitation.objects.filter(pk=pk, revoked_at__isnull=False).exists()


def invitation_count(matrix: MatrixWorld, actor: User, pk: int | None) -> Any:
    return Invitation.objects.count()


def program_count(matrix: MatrixWorld, actor: User, pk: int | None) -> Any:
    return Program.objects.count()


def program_fields(matrix: MatrixWorld, actor: User, pk: int | None) -> Any:
    return Program.objects.filter(pk=pk).values_list("name", "description", "is_active").first()


def participant_count(matrix: MatrixWorld, actor: User, pk: int | None) -> Any:
    return Participant.objects.count()


def participant_name(matrix: MatrixWorld, actor: User, pk: int | None) -> Any:
    return Participant.objects.filter(pk=pk).values_list("preferred_name", flat=True).first()


def enrollments_of(matrix: MatrixWorld, actor: User, pk: int | None) -> Any:
    return Enrollment.objects.filter(participant_id=pk).count()


def enrollment_status(matrix: MatrixWorld, actor: User, pk: int | None) -> Any:
    return Enrollment.objects.filter(pk=pk).values_list("status", flat=True).first()


def assignments_of(matrix: MatrixWorld, actor: User, pk: int | None) -> Any:
    return PeerAssignment.objects.filter(participant_id=pk).count()


def consents_of(matrix: MatrixWorld, actor: User, pk: int | None) -> Any:
    return Consent.objects.filter(participant_id=pk).count()


def consent_revoked(matrix: MatrixWorld, actor: User, pk: int | None) -> Any:
    return Consent.objects.filter(pk=pk, revoked_at__isnull=False).exists()


def actor_name(matrix: MatrixWorld, actor: User, pk: int | None) -> Any:
    return User.objects.filter(pk=actor.pk).values_list("full_name", flat=True).first()


def actor_session_epoch(matrix: MatrixWorld, actor: User, pk: int | None) -> Any:
    return User.objects.filter(pk=actor.pk).values_list("session_epoch", flat=True).first()


def actor_backup_codes(matrix: MatrixWorld, actor: User, pk: int | None) -> Any:
    return sorted(StaticToken.objects.filter(device__user_id=actor.pk).values_list("token", flat=True))


def actor_devices(matrix: MatrixWorld, actor: User, pk: int | None) -> Any:
    return TOTPDevice.objects.filter(user_id=actor.pk).count()


# --- Sending a request ----------------------------------------------------------------------


def send(client: Client, endpoint: Endpoint, pk: int | None, matrix: MatrixWorld | None = None) -> Any:
    path = endpoint.path.format(pk=pk)
    method = endpoint.method.lower()
    body = endpoint.body(matrix) if callable(endpoint.body) and matrix is not None else endpoint.body
    if endpoint.kind == "api" and endpoint.method != "GET":
        data = json.dumps(dict(body)) if body is not None else ""  # type: ignore[call-overload]
        return getattr(client, method)(path, data, content_type="application/json")
    if body is not None:
        return getattr(client, method)(path, dict(body))  # type: ignore[call-overload]
    return getattr(client, method)(path)


def now() -> Any:
    return timezone.now()
