"""The one disclosure gate.

Every path that shows or sends a participant's data to anyone outside their own peer and
supervisors (clinician view, care-team summary, plan sharing, exports, FHIR, electronic referrals)
asks this module at request time, never a consent lookup of its own: ``consent_allows`` to know,
``authorize`` to know and, when allowed, write the accounting-of-disclosures row (42 CFR §2.25) whose
§2.32 notice goes with the data.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q

from alongside.accounts.models import Organization, User
from alongside.participants import selectors, services
from alongside.participants.models import (
    Consent,
    ConsentPurpose,
    Disclosure,
    Participant,
)


def _covering_consent(
    participant: Participant, recipient: User | Organization, category: str, *, purpose: str, at: datetime | None
) -> Consent | None:
    if purpose not in ConsentPurpose.values:
        return None
    if isinstance(recipient, User):
        membership = recipient.active_membership
        if membership is None:
            return None
        names = Q(recipient_user_id=recipient.pk) | Q(recipient_organization_id=membership.organization_id)
    else:
        names = Q(recipient_organization_id=recipient.pk)
    candidates = selectors.sharing_consents_for_gate(participant=participant, names=names, purpose=purpose)
    for consent in candidates:
        if category in consent.categories and consent.is_in_force(at=at):
            return consent
    return None


def consent_allows(
    participant: Participant,
    recipient: User | Organization,
    category: str,
    *,
    purpose: str,
    at: datetime | None = None,
) -> bool:
    """Whether a consent in force lets ``participant``'s ``category`` go to ``recipient`` for ``purpose``.

    A consent naming an organization covers the people of that organization; a consent naming a
    person covers only that person. Expiry and revocation are checked at ``at`` (default: now).
    """
    return _covering_consent(participant, recipient, category, purpose=purpose, at=at) is not None


def authorize(
    *,
    actor: User | None,
    participant: Participant,
    recipient: User | Organization,
    category: str,
    purpose: str,
    path: str,
) -> Disclosure | None:
    """Ask the gate and, when a consent allows it, record the disclosure before it happens.

    Returns the accounting row (its ``notice`` goes with the data, with the consent's scope), or
    ``None`` when no consent in force covers it: then nothing may be shared.
    """
    consent = _covering_consent(participant, recipient, category, purpose=purpose, at=None)
    if consent is None:
        return None
    return services.disclosure_record(
        actor=actor, consent=consent, recipient=recipient, category=category, purpose=purpose, path=path
    )
