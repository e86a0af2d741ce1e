"""Every page and API endpoint, with the answer each role gets. One row per (method, address).

Read a row as: "``method path`` answers, for the actor's own record / someone else's record in the
actor's organization / a record of the other organization, this to each role". Anonymous visitors
are checked too: pages send them to the sign-in page, the API answers 401 (unless ``anonymous=``
says otherwise). ``wrote(...)`` means the request is allowed and the harness checks that the write
happened (``state`` changed); every other answer must leave ``state`` as it was.

To add a capability's pages and endpoints, add rows here; ``test_every_route_is_in_the_matrix``
fails until every address in the URL configuration has one. See docs/permissions.md.
"""

from __future__ import annotations

from tests.permissions.harness import (
    CONSENT,
    ENROLLMENT,
    INVITATION,
    PARTICIPANT,
    PROGRAM,
    TOKEN,
    USER,
    Endpoint,
    actor_backup_codes,
    actor_devices,
    actor_name,
    actor_session_epoch,
    api,
    assignments_of,
    consent_revoked,
    consents_of,
    deactivate_unless_own,
    enrollment_status,
    enrollments_of,
    everyone,
    html,
    invitation_count,
    invitation_revoked,
    is_active,
    participant_count,
    participant_name,
    program_count,
    program_fields,
    redirect,
    role_of,
    roles,
    token_revoked,
    tokens_of_actor,
    wrote,
)
from tests.permissions.peers_endpoints import PEER_API, PEER_PAGES
from tests.permissions.referrals_endpoints import REFERRAL_API, REFERRAL_PAGES

LOGIN = "/account/login/"
CONFIRM_CODE = "/account/confirm-code/"
# Roles that have an authenticator (two-step sign-in is required of them), so can confirm a code.
WITH_AUTHENTICATOR = ("network_admin", "org_admin", "supervisor", "clinician")

NEW_PROGRAM = {"name": "Matrix program", "model": "group", "description": "", "min_age": "", "max_age": ""}
CHANGED_PROGRAM = {"name": "Renamed by the matrix", "model": "one_on_one", "description": "changed", "is_active": "on"}

# --- Participants: who gets what -----------------------------------------------------------------
# Org admins and supervisors: every participant of their organization. Peers: the ones assigned to
# them (the "own" record). Participants: their own record. Clinicians and network admins: nobody yet
# (clinicians will see through consent). A record one cannot see, or may not act on, is a 404.
_MANAGERS = ("org_admin", "supervisor")


def _participant_table(own: tuple[str, ...], same_org: tuple[str, ...], answer: object) -> dict:
    return {
        "own": roles(404, **dict.fromkeys(own, answer)),  # type: ignore[arg-type]
        "same_org": roles(404, **dict.fromkeys(same_org, answer)),  # type: ignore[arg-type]
        "other_org": everyone(404),
    }


def _readers(answer: object) -> dict:
    return _participant_table((*_MANAGERS, "peer", "participant"), _MANAGERS, answer)


def _carers(answer: object) -> dict:
    """Org admins, supervisors and the assigned peer: edit details, record consent."""
    return _participant_table((*_MANAGERS, "peer"), _MANAGERS, answer)


def _managers(answer: object) -> dict:
    """Org admins and supervisors: enrollments and peer assignments."""
    return _participant_table(_MANAGERS, _MANAGERS, answer)


def _revokers(answer: object) -> dict:
    """Taking consent back: also the participant, for their own consent."""
    return _participant_table((*_MANAGERS, "peer", "participant"), _MANAGERS, answer)


NEW_PARTICIPANT = {"preferred_name": "Matrix Person", "contact_channel": "none"}
CHANGED_PARTICIPANT = {"preferred_name": "Renamed by the matrix", "contact_channel": "none"}
CONSENT_FORM = {
    "kind": "share_tpo",
    "recipient_kind": "organization",
    "recipient_name": "Matrix clinic",
    "purpose": "tpo",
    "categories": "summary",
    "expires_on": "2099-01-01",
    "signature_method": "on_screen",
    "signed_name": "Matrix Person",
    "signature_confirmed": "on",
    "revocation_right_acknowledged": "on",
}
CONSENT_JSON = {
    **CONSENT_FORM,
    "categories": ["summary"],
    "signature_confirmed": True,
    "revocation_right_acknowledged": True,
}

PAGES: list[Endpoint] = [
    html("GET", "/", everyone(200)),
    # --- Your own account -----------------------------------------------------------------
    html("GET", "/account/", everyone(200)),
    html(
        "POST",
        "/account/",
        everyone(wrote(302, "/account/")),
        body={"full_name": "Renamed Person", "preferred_language": "en"},
        state=actor_name,
    ),
    html("GET", "/account/confirm-code/", everyone(200)),
    html("POST", "/account/logout/", everyone(redirect(LOGIN))),
    html("POST", "/account/sign-out-everywhere/", everyone(wrote(302, LOGIN)), state=actor_session_epoch),
    html("GET", "/account/tokens/", everyone(200)),
    html(
        "POST",
        "/account/tokens/",
        # Making a token needs a code from the authenticator app in the last 5 minutes (step-up).
        roles(redirect(CONFIRM_CODE), **dict.fromkeys(WITH_AUTHENTICATOR, wrote(200))),
        body={"name": "matrix"},
        state=tokens_of_actor,
    ),
    html(
        "POST",
        "/account/tokens/{pk}/revoke/",
        {"own": everyone(wrote(302, "/account/tokens/")), "same_org": everyone(404), "other_org": everyone(404)},
        record=TOKEN,
        state=token_revoked,
    ),
    # --- Two-step sign-in (two_factor's pages, some replaced by ours) ----------------------
    html(
        "GET",
        "/account/two_factor/",
        everyone(200),
    ),
    html(
        "GET",
        "/account/two_factor/setup/",
        # Someone who already has an authenticator is sent on to the "done" page.
        roles(200, **dict.fromkeys(WITH_AUTHENTICATOR, redirect("/account/two_factor/setup/complete/"))),
    ),
    html(
        "GET",
        "/account/two_factor/setup/complete/",
        roles(redirect(LOGIN), **dict.fromkeys(WITH_AUTHENTICATOR, 200)),
    ),
    html("GET", "/account/two_factor/qrcode/", everyone(404)),
    html(
        "GET",
        "/account/two_factor/backup/tokens/",
        roles(redirect(CONFIRM_CODE), **dict.fromkeys(WITH_AUTHENTICATOR, 200)),
    ),
    html(
        "POST",
        "/account/two_factor/backup/tokens/",
        roles(redirect(CONFIRM_CODE), **dict.fromkeys(WITH_AUTHENTICATOR, wrote(302, "/account/two_factor/backup/"))),
        body={},
        state=actor_backup_codes,
    ),
    html(
        "GET",
        "/account/two_factor/disable/",
        roles(redirect(CONFIRM_CODE), **dict.fromkeys(WITH_AUTHENTICATOR, 200)),
    ),
    html(
        "POST",
        "/account/two_factor/disable/",
        roles(redirect(CONFIRM_CODE), **dict.fromkeys(WITH_AUTHENTICATOR, wrote(302))),
        body={"understand": "on"},
        state=actor_devices,
    ),
    # --- People ------------------------------------------------------------------------------
    html("GET", "/people/", roles(403, org_admin=200, supervisor=200)),
    html("GET", "/people/invite/", roles(403, org_admin=200)),
    html(
        "POST",
        "/people/invite/",
        roles(403, org_admin=wrote(302, "/people/")),
        body={"email": "matrix@example.org", "role": "peer"},
        state=invitation_count,
    ),
    html(
        "POST",
        "/people/invitations/{pk}/revoke/",
        {"same_org": roles(403, org_admin=wrote(302, "/people/")), "other_org": roles(403, org_admin=404)},
        record=INVITATION,
        state=invitation_revoked,
    ),
    html(
        "GET",
        "/people/{pk}/",
        {
            "own": everyone(200),
            "same_org": roles(404, org_admin=200, supervisor=200),
            "other_org": everyone(404),
        },
        record=USER,
    ),
    html(
        "POST",
        "/people/{pk}/role/",
        {"own": everyone(404), "same_org": roles(404, org_admin=wrote(302, "/people/")), "other_org": everyone(404)},
        record=USER,
        body={"role": "clinician"},
        state=role_of,
    ),
    html(
        "POST",
        "/people/{pk}/active/",
        {"own": everyone(404), "same_org": roles(404, org_admin=wrote(302, "/people/")), "other_org": everyone(404)},
        record=USER,
        body={"active": "0"},
        state=is_active,
    ),
    html("GET", "/network/", roles(403, network_admin=200)),
    # --- Programs ----------------------------------------------------------------------------
    html("GET", "/programs/", everyone(200)),
    html("GET", "/programs/new/", roles(403, org_admin=200)),
    html(
        "POST", "/programs/new/", roles(403, org_admin=wrote(302, "/programs/")), body=NEW_PROGRAM, state=program_count
    ),
    html("GET", "/programs/{pk}/", {"same_org": everyone(200), "other_org": everyone(404)}, record=PROGRAM),
    html(
        "GET",
        "/programs/{pk}/edit/",
        {"same_org": roles(404, org_admin=200), "other_org": everyone(404)},
        record=PROGRAM,
    ),
    html(
        "POST",
        "/programs/{pk}/edit/",
        {"same_org": roles(404, org_admin=wrote(302, "/programs/")), "other_org": everyone(404)},
        record=PROGRAM,
        body=CHANGED_PROGRAM,
        state=program_fields,
    ),
    # --- Participants ------------------------------------------------------------------------
    html("GET", "/participants/", roles(403, org_admin=200, supervisor=200, peer=200)),
    # A participant is sent to their own record; nobody else has one.
    html("GET", "/participants/mine/", roles(404, participant=redirect("/participants/"))),
    html("GET", "/participants/new/", roles(403, org_admin=200, supervisor=200, peer=200)),
    html(
        "POST",
        "/participants/new/",
        roles(403, **dict.fromkeys((*_MANAGERS, "peer"), wrote(302, "/participants/"))),
        body=NEW_PARTICIPANT,
        state=participant_count,
    ),
    html("GET", "/participants/{pk}/", _readers(200), record=PARTICIPANT),
    html("GET", "/participants/{pk}/edit/", _carers(200), record=PARTICIPANT),
    html(
        "POST",
        "/participants/{pk}/edit/",
        _carers(wrote(302, "/participants/")),
        record=PARTICIPANT,
        body=CHANGED_PARTICIPANT,
        state=participant_name,
    ),
    html(
        "POST",
        "/participants/{pk}/enrollments/",
        _managers(wrote(302, "/participants/")),
        record=PARTICIPANT,
        body=lambda matrix: {"program": matrix.own.program.pk, "status": "referred"},
        state=enrollments_of,
    ),
    html(
        "POST",
        "/participants/{pk}/assign/",
        _managers(wrote(302, "/participants/")),
        record=PARTICIPANT,
        body=lambda matrix: {"peer": matrix.own["peer_b"].pk},
        state=assignments_of,
    ),
    html("GET", "/participants/{pk}/consents/new/", _carers(200), record=PARTICIPANT),
    html(
        "POST",
        "/participants/{pk}/consents/new/",
        _carers(wrote(302, "/participants/")),
        record=PARTICIPANT,
        body=CONSENT_FORM,
        state=consents_of,
    ),
    html(
        "POST",
        "/participants/enrollments/{pk}/status/",
        _managers(wrote(302, "/participants/")),
        record=ENROLLMENT,
        body={"status": "waitlisted", "reason": ""},
        state=enrollment_status,
    ),
    html(
        "POST",
        "/participants/consents/{pk}/revoke/",
        _revokers(wrote(302, "/participants/")),
        record=CONSENT,
        state=consent_revoked,
    ),
    # --- Audit -------------------------------------------------------------------------------
    html("GET", "/audit/", roles(403, org_admin=200)),
    html("GET", "/audit/export.csv", roles(403, org_admin=200)),  # needs step-up; sign_in enters a code
    # --- Django's admin site: nobody here is staff ------------------------------------------
    html(
        "GET", "/django-admin/", everyone(redirect("/django-admin/login/")), anonymous=redirect("/django-admin/login/")
    ),
]

API: list[Endpoint] = [
    api("GET", "/me", everyone(200)),
    api("GET", "/organization", everyone(200)),
    api("GET", "/users", roles(403, org_admin=200, supervisor=200)),
    api(
        "GET",
        "/users/{pk}",
        {"own": everyone(200), "same_org": roles(404, org_admin=200, supervisor=200), "other_org": everyone(404)},
        record=USER,
    ),
    api(
        "PUT",
        "/users/{pk}/role",
        {"own": everyone(404), "same_org": roles(404, org_admin=wrote(200)), "other_org": everyone(404)},
        record=USER,
        body={"role": "clinician"},
        state=role_of,
    ),
    api(
        "POST",
        "/users/{pk}/deactivate",
        {"own": everyone(404), "same_org": roles(404, org_admin=wrote(200)), "other_org": everyone(404)},
        record=USER,
        state=is_active,
    ),
    api(
        "POST",
        "/users/{pk}/reactivate",
        {"own": everyone(404), "same_org": roles(404, org_admin=wrote(200)), "other_org": everyone(404)},
        record=USER,
        state=is_active,
        prepare=deactivate_unless_own,
    ),
    api("GET", "/invitations", roles(403, org_admin=200)),
    api(
        "POST",
        "/invitations",
        roles(403, org_admin=wrote(201)),
        body={"email": "matrix@example.org", "role": "peer"},
        state=invitation_count,
    ),
    api(
        "POST",
        "/invitations/{pk}/revoke",
        {"same_org": roles(403, org_admin=wrote(200)), "other_org": roles(403, org_admin=404)},
        record=INVITATION,
        state=invitation_revoked,
    ),
    api("GET", "/tokens", everyone(200)),
    api(
        "POST",
        "/tokens",
        # Step-up: a code from the authenticator app in the last 5 minutes; without an app, 403.
        roles(403, **dict.fromkeys(WITH_AUTHENTICATOR, wrote(201))),
        body={"name": "matrix"},
        state=tokens_of_actor,
    ),
    api(
        "POST",
        "/tokens/{pk}/revoke",
        {"own": everyone(wrote(200)), "same_org": everyone(404), "other_org": everyone(404)},
        record=TOKEN,
        state=token_revoked,
    ),
    api("GET", "/programs", everyone(200)),
    api(
        "POST",
        "/programs",
        roles(403, org_admin=wrote(201)),
        body={"name": "Matrix program", "model": "group"},
        state=program_count,
    ),
    api("GET", "/programs/{pk}", {"same_org": everyone(200), "other_org": everyone(404)}, record=PROGRAM),
    api(
        "PATCH",
        "/programs/{pk}",
        {"same_org": roles(404, org_admin=wrote(200)), "other_org": everyone(404)},
        record=PROGRAM,
        body={"name": "Renamed by the matrix"},
        state=program_fields,
    ),
    # --- Participants ------------------------------------------------------------------------
    api("GET", "/participants", roles(403, org_admin=200, supervisor=200, peer=200)),
    api(
        "POST",
        "/participants",
        roles(403, **dict.fromkeys((*_MANAGERS, "peer"), wrote(201))),
        body=NEW_PARTICIPANT,
        state=participant_count,
    ),
    api("GET", "/participants/{pk}", _readers(200), record=PARTICIPANT),
    api(
        "PATCH",
        "/participants/{pk}",
        _carers(wrote(200)),
        record=PARTICIPANT,
        body={"preferred_name": "Renamed by the matrix"},
        state=participant_name,
    ),
    api("GET", "/participants/{pk}/enrollments", _readers(200), record=PARTICIPANT),
    api(
        "POST",
        "/participants/{pk}/enrollments",
        _managers(wrote(201)),
        record=PARTICIPANT,
        body=lambda matrix: {"program_id": matrix.own.program.pk},
        state=enrollments_of,
    ),
    api(
        "POST",
        "/participants/enrollments/{pk}/status",
        _managers(wrote(200)),
        record=ENROLLMENT,
        body={"status": "waitlisted"},
        state=enrollment_status,
    ),
    api("GET", "/participants/{pk}/assignments", _readers(200), record=PARTICIPANT),
    api(
        "POST",
        "/participants/{pk}/assignments",
        _managers(wrote(201)),
        record=PARTICIPANT,
        body=lambda matrix: {"peer_id": matrix.own["peer_b"].pk},
        state=assignments_of,
    ),
    api("GET", "/participants/{pk}/consents", _readers(200), record=PARTICIPANT),
    api(
        "POST",
        "/participants/{pk}/consents",
        _carers(wrote(201)),
        record=PARTICIPANT,
        body=CONSENT_JSON,
        state=consents_of,
    ),
    api(
        "POST",
        "/participants/consents/{pk}/revoke",
        _revokers(wrote(200)),
        record=CONSENT,
        state=consent_revoked,
    ),
    api("GET", "/audit/events", roles(403, org_admin=200)),
    # The documentation is public: it describes the API, it holds no data.
    api("GET", "/docs", everyone(200), anonymous=200),
    api("GET", "/openapi.json", everyone(200), anonymous=200),
]

ENDPOINTS: list[Endpoint] = PAGES + PEER_PAGES + REFERRAL_PAGES + API + PEER_API + REFERRAL_API

# Addresses deliberately left out of the matrix, each with the reason. Public pages whose answer does
# not depend on who asks, and machinery that is not ours to permission.
NOT_IN_MATRIX: dict[str, str] = {
    "/health": "public health check for the load balancer; answers the same to everyone",
    "/account/login/": "the sign-in wizard itself (tests: alongside/accounts/tests/test_login.py)",
    "/password-reset/": "public; no user enumeration (alongside/accounts/tests/test_password_reset.py)",
    "/password-reset/sent/": "public confirmation page",
    "/password-reset/{}/{}/": "public; the link token is the credential",
    "/password-reset/done/": "public confirmation page",
    "/invite/{}/": "public; the invitation token is the credential (test_invitation_accept.py)",
    "/refer/{}/": "public self-referral form; the same to everyone (alongside/participants/tests/test_referrals.py)",
    "/refer/{}/sent/": "public thank-you page after a self-referral",
    "/i18n/setlang/": "Django's language switch; public",
    "/api/v1/": "the API's root: a 404 problem pointing to the docs (tests/api/test_errors.py)",
    "/django-admin/*": "Django's admin beyond its index: staff only, and nobody here is staff",
}
