"""Personal API tokens at /account/tokens/: create (shown once), list, revoke. Stored only as a hash."""

from __future__ import annotations

import hashlib
import re

from django.test import Client

from alongside.accounts.models import ApiToken
from alongside.accounts.services import api_token_authenticate, api_token_create
from alongside.accounts.tests.helpers import enrol
from conftest import World, sign_in

TOKENS = "/account/tokens/"


def _secret(page: str) -> str:
    match = re.search(r'<code class="secret" id="new-token">([^<]+)</code>', page)
    assert match is not None
    return match.group(1)


def test_it_creates_a_token_and_shows_it_once(world: World, client: Client) -> None:
    peer = world.own["peer"]
    enrol(peer)  # creating a token needs a recent code from an authenticator (step-up)
    sign_in(client, peer)
    response = client.post(TOKENS, {"name": "Reporting script"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Copy your new token now. It will not be shown again." in page
    raw = _secret(page)
    assert raw.startswith("als_")
    assert api_token_authenticate(raw) == peer

    later = client.get(TOKENS).content.decode()
    assert "Reporting script" in later
    assert raw not in later
    assert raw[:10] in later  # the prefix, to recognise it


def test_only_a_hash_of_the_token_is_stored(world: World, client: Client) -> None:
    enrol(world.own["peer"])
    sign_in(client, world.own["peer"])
    raw = _secret(client.post(TOKENS, {"name": "Script"}).content.decode())
    token = ApiToken.objects.get()
    assert token.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in {token.key_hash, token.prefix, token.name}


def test_a_token_needs_a_name(world: World, client: Client) -> None:
    enrol(world.own["peer"])
    sign_in(client, world.own["peer"])
    response = client.post(TOKENS, {"name": "   "})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not ApiToken.objects.exists()


def test_the_list_shows_only_my_tokens(world: World, client: Client) -> None:
    api_token_create(user=world.own["peer_b"], name="Someone else's")
    api_token_create(user=world.own["peer"], name="Mine")
    sign_in(client, world.own["peer"])
    page = client.get(TOKENS).content.decode()
    assert "Mine" in page
    assert "Someone else" not in page


def test_it_revokes_a_token(world: World, client: Client) -> None:
    peer = world.own["peer"]
    token, raw = api_token_create(user=peer, name="Old script")
    sign_in(client, peer)
    response = client.post(f"/account/tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    assert "no longer works" in client.get(TOKENS).content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert api_token_authenticate(raw) is None
    assert "Revoked" in client.get(TOKENS).content.decode()


def test_someone_elses_token_is_not_found(world: World, client: Client) -> None:
    token, raw = api_token_create(user=world.own["peer_b"], name="Theirs")
    other_org, _ = api_token_create(user=world.other["peer"], name="Elsewhere")
    sign_in(client, world.own["org_admin"])  # not even an admin can revoke another person's token
    assert client.post(f"/account/tokens/{token.pk}/revoke/").status_code == 404
    assert client.post(f"/account/tokens/{other_org.pk}/revoke/").status_code == 404
    assert api_token_authenticate(raw) == world.own["peer_b"]


def test_revoking_needs_a_post(world: World, client: Client) -> None:
    token, _raw = api_token_create(user=world.own["peer"], name="Script")
    sign_in(client, world.own["peer"])
    assert client.get(f"/account/tokens/{token.pk}/revoke/").status_code == 405


def test_someone_signed_out_is_sent_to_sign_in(client: Client, db: None) -> None:
    assert client.get(TOKENS)["Location"].startswith("/account/login/")
