"""Every error the API gives is application/problem+json with a readable detail, and bad input is
never a server error: malformed JSON, wrong types, huge or negative numbers, unknown enum values,
unknown fields, NUL characters, unknown addresses and methods."""

from __future__ import annotations

from typing import Any

import pytest

from alongside.accounts.models import ApiToken, Invitation, Membership
from alongside.programs.models import Program
from conftest import World
from tests.api.helpers import API, assert_problem, send, session_client

pytestmark = pytest.mark.django_db

HUGE = "9" * 30
INT64_OVERFLOW = str(2**63)


def _counts() -> tuple[int, ...]:
    return (
        Program.objects.count(),
        Invitation.objects.count(),
        ApiToken.objects.count(),
        Membership.objects.filter(is_active=True).count(),
    )


# (method, path, body, expected status). "{peer}" and "{program}" are ids in the admin's own organization.
BAD_INPUT: list[tuple[str, str, Any, int]] = [
    # Malformed or wrongly shaped bodies
    ("POST", "/programs", "{not json", 400),
    ("POST", "/programs", "name=x&model=group", 400),
    ("POST", "/programs", "[1, 2]", 422),
    ("POST", "/programs", '"a string"', 422),
    ("POST", "/programs", "null", 422),
    ("POST", "/programs", None, 422),
    ("POST", "/programs", {"name": 5, "model": "group"}, 422),
    ("POST", "/programs", {"name": ["x"], "model": "group"}, 422),
    ("POST", "/programs", {"name": "x", "model": "telepathy"}, 422),
    ("POST", "/programs", {"name": "x", "model": "group", "min_age": "old"}, 422),
    ("POST", "/programs", {"name": "x", "model": "group", "min_age": int(HUGE)}, 422),
    ("POST", "/programs", {"name": "x", "model": "group", "min_age": -1}, 422),
    ("POST", "/programs", {"name": "x", "model": "group", "min_age": 30, "max_age": 10}, 422),
    ("POST", "/programs", {"name": "x" * 201, "model": "group"}, 422),
    ("POST", "/programs", {"name": "a\x00b", "model": "group"}, 422),
    ("POST", "/programs", {"name": "   ", "model": "group"}, 422),
    ("POST", "/programs", {"name": "x", "model": "group", "organization_id": 1}, 422),
    ("PATCH", "/programs/{program}", {"is_active": None}, 422),
    ("PATCH", "/programs/{program}", {"name": None}, 422),
    ("PATCH", "/programs/{program}", {"model": None}, 422),
    ("PATCH", "/programs/{program}", {"is_active": "sometimes"}, 422),
    ("PATCH", "/programs/{program}", {"id": 99}, 422),
    ("PATCH", "/programs/{program}", "{", 400),
    ("PUT", "/users/{peer}/role", {"role": "god"}, 422),
    ("PUT", "/users/{peer}/role", {"role": "network_admin"}, 422),
    ("PUT", "/users/{peer}/role", {"role": None}, 422),
    ("PUT", "/users/{peer}/role", {}, 422),
    ("PUT", "/users/{peer}/role", {"role": "peer", "organization_id": 2}, 422),
    ("POST", "/invitations", {"email": "not an email", "role": "peer"}, 422),
    ("POST", "/invitations", {"email": "a" * 300 + "@example.org", "role": "peer"}, 422),
    ("POST", "/invitations", {"email": "new@example.org", "role": "emperor"}, 422),
    ("POST", "/invitations", {"email": "new@example.org", "role": "network_admin"}, 422),
    ("POST", "/invitations", {"email": "new@example.org", "role": "peer", "organization_id": 2}, 422),
    ("POST", "/tokens", {"name": ""}, 422),
    ("POST", "/tokens", {"name": "   "}, 422),
    ("POST", "/tokens", {"name": "x" * 101}, 422),
    ("POST", "/tokens", {"name": "ok", "user_id": 1}, 422),
    # Path ids: wrong type, negative, zero, enormous
    ("GET", "/users/abc", None, 422),
    ("GET", "/users/1.5", None, 422),
    ("GET", "/users/-1", None, 404),
    ("GET", "/users/0", None, 404),
    ("GET", f"/users/{HUGE}", None, 404),
    ("GET", f"/programs/{INT64_OVERFLOW}", None, 404),
    ("PATCH", f"/programs/{HUGE}", {"name": "x"}, 404),
    ("PUT", "/users/-5/role", {"role": "peer"}, 404),
    ("POST", f"/users/{HUGE}/deactivate", None, 404),
    ("POST", "/invitations/-1/revoke", None, 404),
    ("POST", f"/tokens/{HUGE}/revoke", None, 404),
    # Query strings: pages, enums, types, lengths, NUL
    ("GET", "/users?page=0", None, 422),
    ("GET", "/users?page=-3", None, 422),
    ("GET", f"/users?page={HUGE}", None, 422),
    ("GET", "/users?page=two", None, 422),
    ("GET", "/users?per_page=0", None, 422),
    ("GET", "/users?per_page=100000", None, 422),
    ("GET", "/users?role=emperor", None, 422),
    ("GET", "/users?active=perhaps", None, 422),
    ("GET", "/users?q=" + "x" * 300, None, 422),
    ("GET", "/users?q=%00", None, 422),
    ("GET", "/programs?include_inactive=perhaps", None, 422),
    ("GET", "/audit/events?action=teleport", None, 422),
    ("GET", "/audit/events?since=yesterday", None, 422),
    ("GET", "/audit/events?since=2024-02-30", None, 422),
    ("GET", f"/audit/events?actor_id={HUGE}", None, 422),
    ("GET", "/audit/events?actor_id=abc", None, 422),
    ("GET", "/audit/events?object_id=" + "9" * 100, None, 422),
    ("GET", "/audit/events?participant_id=%00", None, 422),
    # Addresses and methods that do not exist
    ("GET", "/nothing-here", None, 404),
    ("GET", "/users/", None, 404),
    ("GET", "/", None, 404),
    ("DELETE", "/programs", None, 405),
    ("PUT", "/me", None, 405),
    ("DELETE", "/users/{peer}", None, 405),
    ("GET", "/tokens/1/revoke", None, 405),
]


@pytest.mark.parametrize(
    ("method", "path", "body", "status"), BAD_INPUT, ids=[f"{m} {p}" for m, p, _b, _s in BAD_INPUT]
)
def test_bad_input_is_a_problem_and_writes_nothing(
    world: World, method: str, path: str, body: Any, status: int
) -> None:
    client = session_client(world.own["org_admin"])
    program = world.own.program
    assert program is not None
    path = path.format(peer=world.own["peer"].pk, program=program.pk)
    before = _counts()
    response = send(client, method, path, body)
    assert_problem(response, status)
    assert _counts() == before
    program.refresh_from_db()
    assert program.name == "alpha mentors" and program.is_active


def test_a_validation_problem_lists_every_field_in_error(world: World) -> None:
    client = session_client(world.own["org_admin"])
    body = assert_problem(send(client, "POST", "/programs", {"name": 7, "model": "telepathy", "extra": 1}), 422)
    fields = {error["field"] for error in body["errors"]}
    assert fields == {"name", "model", "extra"}
    assert body["detail"].startswith("name: ")
    assert {"field": "extra", "message": "This field is not accepted here."} in body["errors"]


def test_a_service_validation_error_is_a_422_naming_its_field(world: World) -> None:
    client = session_client(world.own["org_admin"])
    program = world.own.program
    assert program is not None
    body = assert_problem(send(client, "POST", "/programs", {"name": program.name, "model": "group"}), 422)
    assert body["errors"] == [{"field": "name", "message": "A program with this name already exists."}]
    assert body["detail"] == "A program with this name already exists."


def test_a_missing_body_says_so(world: World) -> None:
    client = session_client(world.own["org_admin"])
    body = assert_problem(send(client, "POST", "/programs"), 422)
    assert body["detail"] == "This request needs a JSON body."


def test_malformed_json_says_what_to_send(world: World) -> None:
    client = session_client(world.own["org_admin"])
    assert_problem(send(client, "POST", "/programs", "{oops"), 400, "not valid JSON")


def test_a_wrong_method_says_which_methods_the_endpoint_takes(world: World) -> None:
    client = session_client(world.own["org_admin"])
    response = send(client, "DELETE", "/programs")
    assert_problem(response, 405, "does not take DELETE")
    assert set(response["Allow"].replace(" ", "").split(",")) == {"GET", "POST"}


def test_unknown_addresses_anywhere_under_api_are_problems(world: World, client: Any) -> None:
    for path in ("/api/v1/nope", "/api/v2/me", "/api/", "/api/v1/users/1/nope"):
        assert_problem(client.get(path), 404, "no API endpoint")


def test_not_found_and_not_allowed_read_the_same(world: World) -> None:
    client = session_client(world.own["org_admin"])
    missing = assert_problem(send(client, "GET", "/users/987654"), 404)
    elsewhere = assert_problem(send(client, "GET", f"/users/{world.other['peer'].pk}"), 404)
    assert missing == elsewhere


def test_a_refusal_is_a_403_problem(world: World) -> None:
    client = session_client(world.own["peer"])
    assert_problem(send(client, "GET", "/audit/events"), 403)
    assert_problem(send(client, "POST", "/programs", {"name": "x", "model": "group"}), 403)


def test_an_unexpected_error_is_a_500_problem_without_details(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    from alongside.programs import selectors

    def explode(**kwargs: Any) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(selectors, "program_list", explode)
    client = session_client(world.own["peer"])
    body = assert_problem(send(client, "GET", "/programs"), 500)
    assert "secret" not in body["detail"]


def test_success_answers_are_plain_json(world: World) -> None:
    client = session_client(world.own["peer"])
    response = send(client, "GET", "/me")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["email"] == "peer@alpha.test"


def test_the_api_root_points_to_the_docs(world: World, client: Any) -> None:
    assert_problem(client.get(API + "/"), 404, "/api/v1/docs")


@pytest.mark.parametrize(
    "params",
    [{"until": "9999-12-31"}, {"since": "0001-01-01"}, {"since": "0001-01-01", "until": "9999-12-31"}],
)
def test_the_ends_of_the_calendar_are_fine_dates(world: World, params: dict[str, str]) -> None:
    response = session_client(world.own["org_admin"]).get(API + "/audit/events", params)
    assert response.status_code == 200, response.content
