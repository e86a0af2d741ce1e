"""The keyed hash chain: how an event's hash is computed and where each chain's head is anchored.

The HMAC key lives outside the database (environment or a file), so someone who can write the
table cannot forge a row; the head is also written to an anchor log outside the database after
each commit, so a truncated tail is detected too.

The anchor log of a chain is one line per committed transaction that wrote to it: ``seq hash time``.
Lines are only ever appended. Two transactions that commit close together may append their lines
out of order, and after the database is restored from a backup the chain continues from an earlier
event, so the same sequence number can appear twice with different hashes. Verification therefore
treats the log as a set of (seq, hash) pairs, not as a sequence.
"""

from __future__ import annotations

import fcntl
import hashlib
import hmac
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

logger = logging.getLogger(__name__)

HASHED_FIELDS = (
    "seq",
    "occurred_at",
    "actor_id",
    "actor_role",
    "organization_id",
    "action",
    "object_type",
    "object_id",
    "participant_id",
    "changed_fields",
    "reason",
    "ip",
    "user_agent",
)

SYSTEM_CHAIN = "system"


@dataclass(frozen=True)
class Anchor:
    """One head written to the anchor log: the chain's last event after a commit."""

    seq: int
    hash: str
    at: str = ""


def chain_key_for(organization_id: int | None) -> str:
    return f"org:{organization_id}" if organization_id else SYSTEM_CHAIN


def compute_hash(prev_hash: str, fields: dict[str, Any]) -> str:
    """HMAC-SHA256 of the previous hash and the event's fields, with the key kept outside the database."""
    payload = json.dumps(
        {name: fields[name] for name in HASHED_FIELDS}, sort_keys=True, default=str, separators=(",", ":")
    )
    message = f"{prev_hash}|{payload}".encode()
    return hmac.new(settings.AUDIT_HMAC_KEY.encode(), message, hashlib.sha256).hexdigest()


def _anchor_dir() -> Path:
    return Path(settings.AUDIT_ANCHOR_DIR)


def _anchor_path(chain_key: str) -> Path:
    return _anchor_dir() / f"{chain_key.replace(':', '-')}.log"


def anchor_head(chain_key: str, seq: int, head_hash: str) -> None:
    """Append the committed head to the chain's anchor log.

    Runs after the commit, so it cannot undo the action: if the anchor cannot be written the error is
    logged and the events stay unanchored (still keyed and chained), which ``audit_verify`` notes.
    No fsync: a head lost in a crash only means the newest events are checked without an anchor.
    """
    path = _anchor_path(chain_key)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            handle.write(f"{seq} {head_hash} {timezone.now().isoformat(timespec='seconds')}\n")
    except OSError:
        logger.exception("audit anchor could not be written", extra={"chain": chain_key, "seq": seq})


def read_anchor(chain_key: str) -> list[Anchor]:
    """Every head ever anchored for this chain, in the order the lines were written."""
    path = _anchor_path(chain_key)
    if not path.exists():
        return []
    anchors: list[Anchor] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0].isdigit() and len(parts[1]) == 64:
            anchors.append(Anchor(seq=int(parts[0]), hash=parts[1], at=parts[2] if len(parts) > 2 else ""))
    return anchors


def anchored_chain_keys() -> list[str]:
    """The chains that have an anchor log, whether or not the database still holds them."""
    directory = _anchor_dir()
    if not directory.is_dir():
        return []
    keys = []
    for path in sorted(directory.glob("*.log")):
        name = path.stem
        keys.append(f"org:{name.removeprefix('org-')}" if name.startswith("org-") else name)
    return keys
