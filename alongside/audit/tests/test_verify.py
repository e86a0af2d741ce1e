"""audit_verify: a clean chain passes; tampering is caught at the first broken event; a restore is a restore."""

from __future__ import annotations

import hashlib
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from alongside.accounts.models import User
from alongside.audit.chain import HASHED_FIELDS, anchor_head, chain_key_for, read_anchor
from alongside.audit.models import AuditChain, AuditEvent
from alongside.audit.tests.helpers import TABLE, tamper, write_events
from alongside.audit.verify import _event_fields, verify_all
from conftest import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(world: World) -> User:
    return world.own["org_admin"]


@pytest.fixture
def anchored(anchor_dir: Path, django_capture_on_commit_callbacks, admin: User):  # type: ignore[no-untyped-def]
    """Write ``count`` events to the admin's chain and anchor them, as committed requests would."""

    def _write(count: int) -> list[AuditEvent]:
        with django_capture_on_commit_callbacks(execute=True):
            return write_events(admin, count)

    return _write


def _verify() -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("audit_verify", stdout=out, stderr=err)
    except CommandError:
        return "broken", out.getvalue() + err.getvalue()
    return "ok", out.getvalue() + err.getvalue()


def _chain(admin: User) -> AuditChain:
    return AuditChain.objects.get(key=chain_key_for(admin.organization.pk))  # type: ignore[union-attr]


def _row(admin: User, seq: int) -> AuditEvent:
    return AuditEvent.objects.get(chain=_chain(admin), seq=seq)


def _rewind_head(admin: User, seq: int) -> None:
    """Make the chain head agree with event ``seq``, as the head in a restored backup would."""
    event = _row(admin, seq)
    AuditChain.objects.filter(pk=_chain(admin).pk).update(last_seq=seq, last_hash=event.hash)


def test_a_clean_chain_verifies(anchored, admin: User) -> None:  # type: ignore[no-untyped-def]
    anchored(5)
    result, output = _verify()
    assert result == "ok"
    assert f"org:{admin.organization.pk}: 5 events, intact" in output  # type: ignore[union-attr]
    assert "RESTORE" not in output and "not anchored" not in output


def test_every_chain_is_checked_on_its_own(anchored, admin: User, world: World) -> None:  # type: ignore[no-untyped-def]
    anchored(2)
    write_events(world.other["org_admin"], 3)
    report = verify_all()
    assert report.ok
    assert {chain.key: chain.events for chain in report.chains} == {
        f"org:{world.own.organization.pk}": 2,
        f"org:{world.other.organization.pk}": 3,
    }


def test_a_changed_field_is_caught_at_its_event(anchored, admin: User) -> None:  # type: ignore[no-untyped-def]
    anchored(5)
    tamper(f"UPDATE {TABLE} SET reason = %s WHERE id = %s", ["nothing to see", _row(admin, 3).pk])
    result, output = _verify()
    assert result == "broken"
    assert "BROKEN at event 3: event 3 was changed after it was written" in output


def test_a_deleted_middle_event_is_caught(anchored, admin: User) -> None:  # type: ignore[no-untyped-def]
    anchored(5)
    tamper(f"DELETE FROM {TABLE} WHERE id = %s", [_row(admin, 3).pk])
    result, output = _verify()
    assert result == "broken"
    assert "BROKEN at event 3: event 3 is missing (the next stored event is 4)" in output


def test_reordered_events_are_caught(anchored, admin: User) -> None:  # type: ignore[no-untyped-def]
    anchored(5)
    second, third = _row(admin, 2).pk, _row(admin, 3).pk
    tamper(f"UPDATE {TABLE} SET seq = 1000 WHERE id = %s", [second])
    tamper(f"UPDATE {TABLE} SET seq = 2 WHERE id = %s", [third])
    tamper(f"UPDATE {TABLE} SET seq = 3 WHERE id = %s", [second])
    result, output = _verify()
    assert result == "broken"
    assert "BROKEN at event 2: event 2 does not link to event 1" in output


def _unkeyed_hash(prev_hash: str, fields: dict[str, object]) -> str:
    """What an unkeyed checksum beside the rows would be: anyone can recompute it."""
    payload = json.dumps(
        {name: fields[name] for name in HASHED_FIELDS}, sort_keys=True, default=str, separators=(",", ":")
    )
    return hashlib.sha256(f"{prev_hash}|{payload}".encode()).hexdigest()


def test_a_forged_event_with_a_recomputed_unkeyed_hash_is_caught(anchored, admin: User) -> None:  # type: ignore[no-untyped-def]
    anchored(5)
    target = _row(admin, 2)
    fields = {**_event_fields(target), "action": "export"}
    forged = _unkeyed_hash(target.prev_hash, fields)
    tamper(f"UPDATE {TABLE} SET action = 'export', hash = %s WHERE id = %s", [forged, target.pk])
    tamper(f"UPDATE {TABLE} SET prev_hash = %s WHERE id = %s", [forged, _row(admin, 3).pk])
    result, output = _verify()
    assert result == "broken"
    assert "BROKEN at event 2: event 2 was changed after it was written" in output


def test_a_forged_event_appended_at_the_end_is_caught(anchored, admin: User) -> None:  # type: ignore[no-untyped-def]
    anchored(3)
    last = _row(admin, 3)
    fields = {**_event_fields(last), "seq": 4, "reason": "forged"}
    forged = _unkeyed_hash(last.hash, fields)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TABLE} (chain_id, seq, prev_hash, hash, occurred_at, actor_id, actor_role, organization_id, "
            "action, object_type, object_id, participant_id, changed_fields, reason, ip, user_agent) "
            "SELECT chain_id, 4, %s, %s, occurred_at, actor_id, actor_role, organization_id, action, object_type, "
            f"object_id, participant_id, changed_fields, 'forged', ip, user_agent FROM {TABLE} WHERE id = %s",
            [last.hash, forged, last.pk],
        )
    AuditChain.objects.filter(pk=_chain(admin).pk).update(last_seq=4, last_hash=forged)
    result, output = _verify()
    assert result == "broken"
    assert "BROKEN at event 4: event 4 was changed after it was written" in output


def test_an_event_moved_to_another_chain_is_caught(anchored, admin: User, world: World) -> None:  # type: ignore[no-untyped-def]
    anchored(2)
    tamper(f"UPDATE {TABLE} SET organization_id = %s WHERE id = %s", [world.other.organization.pk, _row(admin, 2).pk])
    result, output = _verify()
    assert result == "broken"
    assert "BROKEN at event 2" in output


def test_a_truncated_tail_is_caught(anchored, admin: User) -> None:  # type: ignore[no-untyped-def]
    anchored(5)
    tamper(f"DELETE FROM {TABLE} WHERE chain_id = %s AND seq >= 4", [_chain(admin).pk])
    result, output = _verify()
    assert result == "broken"
    assert "BROKEN at event 4: event 4 is missing: the chain head says the last event is 5" in output


def test_a_changed_chain_head_is_caught(anchored, admin: User) -> None:  # type: ignore[no-untyped-def]
    anchored(3)
    AuditChain.objects.filter(pk=_chain(admin).pk).update(last_hash="0" * 64)
    result, output = _verify()
    assert result == "broken"
    assert "BROKEN at event 3" in output


def test_a_restore_from_backup_is_reported_as_a_restore(anchored, admin: User) -> None:  # type: ignore[no-untyped-def]
    anchored(3)  # the backup is taken here
    anchored(2)  # events 4 and 5 happen after it
    # Restoring the backup brings back events 1 to 3 and the chain head as it was then.
    tamper(f"DELETE FROM {TABLE} WHERE chain_id = %s AND seq > 3", [_chain(admin).pk])
    _rewind_head(admin, 3)
    result, output = _verify()
    assert result == "ok"
    assert "3 events, intact" in output
    assert "RESTORE noted: events 4 to 5 were anchored outside the database but are not in it" in output
    assert "BROKEN" not in output


def test_the_chain_goes_on_after_a_restore_and_the_gap_stays_on_record(anchored, admin: User) -> None:  # type: ignore[no-untyped-def]
    anchored(3)
    anchored(3)  # events 4 to 6, lost in the restore
    tamper(f"DELETE FROM {TABLE} WHERE chain_id = %s AND seq > 3", [_chain(admin).pk])
    _rewind_head(admin, 3)
    anchored(1)  # a new event 4, different from the lost one
    # The anchor log now names event 4 twice, with different hashes.
    assert [anchor.seq for anchor in read_anchor(_chain(admin).key)].count(4) == 2
    result, output = _verify()
    assert result == "ok"
    assert "4 events, intact" in output
    assert "RESTORE noted: events 4 to 6 were anchored" in output


def test_a_restore_before_a_chain_began_is_a_restore(anchored, admin: User) -> None:  # type: ignore[no-untyped-def]
    anchored(2)
    key = _chain(admin).key
    tamper(f"DELETE FROM {TABLE} WHERE chain_id = %s", [_chain(admin).pk])
    AuditChain.objects.filter(key=key).delete()
    result, output = _verify()
    assert result == "ok"
    assert f"{key}: 0 events, intact" in output
    assert "events 1 to 2 were anchored outside the database but are not in it" in output


def test_a_restore_between_anchored_heads_names_the_events_after_the_restored_one(
    anchor_dir: Path, admin: User
) -> None:
    events = write_events(admin, 6)  # anchored only at 3 and 6, as two transactions of three would be
    key = _chain(admin).key
    anchor_head(key, 3, events[2].hash)
    anchor_head(key, 6, events[5].hash)
    tamper(f"DELETE FROM {TABLE} WHERE chain_id = %s AND seq > 4", [_chain(admin).pk])
    _rewind_head(admin, 4)
    [report] = verify_all().chains
    assert report.ok
    assert (report.lost_from, report.lost_to) == (5, 6)


def test_anchors_written_out_of_order_are_not_a_restore(anchor_dir: Path, admin: User) -> None:
    events = write_events(admin, 3)  # no commit hooks run: anchor by hand, the later head first
    key = _chain(admin).key
    anchor_head(key, 3, events[2].hash)
    anchor_head(key, 2, events[1].hash)
    result, output = _verify()
    assert result == "ok"
    assert "RESTORE" not in output


def test_events_not_yet_anchored_are_noted_not_broken(anchor_dir: Path, admin: User) -> None:
    write_events(admin, 2)
    result, output = _verify()
    assert result == "ok"
    assert "the newest 2 events are not anchored yet" in output


def test_the_anchor_is_written_only_when_the_transaction_commits(
    anchor_dir: Path, admin: User, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    key = chain_key_for(admin.organization.pk)  # type: ignore[union-attr]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        write_events(admin, 2)
    assert read_anchor(key) == []
    for callback in callbacks:
        callback()
    assert [anchor.seq for anchor in read_anchor(key)] == [1, 2]


def test_an_anchor_that_cannot_be_written_does_not_undo_the_action(
    settings: Settings, tmp_path: Path, admin: User, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    settings.AUDIT_ANCHOR_DIR = blocker / "anchor"
    with django_capture_on_commit_callbacks(execute=True):
        write_events(admin, 1)
    assert AuditEvent.objects.count() == 1


def test_no_events_yet(anchor_dir: Path) -> None:
    assert _verify() == ("ok", "No audit events yet.\n")
