"""The people list (/people/) and a person's page (/people/<id>/)."""

from __future__ import annotations

import pytest
from django.test import Client

from alongside.accounts.roles import Role
from alongside.accounts.tests.factories import UserFactory
from conftest import World, sign_in


@pytest.mark.parametrize("role", ["org_admin", "supervisor"])
def test_it_lists_people_of_my_organization_only(world: World, client: Client, role: str) -> None:
    sign_in(client, world.own[role])
    page = client.get("/people/").content.decode()
    assert world.own["peer"].full_name in page
    assert world.other["peer"].full_name not in page


def test_only_admins_get_the_invite_button(world: World, client: Client) -> None:
    sign_in(client, world.own["supervisor"])
    assert 'href="/people/invite/"' not in client.get("/people/").content.decode()
    sign_in(client, world.own["org_admin"])
    assert 'href="/people/invite/"' in client.get("/people/").content.decode()


def test_it_filters_by_name_and_answers_htmx_with_the_table_only(world: World, client: Client) -> None:
    sign_in(client, world.own["org_admin"])
    response = client.get("/people/", {"q": "Peer B"}, headers={"HX-Request": "true"})
    page = response.content.decode()
    assert "<html" not in page
    assert world.own["peer_b"].full_name in page
    assert world.own["clinician"].full_name not in page


@pytest.mark.parametrize("role", ["peer", "clinician", "participant", "network_admin"])
def test_other_roles_may_not_list_people(world: World, client: Client, role: str) -> None:
    sign_in(client, world.own[role])
    assert client.get("/people/").status_code == 403


def test_a_person_of_another_organization_is_not_found(world: World, client: Client) -> None:
    sign_in(client, world.own["org_admin"])
    assert client.get(f"/people/{world.other['peer'].pk}/").status_code == 404
    assert client.get(f"/people/{world.own['peer'].pk}/").status_code == 200


def test_a_supervisor_sees_a_person_but_no_admin_controls(world: World, client: Client) -> None:
    sign_in(client, world.own["supervisor"])
    page = client.get(f"/people/{world.own['peer'].pk}/").content.decode()
    assert world.own["peer"].email in page
    assert "Change role" not in page
    assert "Deactivate account" not in page


def test_page_links_keep_the_search(world: World, client: Client) -> None:
    for number in range(55):
        UserFactory.create(email=f"extra{number}@alpha.test", role=Role.PEER, organization=world.own.organization)
    sign_in(client, world.own["org_admin"])
    page = client.get("/people/", {"role": "peer"}).content.decode()
    assert "?role=peer&amp;page=2" in page
