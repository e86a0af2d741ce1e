"""Password reset by email at /password-reset/: through the outbox, a link that lasts 1 hour."""

from __future__ import annotations

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import mail
from django.test import Client

from alongside.accounts.models import User
from alongside.accounts.tests.factories import PASSWORD
from alongside.accounts.tests.helpers import post_password, signed_in_user_id
from alongside.outbox.models import OutboxMessage
from conftest import World, sign_in

NEW_PASSWORD = "a new and longer passphrase"


@pytest.fixture
def send_on_commit(django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """Run the outbox delivery that is queued on commit, as the worker would."""

    def _request(client: Client, email: str):  # type: ignore[no-untyped-def]
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/password-reset/", {"email": email})

    return _request


def _link(message: mail.EmailMessage) -> str:
    match = re.search(r"https?://\S+/password-reset/\S+/\S+/", str(message.body))
    assert match is not None, message.body
    return match.group(0)


def _path(link: str) -> str:
    return link.removeprefix(settings.SITE_URL.rstrip("/"))


def test_it_emails_a_reset_link_through_the_outbox(world: World, client: Client, send_on_commit) -> None:  # type: ignore[no-untyped-def]
    peer = world.own["peer"]
    response = send_on_commit(client, peer.email)
    assert response.status_code == 302
    assert response["Location"] == "/password-reset/sent/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [peer.email]
    assert message.subject == "Reset your Alongside password"
    assert "It works for 1 hour" in message.body
    assert _link(message).startswith(settings.SITE_URL.rstrip("/") + "/password-reset/")
    outbox = OutboxMessage.objects.get(recipient=peer.email)
    assert outbox.status == "sent"
    assert outbox.organization_id == world.own.organization.pk


def test_the_link_uses_our_address_not_the_request_host(world: World, client: Client, send_on_commit, settings) -> None:  # type: ignore[no-untyped-def]
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "evil.example"]
    client.defaults["HTTP_HOST"] = "evil.example"
    send_on_commit(client, world.own["peer"].email)
    assert "evil.example" not in mail.outbox[0].body
    assert _link(mail.outbox[0]).startswith(settings.SITE_URL.rstrip("/") + "/password-reset/")


def test_an_unknown_address_gets_the_same_answer_and_no_email(world: World, client: Client, send_on_commit) -> None:  # type: ignore[no-untyped-def]
    known = send_on_commit(client, world.own["peer"].email)
    unknown = send_on_commit(client, "nobody@nowhere.test")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert len(mail.outbox) == 1
    page = client.get(unknown["Location"]).content.decode()
    assert "If that address has an account" in page


def test_a_deactivated_account_gets_no_email(world: World, client: Client, send_on_commit) -> None:  # type: ignore[no-untyped-def]
    peer = world.own["peer"]
    User.objects.filter(pk=peer.pk).update(is_active=False)
    assert send_on_commit(client, peer.email).status_code == 302
    assert mail.outbox == []


def test_the_whole_flow_sets_a_new_password(world: World, client: Client, send_on_commit) -> None:  # type: ignore[no-untyped-def]
    peer = world.own["peer"]
    send_on_commit(client, peer.email)
    link = _path(_link(mail.outbox[0]))

    # The emailed link swaps its token for a session-held one, then shows the form.
    response = client.get(link)
    assert response.status_code == 302
    form_url = response["Location"]
    page = client.get(form_url).content.decode()
    assert "Choose a new password" in page

    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/password-reset/done/"

    fresh = Client()
    post_password(fresh, peer.email, PASSWORD)
    assert signed_in_user_id(fresh) is None
    post_password(fresh, peer.email, NEW_PASSWORD)
    assert signed_in_user_id(fresh) == str(peer.pk)


def test_a_weak_new_password_is_refused_with_a_reason(world: World, client: Client, send_on_commit) -> None:  # type: ignore[no-untyped-def]
    peer = world.own["peer"]
    send_on_commit(client, peer.email)
    form_url = client.get(_path(_link(mail.outbox[0])))["Location"]
    response = client.post(form_url, {"new_password1": "short", "new_password2": "short"})
    assert response.status_code == 200
    assert "too short" in response.content.decode()
    peer.refresh_from_db()
    assert peer.check_password(PASSWORD)


def test_the_link_works_only_once(world: World, client: Client, send_on_commit) -> None:  # type: ignore[no-untyped-def]
    peer = world.own["peer"]
    send_on_commit(client, peer.email)
    link = _path(_link(mail.outbox[0]))
    form_url = client.get(link)["Location"]
    client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    again = Client()
    response = again.get(link)
    assert response.status_code == 200
    assert "This link does not work" in response.content.decode()


def test_the_link_stops_working_after_one_hour(world: World, client: Client, send_on_commit) -> None:  # type: ignore[no-untyped-def]
    assert settings.PASSWORD_RESET_TIMEOUT == 3600
    peer = world.own["peer"]
    send_on_commit(client, peer.email)
    link = _path(_link(mail.outbox[0]))
    real_now = PasswordResetTokenGenerator()._now()

    def at(delta: timedelta) -> mock._patch[mock.MagicMock]:
        return mock.patch.object(PasswordResetTokenGenerator, "_now", return_value=real_now + delta)

    with at(timedelta(minutes=59)):
        assert client.get(link).status_code == 302  # still valid
    with at(timedelta(hours=1, seconds=5)):
        response = Client().get(link)
        assert response.status_code == 200
        assert "It may have expired (links work for 1 hour)" in response.content.decode()


def test_a_new_password_ends_other_sessions(world: World, client: Client, send_on_commit) -> None:  # type: ignore[no-untyped-def]
    peer = world.own["peer"]
    elsewhere = sign_in(Client(), peer)
    assert elsewhere.get("/").status_code == 200
    send_on_commit(client, peer.email)
    form_url = client.get(_path(_link(mail.outbox[0])))["Location"]
    client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert elsewhere.get("/").status_code == 302
