"""Inviting someone by email to a role at /people/invite/ (organization admins only)."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

from alongside.accounts.models import Invitation
from alongside.audit.models import AuditAction, AuditEvent
from conftest import World, sign_in

INVITE = "/people/invite/"


@pytest.fixture
def admin_client(world: World, client: Client) -> Client:
    return sign_in(client, world.own["org_admin"])


def _invite(client: Client, email: str, role: str, capture):  # type: ignore[no-untyped-def]
    with capture(execute=True):
        return client.post(INVITE, {"email": email, "role": role})


def test_the_form_offers_every_role_but_network_admin(admin_client: Client) -> None:
    page = admin_client.get(INVITE).content.decode()
    assert "Invite someone" in page
    for role in ["org_admin", "supervisor", "peer", "clinician", "participant"]:
        assert f'value="{role}"' in page
    assert 'value="network_admin"' not in page


def test_it_emails_an_invitation_link(world: World, admin_client: Client, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    response = _invite(admin_client, "New.Person@Example.org", "peer", django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response["Location"] == "/people/"
    assert "Invitation sent" in admin_client.get("/people/").content.decode()
    invitation = Invitation.objects.get()
    assert invitation.email == "new.person@example.org"
    assert invitation.role == "peer"
    assert invitation.organization == world.own.organization
    assert invitation.invited_by == world.own["org_admin"]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new.person@example.org"]
    assert "Alpha Peer Center invited you" in message.body
    match = re.search(r"/invite/([\w-]+)/", str(message.body))
    assert match is not None
    # Only a hash of the link's token is stored.
    assert match.group(1) not in invitation.token_hash
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_type="accounts.invitation").exists()


def test_the_pending_invitation_is_listed_with_a_cancel_button(
    admin_client: Client, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    _invite(admin_client, "new@example.org", "clinician", django_capture_on_commit_callbacks)
    page = admin_client.get("/people/").content.decode()
    assert "Invitations waiting for an answer" in page
    assert "Cancel invitation for new@example.org" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "not an email", "role": "peer"}, "Enter a valid email address"),
        ({"email": "", "role": "peer"}, "This field is required."),
        ({"email": "a@example.org", "role": "boss"}, "Select a valid choice."),
        ({"email": "a@example.org", "role": "network_admin"}, "Select a valid choice."),
    ],
)
def test_bad_input_says_so_and_saves_nothing(admin_client: Client, data: dict[str, str], message: str) -> None:
    response = admin_client.post(INVITE, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_someone_already_in_the_organization_is_not_invited_again(world: World, admin_client: Client) -> None:
    response = admin_client.post(INVITE, {"email": world.own["peer"].email.upper(), "role": "supervisor"})
    assert response.status_code == 200
    assert "This person already has an account here." in response.content.decode()
    assert not Invitation.objects.exists()


def test_it_does_not_reveal_accounts_in_other_organizations(
    world: World, admin_client: Client, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    # Whether someone takes part in a program elsewhere is not this admin's business.
    elsewhere = _invite(
        admin_client, world.other["participant"].email, "participant", django_capture_on_commit_callbacks
    )
    nobody = _invite(admin_client, "brand.new@example.org", "participant", django_capture_on_commit_callbacks)
    assert elsewhere.status_code == nobody.status_code == 302


def test_a_new_invitation_replaces_the_earlier_one(admin_client: Client, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    _invite(admin_client, "new@example.org", "peer", django_capture_on_commit_callbacks)
    _invite(admin_client, "new@example.org", "supervisor", django_capture_on_commit_callbacks)
    first, second = Invitation.objects.order_by("pk")
    assert first.revoked_at is not None
    assert second.is_open
    assert len(mail.outbox) == 2


@pytest.mark.parametrize("role", ["supervisor", "peer", "clinician", "participant", "network_admin"])
def test_other_roles_may_not_invite(world: World, client: Client, role: str) -> None:
    sign_in(client, world.own[role])
    assert client.get(INVITE).status_code == 403
    assert client.post(INVITE, {"email": "x@example.org", "role": "peer"}).status_code == 403
    assert not Invitation.objects.exists()


def test_someone_signed_out_is_sent_to_sign_in(client: Client, db: None) -> None:
    response = client.get(INVITE)
    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/")
