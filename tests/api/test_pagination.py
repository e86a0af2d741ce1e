"""Every list is paginated the same way: ?page and ?per_page in, items, count, page, per_page, next_page out."""

from __future__ import annotations

import pytest
from django.conf import settings

from alongside.accounts.tests.factories import UserFactory
from alongside.programs.tests.factories import ProgramFactory
from conftest import World
from tests.api.helpers import API, assert_problem, session_client

pytestmark = pytest.mark.django_db

LISTS = ["/users", "/programs", "/invitations", "/tokens", "/audit/events"]


@pytest.mark.parametrize("path", LISTS)
def test_every_list_has_the_same_envelope(world: World, path: str) -> None:
    body = session_client(world.own["org_admin"]).get(API + path).json()
    assert set(body) == {"items", "count", "page", "per_page", "next_page"}
    assert body["page"] == 1 and body["per_page"] == settings.NINJA_PAGINATION_PER_PAGE


def test_pages_walk_the_whole_list_once(world: World) -> None:
    for n in range(5):
        ProgramFactory.create(organization=world.own.organization, name=f"Program {n:02}")
    client = session_client(world.own["peer"])
    seen: list[int] = []
    page: int | None = 1
    while page is not None:
        body = client.get(API + "/programs", {"page": page, "per_page": 2}).json()
        assert body["count"] == 6
        assert len(body["items"]) <= 2
        seen += [item["id"] for item in body["items"]]
        page = body["next_page"]
    assert len(seen) == len(set(seen)) == 6


def test_the_last_page_has_no_next_page(world: World) -> None:
    client = session_client(world.own["org_admin"])
    body = client.get(API + "/users", {"per_page": 7}).json()
    assert body["count"] == 7 and len(body["items"]) == 7 and body["next_page"] is None
    body = client.get(API + "/users", {"per_page": 6}).json()
    assert body["next_page"] == 2


def test_a_page_past_the_end_is_empty_not_an_error(world: World) -> None:
    body = session_client(world.own["org_admin"]).get(API + "/users", {"page": 999}).json()
    assert body == {
        "items": [],
        "count": 7,
        "page": 999,
        "per_page": settings.NINJA_PAGINATION_PER_PAGE,
        "next_page": None,
    }


def test_per_page_has_a_ceiling(world: World) -> None:
    client = session_client(world.own["org_admin"])
    top = settings.NINJA_PAGINATION_MAX_PER_PAGE_SIZE
    assert client.get(API + "/users", {"per_page": top}).status_code == 200
    assert_problem(client.get(API + "/users", {"per_page": top + 1}), 422, "per_page")


def test_the_count_is_of_what_the_viewer_may_see(world: World) -> None:
    for n in range(3):
        UserFactory.create(organization=world.other.organization, role="peer", email=f"extra{n}@beta.test")
    assert session_client(world.own["org_admin"]).get(API + "/users").json()["count"] == 7
    assert session_client(world.other["org_admin"]).get(API + "/users").json()["count"] == 10
