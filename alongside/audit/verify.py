"""Checks every audit chain and names the first broken link.

Three kinds of finding:

* **Broken** (tampering or damage): a missing, changed, reordered or forged event, or a chain head
  that does not match the events. The keyed hash (HMAC) means nobody without the key can write an
  event that passes, so the first event that fails is named.
* **Restore**: the database holds a chain that passes every check, but heads anchored outside the
  database name events it does not hold (or holds differently, because the chain went on from an
  earlier event). That is what restoring a backup looks like: the events written after the backup
  was taken are gone. A removed tail whose chain head was rewound too looks the same, so a restore
  that nobody performed must be investigated as a deletion.
* **Not anchored**: events newer than the last anchored head. Normal for a moment after a commit;
  a long run of them means anchors are not being written (see the log).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from alongside.audit.chain import Anchor, anchored_chain_keys, chain_key_for, compute_hash, read_anchor
from alongside.audit.models import AuditChain, AuditEvent
from alongside.audit.selectors import audit_chain_events


@dataclass
class ChainReport:
    key: str
    events: int = 0
    broken_at: int | None = None
    problem: str = ""
    restore_gap: str = ""
    lost_from: int | None = None
    lost_to: int | None = None
    unanchored: int = 0

    @property
    def ok(self) -> bool:
        return self.broken_at is None and not self.problem


@dataclass
class VerifyReport:
    chains: list[ChainReport] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(chain.ok for chain in self.chains)

    @property
    def restores(self) -> list[ChainReport]:
        return [chain for chain in self.chains if chain.ok and chain.restore_gap]


def _event_fields(event: AuditEvent) -> dict[str, object]:
    return {
        "seq": event.seq,
        "occurred_at": event.occurred_at.isoformat(),
        "actor_id": event.actor_id,
        "actor_role": event.actor_role,
        "organization_id": event.organization_id,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "participant_id": event.participant_id,
        "changed_fields": event.changed_fields,
        "reason": event.reason,
        "ip": event.ip,
        "user_agent": event.user_agent,
    }


def _broken(report: ChainReport, seq: int, problem: str) -> ChainReport:
    report.broken_at = seq
    report.problem = problem
    return report


def verify_chain(chain: AuditChain, anchors: list[Anchor] | None = None) -> ChainReport:
    """Walk one chain from its first event; stop at the first broken link."""
    report = ChainReport(key=chain.key)
    anchors = read_anchor(chain.key) if anchors is None else anchors
    anchored_seqs = {anchor.seq for anchor in anchors}
    stored_hashes: dict[int, str] = {}
    prev_hash = ""
    expected_seq = 1
    events = audit_chain_events(chain=chain)
    for event in events.iterator(chunk_size=2000):
        report.events += 1
        if event.seq != expected_seq:
            return _broken(
                report, expected_seq, f"event {expected_seq} is missing (the next stored event is {event.seq})"
            )
        if event.prev_hash != prev_hash:
            return _broken(report, event.seq, f"event {event.seq} does not link to event {event.seq - 1}")
        if compute_hash(prev_hash, _event_fields(event)) != event.hash:
            return _broken(report, event.seq, f"event {event.seq} was changed after it was written")
        if chain_key_for(event.organization_id) != chain.key:
            return _broken(report, event.seq, f"event {event.seq} belongs to another chain ({event.organization_id})")
        if event.seq in anchored_seqs:
            stored_hashes[event.seq] = event.hash
        prev_hash = event.hash
        expected_seq += 1
    last_seq = expected_seq - 1
    if chain.last_seq > last_seq:
        return _broken(
            report,
            last_seq + 1,
            f"event {last_seq + 1} is missing: the chain head says the last event is {chain.last_seq}, "
            f"but the stored events end at {last_seq}",
        )
    if (chain.last_seq, chain.last_hash) != (last_seq, prev_hash):
        return _broken(
            report, last_seq, f"the chain head (event {chain.last_seq}) does not match the last stored event {last_seq}"
        )
    _compare_with_anchors(report, anchors, stored_hashes, last_seq)
    return report


def _compare_with_anchors(report: ChainReport, anchors: list[Anchor], stored: dict[int, str], last_seq: int) -> None:
    """Find anchored heads the database does not hold: the mark a restore (or a removed tail) leaves.

    Only called once the stored chain passed every keyed check, so a stored event whose hash differs
    from an anchored one was written by us in another history, not forged.
    """
    confirmed = {anchor.seq for anchor in anchors if stored.get(anchor.seq) == anchor.hash}
    lost = sorted({anchor.seq for anchor in anchors if stored.get(anchor.seq) != anchor.hash})
    newest_confirmed = max(confirmed, default=0)
    report.unanchored = last_seq - newest_confirmed if anchors else last_seq
    if not lost:
        return
    newest = lost[-1]
    diverged = [seq for seq in lost if seq <= last_seq]
    if diverged:
        # New events were written after the restore: the stored chain went on from an earlier event.
        first = diverged[0]
        kept = max((seq for seq in confirmed if seq < first), default=0)
        held = (
            f"the database holds events 1 to {last_seq}, which differ from the anchored ones from event {first} "
            f"on; they agree up to event {kept}"
        )
    else:
        first = last_seq + 1
        held = f"the database holds events 1 to {last_seq}" if last_seq else "the database holds none of its events"
    report.lost_from, report.lost_to = first, newest
    report.restore_gap = (
        f"events {first} to {newest} were anchored outside the database but are not in it ({held}). "
        "The database was restored from a backup taken before them; if no backup was restored, they were deleted."
    )


def verify_all() -> VerifyReport:
    """Check every chain in the database, and every anchored chain the database no longer holds."""
    report = VerifyReport()
    seen: set[str] = set()
    for chain in AuditChain.objects.order_by("key"):
        seen.add(chain.key)
        report.chains.append(verify_chain(chain))
    for key in anchored_chain_keys():
        if key not in seen:
            # Checked against an empty chain: everything anchored is missing.
            report.chains.append(verify_chain(AuditChain(key=key)))
    return report
