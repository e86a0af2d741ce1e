"""The accounts endpoints: me, my organization, people, roles, (de)activation, invitations, tokens."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client

from alongside.accounts.models import ApiToken, Invitation, Membership, User
from alongside.audit.models import AuditAction, AuditEvent
from alongside.outbox.models import OutboxMessage
from conftest import World
from tests.api.helpers import API, assert_problem, bearer, send, session_client, token_for

pytestmark = pytest.mark.django_db


def test_me_describes_the_signed_in_person(world: World) -> None:
    body = session_client(world.own["clinician"]).get(API + "/me").json()
    assert body["email"] == "clinician@alpha.test"
    assert body["role"] == "clinician"
    assert body["organization"] == {"id": world.own.organization.pk, "name": "Alpha Peer Center"}
    assert body["two_factor_enrolled"] is True


@pytest.mark.parametrize("role", ["org_admin", "peer", "participant", "network_admin"])
def test_organization_is_my_own_organization(world: World, role: str) -> None:
    body = session_client(world.own[role]).get(API + "/organization").json()
    org = world.own.organization
    assert body == {
        "id": org.pk,
        "name": org.name,
        "slug": org.slug,
        "network": {"id": org.network_id, "name": "Test network"},
    }


def test_user_list_is_the_organization_for_admins_and_supervisors(world: World) -> None:
    for role in ("org_admin", "supervisor"):
        body = session_client(world.own[role]).get(API + "/users").json()
        assert {item["email"].split("@")[1] for item in body["items"]} == {"alpha.test"}
        assert body["count"] == 7


@pytest.mark.parametrize("role", ["peer", "clinician", "participant", "network_admin"])
def test_user_list_is_refused_to_other_roles(world: World, role: str) -> None:
    assert_problem(session_client(world.own[role]).get(API + "/users"), 403)


def test_user_list_filters(world: World) -> None:
    client = session_client(world.own["org_admin"])
    peers = client.get(API + "/users", {"role": "peer"}).json()["items"]
    assert sorted(item["email"] for item in peers) == ["peer@alpha.test", "peer_b@alpha.test"]
    assert [item["email"] for item in client.get(API + "/users", {"q": "CLINICIAN"}).json()["items"]] == [
        "clinician@alpha.test"
    ]
    send(client, "POST", f"/users/{world.own['peer_b'].pk}/deactivate")
    inactive = client.get(API + "/users", {"active": "false"}).json()["items"]
    assert [item["email"] for item in inactive] == ["peer_b@alpha.test"]
    assert client.get(API + "/users", {"active": "true"}).json()["count"] == 6


def test_user_detail_of_a_colleague_and_of_myself(world: World) -> None:
    supervisor = session_client(world.own["supervisor"])
    assert supervisor.get(f"{API}/users/{world.own['peer'].pk}").json()["role"] == "peer"
    peer = session_client(world.own["peer"])
    assert peer.get(f"{API}/users/{world.own['peer'].pk}").json()["email"] == "peer@alpha.test"
    assert_problem(peer.get(f"{API}/users/{world.own['peer_b'].pk}"), 404)


def test_viewing_a_person_is_audited(world: World) -> None:
    session_client(world.own["org_admin"]).get(f"{API}/users/{world.own['peer'].pk}")
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, actor=world.own["org_admin"], object_id=str(world.own["peer"].pk)
    ).exists()


def test_an_admin_changes_a_role_and_their_sessions_end(world: World) -> None:
    peer = world.own["peer"]
    peers_session = session_client(peer)
    response = send(session_client(world.own["org_admin"]), "PUT", f"/users/{peer.pk}/role", {"role": "supervisor"})
    assert response.status_code == 200, response.content
    assert response.json()["role"] == "supervisor"
    assert Membership.objects.get(user=peer).role == "supervisor"
    assert_problem(peers_session.get(API + "/me"), 401)


def test_nobody_changes_their_own_role(world: World) -> None:
    admin = world.own["org_admin"]
    assert_problem(send(session_client(admin), "PUT", f"/users/{admin.pk}/role", {"role": "peer"}), 404)
    assert Membership.objects.get(user=admin).role == "org_admin"


def test_deactivate_and_reactivate(world: World) -> None:
    peer = world.own["peer"]
    raw = token_for(peer)
    client = session_client(world.own["org_admin"])
    response = send(client, "POST", f"/users/{peer.pk}/deactivate")
    assert response.status_code == 200 and response.json()["is_active"] is False
    assert not User.objects.get(pk=peer.pk).is_active
    assert ApiToken.objects.get(user=peer).revoked_at is not None
    assert_problem(Client().get(API + "/me", **bearer(raw)), 401)
    response = send(client, "POST", f"/users/{peer.pk}/reactivate")
    assert response.status_code == 200 and response.json()["is_active"] is True
    assert Membership.objects.get(user=peer).is_active


def test_deactivating_twice_is_harmless(world: World) -> None:
    client = session_client(world.own["org_admin"])
    peer = world.own["peer"]
    assert send(client, "POST", f"/users/{peer.pk}/deactivate").status_code == 200
    assert send(client, "POST", f"/users/{peer.pk}/deactivate").status_code == 200
    assert AuditEvent.objects.filter(object_id=str(peer.pk), changed_fields=["is_active"]).count() == 1


def test_invitations_list_create_and_revoke(world: World) -> None:
    client = session_client(world.own["org_admin"])
    response = send(client, "POST", "/invitations", {"email": "New.Person@Example.org", "role": "peer"})
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["email"] == "new.person@example.org" and created["role"] == "peer"
    assert OutboxMessage.objects.filter(key=f"invitation:{created['id']}").exists() or mail.outbox
    listed = client.get(API + "/invitations").json()
    assert [item["id"] for item in listed["items"]] == [created["id"]]
    response = send(client, "POST", f"/invitations/{created['id']}/revoke")
    assert response.status_code == 200 and response.json()["revoked_at"] is not None
    assert Invitation.objects.get(pk=created["id"]).revoked_at is not None


def test_inviting_someone_already_here_is_a_422(world: World) -> None:
    client = session_client(world.own["org_admin"])
    body = assert_problem(send(client, "POST", "/invitations", {"email": "peer@alpha.test", "role": "peer"}), 422)
    assert body["errors"][0]["field"] == "email"


@pytest.mark.parametrize("role", ["supervisor", "peer", "clinician", "participant", "network_admin"])
def test_only_org_admins_handle_invitations(world: World, role: str) -> None:
    client = session_client(world.own[role])
    assert_problem(client.get(API + "/invitations"), 403)
    assert_problem(send(client, "POST", "/invitations", {"email": "x@example.org", "role": "peer"}), 403)
    assert not Invitation.objects.exists()


def test_tokens_list_create_and_revoke(world: World) -> None:
    client = session_client(world.own["supervisor"])
    response = send(client, "POST", "/tokens", {"name": "Reporting"})
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["token"].startswith("als_") and created["prefix"] == created["token"][:10]
    listed = client.get(API + "/tokens").json()["items"]
    assert [item["name"] for item in listed] == ["Reporting"]
    assert "token" not in listed[0]  # the secret is shown once only
    assert Client().get(API + "/me", **bearer(created["token"])).status_code == 200
    response = send(client, "POST", f"/tokens/{created['id']}/revoke")
    assert response.status_code == 200 and response.json()["revoked_at"] is not None
    assert_problem(Client().get(API + "/me", **bearer(created["token"])), 401)


def test_creating_a_token_needs_a_recent_code(world: World) -> None:
    client = session_client(world.own["supervisor"], recent_code=False)
    assert_problem(send(client, "POST", "/tokens", {"name": "Reporting"}), 403, "code")
    assert not ApiToken.objects.exists()


def test_a_token_cannot_make_more_tokens(world: World) -> None:
    raw = token_for(world.own["supervisor"])
    assert_problem(send(Client(), "POST", "/tokens", {"name": "Another"}, **bearer(raw)), 403)
    assert ApiToken.objects.count() == 1


def test_tokens_are_private_to_their_owner(world: World) -> None:
    token_for(world.own["peer_b"], name="B's")
    client = session_client(world.own["org_admin"])
    assert client.get(API + "/tokens").json()["items"] == []
    token = ApiToken.objects.get(user=world.own["peer_b"])
    assert_problem(send(client, "POST", f"/tokens/{token.pk}/revoke"), 404)
    token.refresh_from_db()
    assert token.revoked_at is None
