"""Idempotent API creates: POST /api/v1/programs, /invitations and /tokens with an Idempotency-Key."""

from __future__ import annotations

import json
import threading
from datetime import timedelta
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.test import Client
from django.utils import timezone

from alongside.accounts.models import ApiToken, Invitation
from alongside.accounts.services import api_token_create
from alongside.accounts.tests.helpers import enrol
from alongside.core.models import IdempotencyRecord
from alongside.outbox.models import OutboxMessage
from alongside.programs.models import Program
from conftest import World, sign_in

PROGRAMS = "/api/v1/programs"
INVITATIONS = "/api/v1/invitations"
TOKENS = "/api/v1/tokens"
PROGRAM = {"name": "Evening group", "model": "group"}


def _post(client: Client, path: str, body: Any, key: str | None = None, **extra: Any):  # type: ignore[no-untyped-def]
    if key is not None:
        extra["HTTP_IDEMPOTENCY_KEY"] = key
    data = body if isinstance(body, str) else json.dumps(body)
    return client.post(path, data, content_type="application/json", **extra)


@pytest.fixture
def admin(world: World, client: Client) -> Client:
    return sign_in(client, world.own["org_admin"])


def _programs(world: World) -> int:
    return Program.objects.filter(organization=world.own.organization).count()


def test_a_replay_returns_the_first_answer_and_creates_one_record(world: World, admin: Client) -> None:
    before = _programs(world)
    first = _post(admin, PROGRAMS, PROGRAM, key="key-1")
    again = _post(admin, PROGRAMS, PROGRAM, key="key-1")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]
    assert again["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert _programs(world) == before + 1
    assert IdempotencyRecord.objects.count() == 1


def test_the_same_body_with_other_spacing_is_the_same_request(world: World, admin: Client) -> None:
    first = _post(admin, PROGRAMS, '{"name": "Evening group", "model": "group"}', key="key-1")
    again = _post(admin, PROGRAMS, '{"model":"group","name":"Evening group"}', key="key-1")
    assert again.status_code == 201
    assert again.json() == first.json()


def test_the_same_key_with_a_different_body_is_refused(world: World, admin: Client) -> None:
    before = _programs(world)
    _post(admin, PROGRAMS, PROGRAM, key="key-1")
    response = _post(admin, PROGRAMS, {**PROGRAM, "name": "Morning group"}, key="key-1")
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert "already used for a different request" in response.json()["detail"]
    assert _programs(world) == before + 1


def test_the_same_key_on_another_address_is_refused(world: World, admin: Client) -> None:
    _post(admin, PROGRAMS, PROGRAM, key="key-1")
    response = _post(admin, INVITATIONS, {"email": "new@alpha.test", "role": "peer"}, key="key-1")
    assert response.status_code == 422
    assert not Invitation.objects.filter(email="new@alpha.test").exists()


def test_without_the_header_each_post_creates_a_record(world: World, admin: Client) -> None:
    before = _programs(world)
    assert _post(admin, PROGRAMS, PROGRAM).status_code == 201
    assert _post(admin, PROGRAMS, {**PROGRAM, "name": "Morning group"}).status_code == 201
    assert _programs(world) == before + 2
    assert not IdempotencyRecord.objects.exists()


def test_a_duplicate_while_the_first_is_in_flight_gets_409(
    world: World, admin: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    from alongside.programs import services

    create = services.program_create
    during: list[Any] = []

    def slow_create(**kwargs: Any) -> Program:
        # The client retries before the first request has answered.
        during.append(_post(admin, PROGRAMS, PROGRAM, key="key-1"))
        return create(**kwargs)

    monkeypatch.setattr(services, "program_create", slow_create)
    before = _programs(world)
    first = _post(admin, PROGRAMS, PROGRAM, key="key-1")
    assert first.status_code == 201
    assert during[0].status_code == 409
    assert during[0]["Content-Type"] == "application/problem+json"
    assert "still being processed" in during[0].json()["detail"]
    assert _programs(world) == before + 1
    monkeypatch.setattr(services, "program_create", create)
    assert _post(admin, PROGRAMS, PROGRAM, key="key-1").json() == first.json()


def test_it_works_with_an_api_token_too(world: World, client: Client) -> None:
    admin = world.own["org_admin"]
    enrol(admin)
    _token, raw = api_token_create(user=admin, name="Script")
    before = _programs(world)
    first = _post(client, PROGRAMS, PROGRAM, key="key-1", HTTP_AUTHORIZATION=f"Bearer {raw}")
    again = _post(client, PROGRAMS, PROGRAM, key="key-1", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert _programs(world) == before + 1


def test_keys_belong_to_one_user(world: World, admin: Client) -> None:
    before = _programs(world)
    _post(admin, PROGRAMS, PROGRAM, key="key-1")
    other = sign_in(Client(), world.other["org_admin"])
    response = _post(other, PROGRAMS, PROGRAM, key="key-1")
    assert response.status_code == 201
    assert response.json()["id"] != _post(admin, PROGRAMS, PROGRAM, key="key-1").json()["id"]
    assert _programs(world) == before + 1
    assert IdempotencyRecord.objects.count() == 2


def test_a_refused_first_try_may_be_retried_with_the_same_key(world: World, client: Client) -> None:
    sign_in(client, world.own["supervisor"])
    assert _post(client, PROGRAMS, PROGRAM, key="key-1").status_code == 403
    assert not IdempotencyRecord.objects.exists()


def test_a_failed_first_try_keeps_nothing(world: World, admin: Client) -> None:
    member = world.own["peer"].email
    response = _post(admin, INVITATIONS, {"email": member, "role": "peer"}, key="key-1")
    assert response.status_code == 422
    assert not IdempotencyRecord.objects.exists()
    assert _post(admin, INVITATIONS, {"email": "new@alpha.test", "role": "peer"}, key="key-2").status_code == 201


def test_an_invitation_replay_sends_one_email(world: World, admin: Client) -> None:
    body = {"email": "new@alpha.test", "role": "peer"}
    first = _post(admin, INVITATIONS, body, key="invite-new")
    again = _post(admin, INVITATIONS, body, key="invite-new")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert Invitation.objects.filter(email="new@alpha.test").count() == 1
    assert OutboxMessage.objects.filter(recipient="new@alpha.test").count() == 1


def test_a_token_replay_returns_the_same_secret_without_storing_it(world: World, admin: Client) -> None:
    first = _post(admin, TOKENS, {"name": "Script"}, key="token-key")
    again = _post(admin, TOKENS, {"name": "Script"}, key="token-key")
    assert first.status_code == again.status_code == 201
    secret = first.json()["token"]
    assert again.json()["token"] == secret
    assert ApiToken.objects.filter(name="Script").count() == 1
    record = IdempotencyRecord.objects.get()
    stored = json.dumps(list(IdempotencyRecord.objects.values_list()), default=str)
    assert secret not in stored
    assert "token-key" not in stored
    assert record.response_status == 201


def test_a_token_refused_for_step_up_can_be_retried_after_it(world: World, admin: Client) -> None:
    session = admin.session
    session.pop("alongside_code_entered_at")
    session.save()
    assert _post(admin, TOKENS, {"name": "Script"}, key="token-key").status_code == 403
    assert not IdempotencyRecord.objects.exists()
    sign_in(admin, world.own["org_admin"])
    assert _post(admin, TOKENS, {"name": "Script"}, key="token-key").status_code == 201


@pytest.mark.parametrize("key", ["", "x" * 256, "clé"])
def test_a_malformed_key_is_refused(world: World, admin: Client, key: str) -> None:
    before = _programs(world)
    response = _post(admin, PROGRAMS, PROGRAM, key=key)
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()["detail"]
    assert _programs(world) == before


def test_an_expired_key_may_be_used_again(world: World, admin: Client) -> None:
    before = _programs(world)
    _post(admin, PROGRAMS, PROGRAM, key="key-1")
    IdempotencyRecord.objects.update(created_at=timezone.now() - timedelta(hours=25))
    response = _post(admin, PROGRAMS, {**PROGRAM, "name": "Morning group"}, key="key-1")
    assert response.status_code == 201
    assert "Idempotent-Replayed" not in response
    assert _programs(world) == before + 2
    assert IdempotencyRecord.objects.count() == 1


def test_the_api_documents_the_header(world: World, admin: Client) -> None:
    schema = admin.get("/api/v1/openapi.json").json()
    for path in ("/api/v1/programs", "/api/v1/invitations", "/api/v1/tokens"):
        names = [parameter["name"] for parameter in schema["paths"][path]["post"].get("parameters", [])]
        assert "Idempotency-Key" in names


def test_prune_removes_records_older_than_a_day(world: World, admin: Client) -> None:
    _post(admin, PROGRAMS, PROGRAM, key="old")
    _post(admin, PROGRAMS, {**PROGRAM, "name": "Morning group"}, key="new")
    IdempotencyRecord.objects.filter(pk=IdempotencyRecord.objects.earliest("pk").pk).update(
        created_at=timezone.now() - timedelta(hours=25)
    )
    call_command("idempotency_prune")
    assert IdempotencyRecord.objects.count() == 1
    assert _post(admin, PROGRAMS, {**PROGRAM, "name": "Morning group"}, key="new")["Idempotent-Replayed"] == "true"


def test_prune_never_removes_keys_that_still_work(db: None) -> None:
    with pytest.raises(CommandError):
        call_command("idempotency_prune", hours=1)


@pytest.mark.django_db(transaction=True)
def test_two_requests_at_once_create_one_record(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two connections for real: the second arrives while the first is still working."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's in-memory test database refuses a second writer; PostgreSQL shows the race")
    from alongside.programs import services

    create = services.program_create
    working, release = threading.Event(), threading.Event()

    def slow_create(**kwargs: Any) -> Program:
        working.set()
        release.wait(timeout=10)
        return create(**kwargs)

    monkeypatch.setattr(services, "program_create", slow_create)
    answers: list[Any] = []

    def first() -> None:
        try:
            answers.append(_post(sign_in(Client(), world.own["org_admin"]), PROGRAMS, PROGRAM, key="race"))
        finally:
            connections.close_all()

    thread = threading.Thread(target=first)
    thread.start()
    assert working.wait(timeout=10)
    second = _post(sign_in(Client(), world.own["org_admin"]), PROGRAMS, PROGRAM, key="race")
    release.set()
    thread.join(timeout=10)
    assert second.status_code == 409
    assert answers[0].status_code == 201
    assert Program.objects.filter(name=PROGRAM["name"]).count() == 1
    monkeypatch.setattr(services, "program_create", create)
    third = _post(sign_in(Client(), world.own["org_admin"]), PROGRAMS, PROGRAM, key="race")
    assert third.json() == answers[0].json()
