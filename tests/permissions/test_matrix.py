"""The permission matrix, generated from endpoints.py: role × own/other organization × own/other record.

Each case signs in one persona of ``world.own`` (or nobody), sends one request about a record of the
scope, and checks the status (and the redirect target), and that the record changed exactly when
the outcome is ``wrote(...)``. The world is built once per module; each case runs in a transaction
that is rolled back, so cases cannot disturb each other.
"""

from __future__ import annotations

from collections.abc import Iterator
from http.cookies import SimpleCookie
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from alongside.api.urls import api as ninja_api
from conftest import sign_in
from tests.permissions.endpoints import ENDPOINTS, NOT_IN_MATRIX
from tests.permissions.harness import (
    ANONYMOUS,
    ROLES,
    SCOPES,
    Endpoint,
    MatrixWorld,
    Outcome,
    Scope,
    as_outcome,
    build_world,
    normalize,
    send,
)


def _cases() -> Iterator[Any]:
    for endpoint in ENDPOINTS:
        for scope, table in endpoint.expect.items():
            for role in ROLES:
                if role in table:
                    outcome = as_outcome(table[role])
                    yield pytest.param(endpoint, role, scope, outcome, id=f"{endpoint.name} | {role} | {scope}")
        scope = "same_org" if "same_org" in endpoint.expect else next(iter(endpoint.expect))
        outcome = endpoint.anonymous_outcome()
        yield pytest.param(endpoint, ANONYMOUS, scope, outcome, id=f"{endpoint.name} | {ANONYMOUS}")


@pytest.fixture(scope="module")
def matrix(django_db_setup: None, django_db_blocker: Any) -> Iterator[MatrixWorld]:
    """The world, built once for the module inside a transaction that is rolled back at the end."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(scope="module")
def browser() -> Client:
    """One client for all cases: a new Client builds the middleware stack again, which is slow."""
    return Client()


@pytest.mark.parametrize(("endpoint", "actor_name", "scope", "outcome"), list(_cases()))
def test_permission(
    matrix: MatrixWorld,
    browser: Client,
    db: None,
    endpoint: Endpoint,
    actor_name: str,
    scope: Scope,
    outcome: Outcome,
) -> None:
    actor = None if actor_name == ANONYMOUS else matrix.own[actor_name]
    # Anonymous requests are about a record too; "own" then means the peer's.
    record_holder = actor if actor is not None else matrix.own["peer"]
    pk = endpoint.record.find(matrix, record_holder, scope) if endpoint.record else None
    client = browser
    client.cookies = SimpleCookie()  # nobody is signed in
    if actor is not None:
        sign_in(client, actor)
    if endpoint.prepare:
        endpoint.prepare(matrix, pk, scope)
    before = endpoint.state(matrix, record_holder, pk) if endpoint.state else None

    response = send(client, endpoint, pk, matrix)

    where = f"{endpoint.name} as {actor_name} on a {scope} record"
    assert response.status_code == outcome.status, (
        f"{where}: expected {outcome}, got {response.status_code} {response.get('Location', '')} "
        f"{response.content[:300]!r}"
    )
    if outcome.location is not None:
        assert response["Location"].startswith(outcome.location), f"{where}: redirected to {response['Location']}"
    if endpoint.kind == "api" and response.status_code >= 400:
        assert response["Content-Type"] == "application/problem+json", f"{where}: {response['Content-Type']}"
    if endpoint.state:
        after = endpoint.state(matrix, record_holder, pk)
        if outcome.changed:
            assert after != before, f"{where}: answered {response.status_code} but nothing changed ({before!r})"
        else:
            assert after == before, f"{where}: refused, yet {before!r} became {after!r}"


# --- The matrix itself is checked: complete, consistent, and about real addresses ----------------


def _url_routes() -> set[str]:
    routes: set[str] = set()

    def walk(resolver: URLResolver, prefix: str) -> None:
        for pattern in resolver.url_patterns:
            route = str(pattern.pattern)
            if route.startswith("^"):  # re_path: static files, the API's catch-all 404s
                continue
            if isinstance(pattern, URLResolver):
                walk(pattern, prefix + route)
            elif isinstance(pattern, URLPattern):
                routes.add(normalize(prefix + route))

    walk(get_resolver(), "")
    return routes


def _exempt(route: str) -> bool:
    return route in NOT_IN_MATRIX or any(key.endswith("*") and route.startswith(key[:-1]) for key in NOT_IN_MATRIX)


def test_every_route_is_in_the_matrix() -> None:
    declared = {normalize(endpoint.path) for endpoint in ENDPOINTS}
    missing = sorted(route for route in _url_routes() if route not in declared and not _exempt(route))
    assert not missing, f"Add these addresses to tests/permissions/endpoints.py (or to NOT_IN_MATRIX): {missing}"


def test_every_api_operation_is_in_the_matrix() -> None:
    schema = ninja_api.get_openapi_schema(path_prefix="/api/v1/")
    operations = {(method.upper(), normalize(path)) for path, methods in schema["paths"].items() for method in methods}
    declared = {endpoint.route for endpoint in ENDPOINTS if endpoint.kind == "api"}
    assert not operations - declared, f"Add these API operations to the matrix: {sorted(operations - declared)}"


def test_every_row_is_a_real_address() -> None:
    for endpoint in ENDPOINTS:
        sample = endpoint.record.sample if endpoint.record else 1
        resolve(endpoint.path.format(pk=sample))  # raises Resolver404 for a row about nothing


def test_every_row_answers_for_every_role_and_scope() -> None:
    names = [endpoint.name for endpoint in ENDPOINTS]
    assert len(names) == len(set(names)), "a (method, path) is declared twice"
    for endpoint in ENDPOINTS:
        scopes = endpoint.record.scopes if endpoint.record else ("same_org",)
        assert set(endpoint.expect) == set(scopes), f"{endpoint.name}: expect {set(scopes)}, got {set(endpoint.expect)}"
        assert set(scopes) <= set(SCOPES)
        for scope, table in endpoint.expect.items():
            assert set(table) == set(ROLES), f"{endpoint.name} ({scope}) misses {set(ROLES) - set(table)}"
        writes = any(as_outcome(o).changed for table in endpoint.expect.values() for o in table.values())
        assert not writes or endpoint.state, f"{endpoint.name} says it writes but has no state to check"
