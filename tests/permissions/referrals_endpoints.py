"""The referral queue's rows of the permission matrix (kept apart so capabilities built side by side
do not edit the same lines); ``endpoints.py`` adds them to ``ENDPOINTS``. See docs/participants.md.

Only org admins and supervisors have the queue: everyone else gets 403 on the lists and forms, and a
404 for a referral (as for the other organization's referrals). Peers, clinicians, participants and
network admins have no access at all.
"""

from __future__ import annotations

from typing import Any

from alongside.accounts.models import User
from alongside.participants.models import Referral
from tests.permissions.harness import Endpoint, MatrixWorld, Record, Scope, api, everyone, html, roles, wrote


def _referral(matrix: MatrixWorld, actor: User, scope: Scope) -> int:
    """A fresh, new self-referral to the program of the actor's organization (same_org) or the other's."""
    personas = matrix.own if scope == "same_org" else matrix.other
    referral = Referral.objects.create(
        organization=personas.organization,
        program=personas.program,
        source="self",
        person_name="Matrix Referral",
        phone="555-0100",
    )
    return referral.pk


REFERRAL = Record("referral", _referral, ("same_org", "other_org"))


def referral_count(matrix: MatrixWorld, actor: User, pk: int | None) -> Any:
    return Referral.objects.count()


def referral_status(matrix: MatrixWorld, actor: User, pk: int | None) -> Any:
    return Referral.objects.filter(pk=pk).values_list("status", flat=True).first()


QUEUE = roles(403, org_admin=200, supervisor=200)


def _decide(answer: object) -> dict:
    return {"same_org": roles(404, org_admin=answer, supervisor=answer), "other_org": everyone(404)}  # type: ignore[arg-type]


def _new_referral(matrix: MatrixWorld) -> dict[str, Any]:
    return {"program": matrix.own.program.pk, "source": "clinician", "person_name": "Matrix Person", "phone": "555"}


def _new_referral_json(matrix: MatrixWorld) -> dict[str, Any]:
    return {"program_id": matrix.own.program.pk, "source": "school", "person_name": "Matrix Person", "phone": "555"}


DECLINE = {"reason": "outside_area", "resources_offered": "County warm line"}

REFERRAL_PAGES: list[Endpoint] = [
    html("GET", "/participants/referrals/", QUEUE),
    html("GET", "/participants/referrals/new/", QUEUE),
    html(
        "POST",
        "/participants/referrals/new/",
        roles(403, org_admin=wrote(302, "/participants/referrals/"), supervisor=wrote(302, "/participants/referrals/")),
        body=_new_referral,
        state=referral_count,
    ),
    html(
        "POST",
        "/participants/referrals/{pk}/accept/",
        _decide(wrote(302, "/participants/referrals/")),
        record=REFERRAL,
        state=referral_status,
    ),
    html(
        "POST",
        "/participants/referrals/{pk}/waitlist/",
        _decide(wrote(302, "/participants/referrals/")),
        record=REFERRAL,
        state=referral_status,
    ),
    html(
        "POST",
        "/participants/referrals/{pk}/decline/",
        _decide(wrote(302, "/participants/referrals/")),
        record=REFERRAL,
        body=DECLINE,
        state=referral_status,
    ),
]

REFERRAL_API: list[Endpoint] = [
    api("GET", "/participants/referrals", QUEUE),
    api(
        "POST",
        "/participants/referrals",
        roles(403, org_admin=wrote(201), supervisor=wrote(201)),
        body=_new_referral_json,
        state=referral_count,
    ),
    api(
        "POST",
        "/participants/referrals/{pk}/accept",
        _decide(wrote(200)),
        record=REFERRAL,
        body={"enrollment_status": "waitlisted"},
        state=referral_status,
    ),
    api("POST", "/participants/referrals/{pk}/waitlist", _decide(wrote(200)), record=REFERRAL, state=referral_status),
    api(
        "POST",
        "/participants/referrals/{pk}/decline",
        _decide(wrote(200)),
        record=REFERRAL,
        body=DECLINE,
        state=referral_status,
    ),
]
