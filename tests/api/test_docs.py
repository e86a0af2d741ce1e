"""The API documents itself: Swagger UI at /api/v1/docs (under our strict CSP) and the OpenAPI schema."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from alongside.api.urls import api
from conftest import World

pytestmark = pytest.mark.django_db


def test_the_openapi_schema_is_served(client: Client) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "Alongside API"
    paths = set(schema["paths"])
    for expected in (
        "/api/v1/me",
        "/api/v1/organization",
        "/api/v1/users",
        "/api/v1/users/{user_id}",
        "/api/v1/users/{user_id}/role",
        "/api/v1/users/{user_id}/deactivate",
        "/api/v1/users/{user_id}/reactivate",
        "/api/v1/invitations",
        "/api/v1/invitations/{invitation_id}/revoke",
        "/api/v1/tokens",
        "/api/v1/tokens/{token_id}/revoke",
        "/api/v1/programs",
        "/api/v1/programs/{program_id}",
        "/api/v1/audit/events",
    ):
        assert expected in paths, expected
    assert {"TokenAuth", "SessionAuth"} <= set(schema["components"]["securitySchemes"])


def test_the_schema_builds_without_a_request() -> None:
    """A type annotation ninja cannot resolve (say, under ``from __future__ import annotations``) fails here."""
    assert api.get_openapi_schema(path_prefix="/api/v1/")["paths"]


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_docs_page_is_served(world: World, client: Client, signed_in: bool) -> None:
    if signed_in:
        client.force_login(world.own["peer"])
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assert b"swagger-ui" in response.content


def test_the_docs_page_needs_nothing_inline_so_the_strict_csp_holds(client: Client) -> None:
    response = client.get("/api/v1/docs")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    html = response.content.decode()
    # Scripts are files of ours; the one inline <script> is JSON data, which a CSP does not block.
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S)
    for attributes, _body in scripts:
        assert "src=" in attributes or 'type="application/json"' in attributes, attributes
    assert "<style" not in html and " style=" not in html and "onload=" not in html
    for asset in re.findall(r'(?:src|href)="/static/([^"]+)"', html):
        assert finders.find(asset), f"{asset} is not a static file we serve"
