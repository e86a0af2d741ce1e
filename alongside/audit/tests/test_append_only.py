"""Audit events are append-only: the ORM refuses every change, and PostgreSQL refuses raw SQL too."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from alongside.audit.models import AuditEvent
from alongside.audit.tests.helpers import TABLE, write_events
from conftest import World

pytestmark = pytest.mark.django_db

only_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")


@pytest.fixture
def event(world: World) -> AuditEvent:
    return write_events(world.own["org_admin"], 1)[0]


def _unchanged(event: AuditEvent) -> None:
    stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.action, stored.reason, stored.hash) == ("view", "test 0", event.hash)


def test_it_refuses_to_save_an_existing_event(event: AuditEvent) -> None:
    event.reason = "edited"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.save(update_fields=["reason"])
    fetched = AuditEvent.objects.get(pk=event.pk)
    fetched.reason = "edited"
    with pytest.raises(PermissionError):
        fetched.save()
    _unchanged(event)


def test_it_refuses_to_overwrite_a_row_through_a_new_instance_with_its_id(event: AuditEvent) -> None:
    copy = AuditEvent.objects.get(pk=event.pk)
    copy._state.adding = True
    copy.reason = "edited"
    with pytest.raises(DatabaseError), transaction.atomic():
        copy.save()  # forced to INSERT, which the primary key refuses
    _unchanged(event)


def test_it_refuses_to_delete_an_event(event: AuditEvent) -> None:
    with pytest.raises(PermissionError):
        event.delete()
    _unchanged(event)


def test_it_refuses_queryset_update_and_delete(event: AuditEvent) -> None:
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(reason="edited")
    with pytest.raises(PermissionError):
        AuditEvent.objects.update(reason="edited")
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    _unchanged(event)


def test_it_refuses_bulk_writes_and_update_or_create(event: AuditEvent) -> None:
    event.reason = "edited"
    with pytest.raises(PermissionError):
        AuditEvent.objects.bulk_update([event], ["reason"])
    with pytest.raises(PermissionError):
        AuditEvent.objects.bulk_create([AuditEvent(seq=99)])
    with pytest.raises(PermissionError):
        AuditEvent.objects.update_or_create(pk=event.pk, defaults={"reason": "edited"})
    _unchanged(event)


def test_the_base_manager_is_guarded_too(event: AuditEvent) -> None:
    with pytest.raises(PermissionError):
        AuditEvent._base_manager.filter(pk=event.pk).update(reason="edited")
    with pytest.raises(PermissionError):
        AuditEvent._base_manager.all().delete()
    _unchanged(event)


@only_postgresql
def test_postgresql_refuses_a_raw_update(event: AuditEvent) -> None:
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET reason = 'edited' WHERE id = %s", [event.pk])
    _unchanged(event)


@only_postgresql
def test_postgresql_refuses_a_raw_delete(event: AuditEvent) -> None:
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE id = %s", [event.pk])
    _unchanged(event)


@only_postgresql
def test_postgresql_still_accepts_new_events(world: World) -> None:
    write_events(world.own["org_admin"], 3)
    assert AuditEvent.objects.count() == 3
