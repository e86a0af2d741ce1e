"""Fail closed: when the audit row cannot be written, the action it records does not happen."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.db import DatabaseError
from django.test import Client
from pytest_django import DjangoCaptureOnCommitCallbacks

from alongside.accounts import services as account_services
from alongside.accounts.models import Invitation, User
from alongside.audit.models import AuditChain, AuditEvent
from alongside.outbox.models import OutboxMessage
from alongside.programs import services as program_services
from alongside.programs.models import Program
from conftest import World, sign_in

pytestmark = pytest.mark.django_db


def _refuse(*args: Any, **kwargs: Any) -> None:
    raise DatabaseError("the audit table is unavailable")


@pytest.fixture
def audit_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    """The audit insert itself fails, as it would if the table were locked, full or missing."""
    monkeypatch.setattr(AuditEvent, "save", _refuse)


def test_a_service_whose_audit_call_fails_saves_nothing(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(program_services, "audit_record", _refuse)
    with pytest.raises(DatabaseError):
        program_services.program_create(actor=world.own["org_admin"], name="Night line", model="warm_line")
    assert not Program.objects.filter(name="Night line").exists()


def test_an_invitation_that_cannot_be_audited_is_not_created_or_sent(
    world: World, audit_fails: None, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    with pytest.raises(DatabaseError), django_capture_on_commit_callbacks(execute=True):
        account_services.invitation_create(actor=world.own["org_admin"], email="new.person@example.org", role="peer")
    assert not Invitation.objects.filter(email="new.person@example.org").exists()
    assert not OutboxMessage.objects.exists()
    assert mail.outbox == []
    assert AuditChain.objects.filter(last_seq__gt=0).count() == 0


def test_a_role_change_that_cannot_be_audited_is_rolled_back(world: World, audit_fails: None) -> None:
    peer = world.own["peer"]
    with pytest.raises(DatabaseError):
        account_services.user_change_role(actor=world.own["org_admin"], user=peer, role="supervisor")
    peer.membership.refresh_from_db()
    assert peer.membership.role == "peer"
    assert User.objects.get(pk=peer.pk).session_epoch == 0


def test_a_read_that_cannot_be_audited_is_not_shown(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    client = sign_in(Client(raise_request_exception=False), world.own["org_admin"])
    monkeypatch.setattr(AuditEvent, "save", _refuse)
    person = world.own["peer"]
    response = client.get(f"/people/{person.pk}/")
    assert response.status_code == 500
    assert person.full_name not in response.content.decode()
    assert person.email not in response.content.decode()
