"""Shared fixtures: named personas across roles and two organizations.

``world.own`` is the organization the personas in ``world.users`` belong to; ``world.other`` is a
second organization with its own users of every role, so a test can prove nothing crosses.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from alongside.accounts import stepup
from alongside.accounts.models import Network, Organization, User
from alongside.accounts.roles import Role
from alongside.accounts.tests.factories import PASSWORD, OrganizationFactory, UserFactory
from alongside.programs.models import Program
from alongside.programs.tests.factories import ProgramFactory


@dataclass
class OrgPersonas:
    organization: Organization
    users: dict[str, User] = field(default_factory=dict)
    program: Program | None = None

    def __getitem__(self, role: str) -> User:
        return self.users[role]


@dataclass
class World:
    own: OrgPersonas
    other: OrgPersonas


def _org_personas(slug: str, network: Network) -> OrgPersonas:
    org = OrganizationFactory.create(slug=slug, name=f"{slug.title()} Peer Center", network=network)
    personas = OrgPersonas(organization=org, program=ProgramFactory.create(organization=org, name=f"{slug} mentors"))
    for role in Role.values:
        personas.users[role] = UserFactory.create(
            email=f"{role}@{slug}.test", full_name=f"{role.title()} {slug.title()}", role=role, organization=org
        )
    # A second person of the same role, for "other record in own organization".
    personas.users["peer_b"] = UserFactory.create(
        email=f"peer_b@{slug}.test", full_name=f"Peer B {slug.title()}", role=Role.PEER, organization=org
    )
    return personas


def own_program(world: World) -> Program:
    assert world.own.program is not None
    return world.own.program


def other_program(world: World) -> Program:
    assert world.other.program is not None
    return world.other.program


def pytest_configure(config: pytest.Config) -> None:
    """Compile the translation catalogues when they are missing or older than their .po files."""
    import polib  # type: ignore[import-untyped]

    for po_path in Path(__file__).parent.glob("locale/*/LC_MESSAGES/*.po"):
        mo_path = po_path.with_suffix(".mo")
        if not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime:
            polib.pofile(str(po_path)).save_as_mofile(str(mo_path))


@pytest.fixture
def world(db: None) -> World:
    network = Network.objects.create(name="Test network")
    return World(own=_org_personas("alpha", network), other=_org_personas("beta", network))


def sign_in(client: Client, user: User) -> Client:
    """Log a user in with the second factor already verified (as after a full 2FA sign-in).

    Staff roles get an authenticator; anyone who has one has just entered a code from it, so
    step-up actions (alongside.accounts.stepup) work for the next 5 minutes.
    """
    client.force_login(user)
    if user.role in {"network_admin", "org_admin", "supervisor", "clinician"}:
        TOTPDevice.objects.get_or_create(user=user, name="default", defaults={"confirmed": True})
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session[stepup.SESSION_KEY] = int(time.time())
        session.save()
    return client


@pytest.fixture
def signed_in(client: Client):  # type: ignore[no-untyped-def]
    def _sign_in(user: User) -> Client:
        return sign_in(client, user)

    return _sign_in


__all__ = ["PASSWORD", "World", "sign_in"]
