"""The programs endpoints: list, create, read and change programs of my organization."""

from __future__ import annotations

import pytest

from alongside.programs.models import Program
from alongside.programs.tests.factories import ProgramFactory
from conftest import World
from tests.api.helpers import API, assert_problem, send, session_client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ["org_admin", "supervisor", "peer", "clinician", "participant", "network_admin"])
def test_everyone_in_the_organization_lists_its_programs(world: World, role: str) -> None:
    body = session_client(world.own[role]).get(API + "/programs").json()
    assert [item["name"] for item in body["items"]] == ["alpha mentors"]


def test_inactive_programs_are_listed_only_on_request(world: World) -> None:
    ProgramFactory.create(organization=world.own.organization, name="Old group", is_active=False)
    client = session_client(world.own["peer"])
    assert client.get(API + "/programs").json()["count"] == 1
    assert client.get(API + "/programs", {"include_inactive": "true"}).json()["count"] == 2


def test_an_admin_creates_reads_and_changes_a_program(world: World) -> None:
    client = session_client(world.own["org_admin"])
    response = send(
        client, "POST", "/programs", {"name": "Youth circle", "model": "youth", "min_age": 14, "max_age": 21}
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert created | {"id": 0} == {
        "id": 0,
        "name": "Youth circle",
        "model": "youth",
        "description": "",
        "min_age": 14,
        "max_age": 21,
        "is_active": True,
    }
    assert client.get(f"{API}/programs/{created['id']}").json() == created
    response = send(client, "PATCH", f"/programs/{created['id']}", {"description": "Tuesdays", "max_age": None})
    assert response.status_code == 200, response.content
    assert response.json()["description"] == "Tuesdays" and response.json()["max_age"] is None
    assert response.json()["name"] == "Youth circle"  # fields left out keep their value
    program = Program.objects.get(pk=created["id"])
    assert (program.description, program.max_age, program.min_age) == ("Tuesdays", None, 14)


def test_a_patch_that_breaks_a_rule_is_a_422_and_changes_nothing(world: World) -> None:
    program = world.own.program
    assert program is not None
    client = session_client(world.own["org_admin"])
    body = assert_problem(send(client, "PATCH", f"/programs/{program.pk}", {"min_age": 40, "max_age": 18}), 422)
    assert body["errors"] == [
        {"field": "max_age", "message": "The oldest age must be the same as or above the youngest age."}
    ]
    program.refresh_from_db()
    assert (program.min_age, program.max_age) == (None, None)


def test_renaming_onto_another_program_is_a_422(world: World) -> None:
    ProgramFactory.create(organization=world.own.organization, name="Taken")
    program = world.own.program
    assert program is not None
    client = session_client(world.own["org_admin"])
    assert_problem(send(client, "PATCH", f"/programs/{program.pk}", {"name": "Taken"}), 422, "already exists")


def test_the_same_name_is_fine_in_another_organization(world: World) -> None:
    client = session_client(world.own["org_admin"])
    assert send(client, "POST", "/programs", {"name": "beta mentors", "model": "group"}).status_code == 201


@pytest.mark.parametrize("role", ["supervisor", "peer", "clinician", "participant", "network_admin"])
def test_only_org_admins_create_or_change_programs(world: World, role: str) -> None:
    program = world.own.program
    assert program is not None
    client = session_client(world.own[role])
    assert_problem(send(client, "POST", "/programs", {"name": "Mine", "model": "group"}), 403)
    assert_problem(send(client, "PATCH", f"/programs/{program.pk}", {"name": "Mine"}), 404)
    program.refresh_from_db()
    assert program.name == "alpha mentors"
    assert Program.objects.count() == 2
