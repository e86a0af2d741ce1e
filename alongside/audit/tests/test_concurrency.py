"""Writers racing on one chain queue behind its head: no duplicate numbers, no broken links."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, connections, transaction

from alongside.accounts.models import User
from alongside.audit import services
from alongside.audit.models import AuditChain, AuditEvent
from alongside.audit.tests.helpers import sqlite_project, write_events
from alongside.audit.verify import verify_all
from conftest import World

THREADS = 4
EVENTS_EACH = 10

# On SQLite the test database is in memory with a shared cache, where a second writer fails at once
# instead of waiting; so SQLite is tested with processes on a database file, as it runs for real.


def _race(actors: list[User]) -> list[BaseException]:
    barrier = threading.Barrier(len(actors))
    errors: list[BaseException] = []

    def work(actor: User) -> None:
        try:
            barrier.wait()
            for _ in range(EVENTS_EACH):
                with transaction.atomic():
                    write_events(actor, 1)
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(actor,)) for actor in actors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


@pytest.fixture
def slow_hash(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hold each chain head a little longer, so the writers really overlap."""
    real = services.compute_hash

    def compute_hash(prev_hash: str, fields: dict[str, Any]) -> str:
        time.sleep(0.002)
        return real(prev_hash, fields)

    monkeypatch.setattr(services, "compute_hash", compute_hash)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor == "sqlite", reason="see test_concurrent_processes_on_a_sqlite_file")
def test_concurrent_writers_to_one_chain_never_break_it(world: World, anchor_dir: Path, slow_hash: None) -> None:
    staff = [world.own[role] for role in ("org_admin", "supervisor", "peer", "peer_b")]
    assert AuditChain.objects.count() == 0  # the chain does not exist yet: its creation races too
    errors = _race(staff)
    assert errors == []
    seqs = sorted(AuditEvent.objects.values_list("seq", flat=True))
    assert seqs == list(range(1, THREADS * EVENTS_EACH + 1))
    report = verify_all()
    assert report.ok, [chain.problem for chain in report.chains]
    assert [(chain.events, chain.restore_gap, chain.unanchored) for chain in report.chains] == [(40, "", 0)]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor == "sqlite", reason="see test_concurrent_processes_on_a_sqlite_file")
def test_writers_in_different_organizations_do_not_share_a_chain(
    world: World, anchor_dir: Path, slow_hash: None
) -> None:
    staff = [world.own["org_admin"], world.own["peer"], world.other["org_admin"], world.other["peer"]]
    assert _race(staff) == []
    chains = {chain.key: chain.last_seq for chain in AuditChain.objects.all()}
    assert chains == {f"org:{world.own.organization.pk}": 20, f"org:{world.other.organization.pk}": 20}
    assert verify_all().ok


WORKER = """
import sys
from django.db import transaction
from alongside.accounts.models import Organization
from alongside.audit.services import audit_record
organization = Organization.objects.get(slug="race")
for _ in range(int(sys.argv[1])):
    with transaction.atomic():
        audit_record(actor=None, action="view", organization=organization, object_type="test", object_id="1")
"""


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's IMMEDIATE transactions; PostgreSQL is tested above")
def test_concurrent_processes_on_a_sqlite_file(tmp_path: Path) -> None:
    project = sqlite_project(tmp_path)
    assert (
        project.python(
            'from alongside.accounts.models import Organization\nOrganization.objects.create(name="Race", slug="race")'
        ).returncode
        == 0
    )
    assert project.together(THREADS, WORKER, str(EVENTS_EACH)) == []
    verified = project.manage("audit_verify")
    assert verified.returncode == 0, verified.stderr
    assert f"{THREADS * EVENTS_EACH} events, intact" in verified.stdout
    assert "not anchored" not in verified.stdout
