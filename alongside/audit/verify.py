"""Checks every audit chain and names the first broken link."""

from __future__ import annotations

from dataclasses import dataclass, field

from alongside.audit.chain import compute_hash, read_anchor
from alongside.audit.models import AuditChain, AuditEvent


@dataclass
class ChainReport:
    key: str
    events: int = 0
    broken_at: int | None = None
    problem: str = ""
    restore_gap: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_at is None and not self.problem


@dataclass
class VerifyReport:
    chains: list[ChainReport] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(chain.ok for chain in self.chains)


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


def verify_chain(chain: AuditChain) -> ChainReport:
    report = ChainReport(key=chain.key)
    prev_hash = ""
    expected_seq = 1
    for event in AuditEvent.objects.filter(chain=chain).order_by("seq").iterator(chunk_size=2000):
        report.events += 1
        if event.seq != expected_seq:
            report.broken_at = expected_seq
            report.problem = f"event {expected_seq} is missing (next stored event is {event.seq})"
            return report
        if event.prev_hash != prev_hash:
            report.broken_at = event.seq
            report.problem = f"event {event.seq} does not link to event {event.seq - 1}"
            return report
        if compute_hash(prev_hash, _event_fields(event)) != event.hash:
            report.broken_at = event.seq
            report.problem = f"event {event.seq} was changed after it was written"
            return report
        prev_hash = event.hash
        expected_seq += 1
    last_seq = expected_seq - 1
    if (chain.last_seq, chain.last_hash) != (last_seq, prev_hash):
        report.broken_at = last_seq + 1
        report.problem = f"the chain head says event {chain.last_seq}, but the events end at {last_seq}"
        return report
    anchored = read_anchor(chain.key)
    if anchored:
        if last_seq in anchored and anchored[last_seq] != prev_hash:
            report.broken_at = last_seq
            report.problem = f"event {last_seq} differs from the head anchored outside the database"
            return report
        newest = max(anchored)
        if newest > last_seq:
            if _prefix_confirmed(chain, anchored, last_seq):
                report.restore_gap = (
                    f"events {last_seq + 1} to {newest} were anchored but are not in the database: "
                    "the database was restored from a backup taken before them (or its tail was removed)"
                )
            else:
                report.broken_at = last_seq
                report.problem = f"the events end at {last_seq}, which no anchored head confirms"
    return report


def _prefix_confirmed(chain: AuditChain, anchored: dict[int, str], last_seq: int) -> bool:
    """True when what the database holds is a prefix of the anchored chain, as after a restore.

    A transaction that wrote several events anchors only its last, so compare at the newest anchored
    sequence number at or below the database's last event.
    """
    earlier = [seq for seq in anchored if seq <= last_seq]
    if not earlier:
        return True
    seq = max(earlier)
    return AuditEvent.objects.filter(chain=chain, seq=seq, hash=anchored[seq]).exists()


def verify_all() -> VerifyReport:
    report = VerifyReport()
    for chain in AuditChain.objects.order_by("key"):
        report.chains.append(verify_chain(chain))
    return report
