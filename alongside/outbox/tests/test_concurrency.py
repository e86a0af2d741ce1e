"""Two workers claiming the same message at the same moment send it once."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.db import connection, connections

from alongside.audit.tests.helpers import sqlite_project
from alongside.outbox.models import OutboxMessage
from alongside.outbox.services import outbox_deliver_one, outbox_sweep_once
from alongside.outbox.tests import backends

WORKERS = 4

# The SQLite test database is in memory with a shared cache, where a second writer fails at once instead
# of waiting; so on SQLite the workers are processes on a database file, as the product runs.


@pytest.fixture
def slow_provider(settings) -> Iterator[None]:  # type: ignore[no-untyped-def]
    settings.EMAIL_BACKEND = "alongside.outbox.tests.backends.SlowBackend"
    backends.reset()
    yield
    backends.reset()


def _together(work: Callable[[], object]) -> tuple[list[object], list[BaseException]]:
    barrier = threading.Barrier(WORKERS)
    results: list[object] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait()
            results.append(work())
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors


def _message(key: str) -> OutboxMessage:
    return OutboxMessage.objects.create(key=key, recipient="someone@example.org", subject="Hi", body="Hello")


@pytest.mark.usefixtures("slow_provider")
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor == "sqlite", reason="see test_concurrent_sweeps_on_a_sqlite_file_*")
def test_concurrent_deliveries_of_one_message_send_it_once() -> None:
    message = _message("reminder:1")
    results, errors = _together(lambda: outbox_deliver_one(message_id=message.pk))
    assert errors == []
    assert sorted(results) == ["sent"] + ["skipped"] * (WORKERS - 1)  # type: ignore[type-var]
    assert len(backends.sent) == 1
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("sent", 1)


@pytest.mark.usefixtures("slow_provider")
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor == "sqlite", reason="see test_concurrent_sweeps_on_a_sqlite_file_*")
def test_concurrent_sweeps_send_each_message_once() -> None:
    messages = [_message(f"reminder:{n}") for n in range(5)]
    _, errors = _together(outbox_sweep_once)
    assert errors == []
    assert sorted(email.to[0] for email in backends.sent) == ["someone@example.org"] * len(messages)
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {"sent"}


SWEEP = "from django.core.management import call_command\ncall_command('outbox_sweep')"
SETUP = """
from alongside.outbox.models import OutboxMessage
for n in range(20):
    OutboxMessage.objects.create(key=f"reminder:{n}", recipient="someone@example.org", subject="Hi", body="Hello")
"""


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own locking; PostgreSQL is tested above")
def test_concurrent_sweeps_on_a_sqlite_file_send_each_message_once(tmp_path: Path) -> None:
    project = sqlite_project(tmp_path)
    assert project.python(SETUP).returncode == 0
    assert project.together(WORKERS, SWEEP) == []
    written = "".join(path.read_text() for path in (tmp_path / "mail").iterdir())
    message_ids = re.findall(r"^Message-ID: (.+)$", written, flags=re.MULTILINE)
    assert len(message_ids) == len(set(message_ids)) == 20
    counted = project.python(
        "from alongside.outbox.models import OutboxMessage\nprint(sorted(set(OutboxMessage.objects.values_list('status', 'attempts'))))"
    )
    assert counted.stdout.strip() == "[('sent', 1)]"
