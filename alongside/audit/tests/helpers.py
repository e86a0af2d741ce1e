"""Helpers for the audit tests: write events, tamper with rows behind the ORM's back."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection

from alongside.accounts.models import User
from alongside.audit.models import AuditAction, AuditEvent
from alongside.audit.services import audit_record

TABLE = "audit_auditevent"


def write_events(actor: User, count: int, *, action: str = AuditAction.VIEW) -> list[AuditEvent]:
    return [audit_record(actor=actor, action=action, obj=actor, reason=f"test {n}") for n in range(count)]


@contextmanager
def trigger_disabled() -> Iterator[None]:
    """On PostgreSQL, switch off the append-only trigger for the block (as a table owner could)."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        # ALTER TABLE refuses while deferred foreign-key checks of this transaction are pending.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER audit_event_append_only")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE {TABLE} ENABLE TRIGGER audit_event_append_only")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def tamper(sql: str, params: Sequence[Any] = ()) -> None:
    """Run raw SQL against the audit table, as someone with database access would."""
    with trigger_disabled(), connection.cursor() as cursor:
        cursor.execute(sql, list(params))


@dataclass
class SqliteProject:
    """The project run as separate processes on a SQLite file, as it runs for real (tests' own DB is in memory)."""

    var_dir: Path

    @property
    def env(self) -> dict[str, str]:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "ALONGSIDE_VAR_DIR": str(self.var_dir),
            "AUDIT_HMAC_KEY": "test-key-for-the-race",
            "DJANGO_SECRET_KEY": "test-secret-for-the-race",
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "LOG_LEVEL": "WARNING",
        }
        for name in ("DATABASE_URL", "AUDIT_ANCHOR_DIR", "REDIS_URL"):
            env.pop(name, None)
        return env

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, *args], env=self.env, cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=120
        )

    def manage(self, *args: str) -> subprocess.CompletedProcess[str]:
        return self.run(str(settings.BASE_DIR / "manage.py"), *args)

    def python(self, code: str, *args: str) -> subprocess.CompletedProcess[str]:
        return self.run("-c", "import django\ndjango.setup()\n" + code, *args)

    def together(self, count: int, code: str, *args: str) -> list[str]:
        """Start ``count`` processes running ``code`` at once; return the errors of those that failed."""
        workers = [
            subprocess.Popen(
                [sys.executable, "-c", "import django\ndjango.setup()\n" + code, *args],
                env=self.env,
                cwd=settings.BASE_DIR,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(count)
        ]
        return [worker.communicate(timeout=120)[1] for worker in workers if worker.wait(timeout=120) != 0]


def sqlite_project(tmp_path: Path) -> SqliteProject:
    project = SqliteProject(var_dir=tmp_path)
    migrated = project.manage("migrate", "--noinput", "-v0")
    assert migrated.returncode == 0, migrated.stderr
    return project
