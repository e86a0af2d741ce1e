"""The keyed hash chain: how an event's hash is computed and where each chain's head is anchored.

The HMAC key lives outside the database (environment or a file), so someone who can write the
table cannot forge a row; the head is also written to an anchor file outside the database after
each commit, so a truncated tail is detected too.
"""

from __future__ import annotations

import fcntl
import hashlib
import hmac
import json
from pathlib import Path
from typing import Any

from django.conf import settings

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


def chain_key_for(organization_id: int | None) -> str:
    return f"org:{organization_id}" if organization_id else "system"


def compute_hash(prev_hash: str, fields: dict[str, Any]) -> str:
    payload = json.dumps(
        {name: fields[name] for name in HASHED_FIELDS}, sort_keys=True, default=str, separators=(",", ":")
    )
    message = f"{prev_hash}|{payload}".encode()
    return hmac.new(settings.AUDIT_HMAC_KEY.encode(), message, hashlib.sha256).hexdigest()


def _anchor_path(chain_key: str) -> Path:
    return Path(settings.AUDIT_ANCHOR_DIR) / f"{chain_key.replace(':', '-')}.log"


def anchor_head(chain_key: str, seq: int, head_hash: str) -> None:
    """Append the committed head to the chain's anchor log (one line: seq and hash)."""
    path = _anchor_path(chain_key)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        handle.write(f"{seq} {head_hash}\n")


def read_anchor(chain_key: str) -> dict[int, str]:
    """Every head ever anchored for this chain, by sequence number."""
    path = _anchor_path(chain_key)
    if not path.exists():
        return {}
    anchored: dict[int, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0].isdigit():
            anchored[int(parts[0])] = parts[1]
    return anchored
