from alongside.programs.models import Program
from conftest import World, other_program, sign_in


def test_an_admin_adds_a_program_through_the_form(world: World, client) -> None:
    sign_in(client, world.own["org_admin"])
    response = client.post(
        "/programs/new/", {"name": "Family night", "model": "family", "description": "", "is_active": "on"}
    )
    program = Program.objects.get(name="Family night")
    assert response.status_code == 302
    assert response["Location"] == f"/programs/{program.pk}/"


def test_the_form_explains_bad_input_and_saves_nothing(world: World, client) -> None:
    sign_in(client, world.own["org_admin"])
    response = client.post("/programs/new/", {"name": "Teens", "model": "youth", "min_age": "30", "max_age": "12"})
    assert response.status_code == 200
    assert "The oldest age must be the same as or above the youngest age." in response.content.decode()
    assert not Program.objects.filter(name="Teens").exists()


def test_a_peer_cannot_open_the_new_program_form(world: World, client) -> None:
    sign_in(client, world.own["peer"])
    assert client.get("/programs/new/").status_code == 403


def test_an_admin_cannot_edit_another_organizations_program(world: World, client) -> None:
    sign_in(client, world.own["org_admin"])
    response = client.post(f"/programs/{other_program(world).pk}/edit/", {"name": "Taken", "model": "group"})
    assert response.status_code == 404
    other_program(world).refresh_from_db()
    assert other_program(world).name != "Taken"
