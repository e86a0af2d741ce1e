"""two_factor's pages (status, backup codes, turning it off) in our layout and our words."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice

from alongside.accounts.models import User
from alongside.accounts.tests.factories import PASSWORD
from alongside.accounts.tests.helpers import post_password
from alongside.audit.models import AuditEvent
from conftest import World, sign_in


def _audited(user: User, change: str) -> bool:
    changes = AuditEvent.objects.filter(actor=user, object_id=str(user.pk)).values_list("changed_fields", flat=True)
    return [change] in list(changes)


PAGES = [
    "/account/two_factor/",
    "/account/two_factor/setup/complete/",
    "/account/two_factor/backup/tokens/",
    "/account/two_factor/disable/",
]


@pytest.mark.parametrize("path", PAGES)
def test_each_page_uses_our_layout_without_bootstrap(world: World, client: Client, path: str) -> None:
    sign_in(client, world.own["org_admin"])
    response = client.get(path)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Skip to main content" in page  # our base.html
    assert "Provide a template named" not in page  # two_factor's placeholder base
    assert "btn" not in page
    assert "cdnjs" not in page
    main = page[page.index("<main") : page.index("</main>")]
    assert "token" not in re.sub(r"<[^>]+>", " ", main).lower()  # the words say "code"
    assert "<h1>" in main


def test_the_status_page_says_it_is_on_and_counts_backup_codes(world: World, client: Client) -> None:
    admin = world.own["org_admin"]
    sign_in(client, admin)
    page = client.get("/account/two_factor/").content.decode()
    assert "Two-step sign-in is on." in page
    assert "You have 0 backup codes left." in page
    assert "Your role needs two-step sign-in, so you will be asked to set it up again right away." in page


def test_the_status_page_offers_setup_when_it_is_off(world: World, client: Client) -> None:
    peer = world.own["peer"]
    post_password(client, peer.email, PASSWORD)
    page = client.get("/account/two_factor/").content.decode()
    assert "Two-step sign-in is off." in page
    assert 'href="/account/two_factor/setup/"' in page


def test_it_makes_backup_codes_that_are_listed_once_made(world: World, client: Client) -> None:
    admin = world.own["org_admin"]
    sign_in(client, admin)
    assert "You have no backup codes yet." in client.get("/account/two_factor/backup/tokens/").content.decode()
    response = client.post("/account/two_factor/backup/tokens/")
    assert response.status_code == 302
    page = client.get("/account/two_factor/backup/tokens/").content.decode()
    device = StaticDevice.objects.get(user=admin)
    tokens = [t.token for t in device.token_set.all()]
    assert len(tokens) == 10
    assert all(token in page for token in tokens)
    assert "Making new codes stops the old ones from working." in page
    assert _audited(admin, "backup_codes")

    # A new set replaces the old one.
    client.post("/account/two_factor/backup/tokens/")
    assert not set(tokens) & {t.token for t in device.token_set.all()}


def test_turning_it_off_needs_the_box_ticked(world: World, client: Client) -> None:
    admin = world.own["org_admin"]
    sign_in(client, admin)
    response = client.post("/account/two_factor/disable/", {})
    assert response.status_code == 200
    assert list(devices_for_user(admin))
    response = client.post("/account/two_factor/disable/", {"understand": "on"})
    assert response.status_code == 302
    assert not list(devices_for_user(admin, confirmed=None))
    assert _audited(admin, "two_factor")
    # The role still needs it: the admin is sent straight back to set it up again.
    assert client.get("/").headers["Location"] == "/account/two_factor/setup/"
