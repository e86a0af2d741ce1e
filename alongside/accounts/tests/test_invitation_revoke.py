"""Cancelling an invitation at /people/invitations/<id>/revoke/: its link stops working."""

from __future__ import annotations

import pytest
from django.test import Client

from alongside.accounts.models import Invitation
from alongside.accounts.services import invitation_create
from conftest import World, sign_in


@pytest.fixture
def invitation(world: World) -> tuple[Invitation, str]:
    return invitation_create(actor=world.own["org_admin"], email="new@example.org", role="peer")


def test_an_admin_cancels_an_invitation_and_the_link_stops_working(world: World, client: Client, invitation) -> None:  # type: ignore[no-untyped-def]
    record, raw = invitation
    sign_in(client, world.own["org_admin"])
    response = client.post(f"/people/invitations/{record.pk}/revoke/")
    assert response.status_code == 302
    assert "The invitation is cancelled" in client.get(response["Location"]).content.decode()
    record.refresh_from_db()
    assert record.revoked_at is not None
    page = Client().get(f"/invite/{raw}/")
    assert page.status_code == 404
    assert "The invitation was cancelled." in page.content.decode()


def test_an_invitation_of_another_organization_is_not_found(world: World, client: Client) -> None:
    record, _raw = invitation_create(actor=world.other["org_admin"], email="new@example.org", role="peer")
    sign_in(client, world.own["org_admin"])
    assert client.post(f"/people/invitations/{record.pk}/revoke/").status_code == 404
    record.refresh_from_db()
    assert record.revoked_at is None


@pytest.mark.parametrize("role", ["supervisor", "peer", "participant"])
def test_other_roles_may_not_cancel(world: World, client: Client, invitation, role: str) -> None:  # type: ignore[no-untyped-def]
    record, _raw = invitation
    sign_in(client, world.own[role])
    assert client.post(f"/people/invitations/{record.pk}/revoke/").status_code == 403
    record.refresh_from_db()
    assert record.revoked_at is None


def test_it_needs_a_post(world: World, client: Client, invitation) -> None:  # type: ignore[no-untyped-def]
    record, _raw = invitation
    sign_in(client, world.own["org_admin"])
    assert client.get(f"/people/invitations/{record.pk}/revoke/").status_code == 405
