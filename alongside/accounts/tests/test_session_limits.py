"""SessionLimitsMiddleware: sessions end after 30 minutes idle and 12 hours in all."""

from __future__ import annotations

import time

from django.conf import settings
from django.test import Client

from alongside.accounts.middleware import SESSION_LAST_SEEN, SESSION_STARTED
from alongside.accounts.tests.helpers import LOGIN, signed_in_user_id
from conftest import World, sign_in


def _age(client: Client, *, idle: int = 0, started: int = 0) -> None:
    """Pretend the last request was ``idle`` seconds ago and the session began ``started`` seconds ago."""
    now = int(time.time())
    session = client.session
    session[SESSION_LAST_SEEN] = now - idle
    session[SESSION_STARTED] = now - started
    session.save()


def test_the_limits_are_30_minutes_idle_and_12_hours_in_all() -> None:
    assert settings.SESSION_IDLE_SECONDS == 30 * 60
    assert settings.SESSION_ABSOLUTE_SECONDS == 12 * 3600
    # The stored session outlives the idle limit; the middleware enforces idleness itself.
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_ABSOLUTE_SECONDS


def test_it_keeps_a_session_that_was_used_29_minutes_ago(world: World, client: Client) -> None:
    sign_in(client, world.own["peer"])
    client.get("/")
    _age(client, idle=29 * 60, started=2 * 3600)
    assert client.get("/").status_code == 200


def test_it_ends_a_session_idle_for_more_than_30_minutes(world: World, client: Client) -> None:
    peer = world.own["peer"]
    sign_in(client, peer)
    client.get("/")
    _age(client, idle=30 * 60 + 1, started=3600)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert signed_in_user_id(client) is None
    assert "You were signed out to protect your information" in client.get(LOGIN).content.decode()


def test_it_ends_a_session_after_12_hours_even_when_busy(world: World, client: Client) -> None:
    sign_in(client, world.own["supervisor"])
    client.get("/")
    _age(client, idle=10, started=12 * 3600 + 1)
    response = client.get("/programs/")
    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert signed_in_user_id(client) is None


def test_each_request_counts_as_activity(world: World, client: Client) -> None:
    sign_in(client, world.own["peer"])
    client.get("/")
    _age(client, idle=20 * 60, started=3600)
    assert client.get("/").status_code == 200
    assert client.session[SESSION_LAST_SEEN] >= int(time.time()) - 5


def test_requests_within_a_minute_do_not_rewrite_the_session(world: World, client: Client) -> None:
    sign_in(client, world.own["peer"])
    client.get("/")
    _age(client, idle=30, started=3600)
    before = client.session[SESSION_LAST_SEEN]
    assert client.get("/").status_code == 200
    assert client.session[SESSION_LAST_SEEN] == before


def test_an_htmx_request_is_sent_to_sign_in_as_a_full_page(world: World, client: Client) -> None:
    sign_in(client, world.own["org_admin"])
    client.get("/")
    _age(client, idle=31 * 60, started=3600)
    response = client.get("/people/", headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response["HX-Redirect"] == LOGIN


def test_an_api_call_on_an_ended_session_gets_401_not_a_redirect(world: World, client: Client) -> None:
    sign_in(client, world.own["peer"])
    client.get("/")
    _age(client, idle=31 * 60, started=3600)
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert signed_in_user_id(client) is None
