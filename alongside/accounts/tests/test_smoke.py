from django.test import Client

from conftest import World, sign_in


def test_it_shows_programs_of_own_organization_only(world: World, client: Client) -> None:
    assert world.own.program is not None and world.other.program is not None
    sign_in(client, world.own["peer"])
    response = client.get("/programs/")
    assert response.status_code == 200
    assert world.own.program.name in response.content.decode()
    assert world.other.program.name not in response.content.decode()


def test_it_hides_other_organization_program(world: World, client: Client) -> None:
    assert world.other.program is not None
    sign_in(client, world.own["org_admin"])
    response = client.get(f"/programs/{world.other.program.pk}/")
    assert response.status_code == 404
