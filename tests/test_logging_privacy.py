"""No names, contact details, note text or link tokens reach the logs.

A demo-like flow runs through the test client while every logger writes at DEBUG through the real
handler, filter and JSON formatter configured in settings.LOGGING; then the output is searched for
every persona's name and email address.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator

import pytest
from django.core import mail
from django.db import connection
from django.test import Client

from alongside.accounts.models import Invitation, User
from alongside.accounts.tests.factories import PASSWORD
from alongside.accounts.tests.helpers import code_for, enrol, post_code, post_password
from alongside.core.logging import RedactPersonalData, redact
from conftest import World, sign_in

pytestmark = pytest.mark.django_db

INVITED_EMAIL = "jordan.newcomer@example.org"
INVITED_NAME = "Jordan Newcomer"
WRONG_PASSWORD = "not the password at all"


def _redacting_handler() -> logging.Handler:
    [handler] = [
        handler
        for handler in logging.getLogger().handlers
        if any(isinstance(f, RedactPersonalData) for f in handler.filters)
    ]
    return handler


@pytest.fixture
def log_output() -> Iterator[io.StringIO]:
    """Everything every logger writes at DEBUG, as the configured console handler formats it."""
    handler = _redacting_handler()
    assert isinstance(handler, logging.StreamHandler)
    stream = io.StringIO()
    previous_stream = handler.setStream(stream)
    loggers = [logging.getLogger()] + [
        logger for logger in logging.Logger.manager.loggerDict.values() if isinstance(logger, logging.Logger)
    ]
    levels = {logger: logger.level for logger in loggers}
    disabled = {logger: logger.disabled for logger in loggers}
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
        logger.disabled = False
    debug_cursor = connection.force_debug_cursor
    connection.force_debug_cursor = True  # SQL with its parameters, as with DEBUG=True
    try:
        yield stream
    finally:
        connection.force_debug_cursor = debug_cursor
        for logger in loggers:
            logger.setLevel(levels[logger])
            logger.disabled = disabled[logger]
        handler.setStream(previous_stream)  # type: ignore[arg-type]


def _personal_data(world: World) -> list[str]:
    people = [*world.own.users.values(), *world.other.users.values()]
    return sorted(
        {value for person in people for value in (person.full_name, person.email)} | {INVITED_EMAIL, INVITED_NAME}
    )


def _demo_flow(world: World, capture_on_commit) -> list[str]:  # type: ignore[no-untyped-def]
    """Sign-in mistakes, an invitation, people pages, not-found pages, a password reset, a crash."""
    secrets: list[str] = []
    admin, peer = world.own["org_admin"], world.own["peer"]
    device = enrol(admin)

    browser = Client(raise_request_exception=False)
    assert post_password(browser, admin.email, WRONG_PASSWORD).status_code == 200
    assert post_password(browser, admin.email, PASSWORD).status_code == 200  # now the code
    assert post_code(browser, code_for(device)).status_code == 302

    with capture_on_commit(execute=True):
        response = browser.post("/people/invite/", {"email": INVITED_EMAIL, "role": "peer"})
    assert response.status_code == 302
    [invitation_mail] = [message for message in mail.outbox if message.to == [INVITED_EMAIL]]
    invite_link = re.search(r"/invite/[^/\s]+/", invitation_mail.body)
    assert invite_link is not None
    secrets.append(invite_link.group(0).split("/")[2])

    assert browser.get("/people/", {"q": peer.full_name}).status_code == 200
    assert browser.get("/people/", {"q": peer.email}, HTTP_HX_REQUEST="true").status_code == 200
    assert browser.get(f"/people/{peer.pk}/").status_code == 200
    assert browser.get(f"/people/{world.other['peer'].pk}/").status_code == 404
    assert browser.get(f"/people/find/{peer.email}/", {"name": peer.full_name}).status_code == 404
    assert browser.get("/api/v1/users", {"q": peer.email}).status_code in {200, 404}
    assert browser.get("/audit/", {"participant_id": peer.email}).status_code == 200
    assert browser.get(f"/invite/{'x' * 43}/").status_code == 404

    newcomer = Client(raise_request_exception=False)
    with capture_on_commit(execute=True):
        response = newcomer.post(invite_link.group(0), {"full_name": INVITED_NAME, "password": "a long new passphrase"})
    assert response.status_code == 302
    assert User.objects.filter(email=INVITED_EMAIL).exists()

    stranger = Client(raise_request_exception=False)
    assert post_password(stranger, peer.email, WRONG_PASSWORD).status_code == 200
    assert post_password(stranger, "nobody.here@example.org", WRONG_PASSWORD).status_code == 200
    with capture_on_commit(execute=True):
        assert stranger.post("/password-reset/", {"email": peer.email}).status_code == 302
    [reset_mail] = [message for message in mail.outbox if message.to == [peer.email]]
    reset_link = re.search(r"/password-reset/([^/\s]+)/([^/\s]+)/", reset_mail.body)
    assert reset_link is not None
    secrets.append(reset_link.group(2))
    assert stranger.get(reset_link.group(0).replace(reset_link.group(2), "bad-" + "0" * 32)).status_code == 200
    return secrets


def test_a_demo_flow_logs_no_personal_data(
    world: World, log_output: io.StringIO, django_capture_on_commit_callbacks, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    secrets = _demo_flow(world, django_capture_on_commit_callbacks)

    # A crash whose exception text quotes an email address, and a library that logs one in its message.
    peer = world.own["peer"]
    admin_browser = sign_in(Client(raise_request_exception=False), world.own["org_admin"])

    def crash(*args: object, **kwargs: object) -> None:
        raise ValueError(f"could not load {peer.email}")

    monkeypatch.setattr("alongside.accounts.views.selectors.user_get", crash)
    assert admin_browser.get(f"/people/{peer.pk}/").status_code == 500
    logging.getLogger("some.library").info("mailing %s <%s> at +1 (555) 010-2030", "someone", peer.email)

    output = log_output.getvalue()
    # The capture really saw the flow: failed sign-ins, not-found pages, SQL, the crash.
    assert '"logger": "django.request"' in output and "Not Found" in output
    assert '"logger": "django.db.backends"' in output and "SELECT" in output
    assert "Internal Server Error" in output and "ValueError" in output
    assert "[email]" in output and "[number]" in output
    assert "csrf_token" not in output  # the template engine's context dumps are dropped
    leaks = [value for value in [*_personal_data(world), *secrets] if value.lower() in output.lower()]
    assert leaks == []
    assert Invitation.objects.filter(email=INVITED_EMAIL).exists()


def test_every_handler_on_every_logger_redacts() -> None:
    """No logger keeps a handler of its own that bypasses the filter (Django's defaults do, unless overridden)."""
    loggers = [logging.getLogger()] + [
        logger for logger in logging.Logger.manager.loggerDict.values() if isinstance(logger, logging.Logger)
    ]
    unfiltered = [
        (logger.name, type(handler).__name__)
        for logger in loggers
        for handler in logger.handlers
        if not any(isinstance(f, RedactPersonalData) for f in handler.filters)
        and type(handler).__module__.split(".")[0] != "_pytest"
    ]
    assert unfiltered == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Not Found: /people/?q=Robin+Example", "Not Found: /people/?[query]"),
        ("login failed for robin@example.org", "login failed for [email]"),
        ("GET /search?email=robin%40example.org", "GET /search?[query]"),
        ("robin%40example.org", "[email]"),
        ("call +1 (555) 010-2030 now", "call [number] now"),
        (
            "attempts newer than 2026-11-23 05:13:25.595525+00:00",
            "attempts newer than 2026-11-23 05:13:25.595525+00:00",
        ),
        ("Not Found: /invite/" + "A1b2" * 11 + "/", "Not Found: /invite/[token]/"),
        (
            "Not Found: /password-reset/MTI/cdxyz1-0123456789abcdef0123456789abcdef/",
            "Not Found: /password-reset/MTI/[token]/",
        ),
        ("Not Found: /people/12/", "Not Found: /people/12/"),
        ("Is the chain intact? Yes.", "Is the chain intact? Yes."),
        ("Not Found: /account/sign-out-everywhere/", "Not Found: /account/sign-out-everywhere/"),
    ],
)
def test_redact(text: str, expected: str) -> None:
    assert redact(text) == expected


def test_sql_keeps_its_shape_and_loses_its_values() -> None:
    record = logging.LogRecord(
        "django.db.backends", logging.DEBUG, __file__, 1, "(%.3f) %s; args=%s; alias=%s", None, None
    )
    sql = """SELECT "accounts_user"."id" FROM "accounts_user" WHERE "accounts_user"."full_name" = 'Robin O''Brien'"""
    record.__dict__.update({"duration": 0.0012, "sql": sql, "params": ("Robin O'Brien",), "alias": "default"})
    record.args = (0.0012, sql, ("Robin O'Brien",), "default")
    RedactPersonalData().filter(record)
    assert record.getMessage() == (
        """(0.001) SELECT "accounts_user"."id" FROM "accounts_user" WHERE "accounts_user"."full_name" = '?'; alias=default"""
    )
    assert record.params is None  # type: ignore[attr-defined]
    assert "Brien" not in str(vars(record))


def test_exception_text_is_redacted_before_any_formatter_sees_it() -> None:
    try:
        raise ValueError("duplicate key (email)=(robin@example.org)")
    except ValueError:
        record = logging.getLogger("x").makeRecord(
            "x", logging.ERROR, __file__, 1, "failed", None, __import__("sys").exc_info()
        )
    RedactPersonalData().filter(record)
    formatted = logging.Formatter().format(record)
    assert "robin@example.org" not in formatted
    assert "(email)=([email])" in formatted
