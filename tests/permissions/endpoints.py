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
    INVITATION,
    PROGRAM,
    TOKEN,
    USER,
    Endpoint,
    actor_backup_codes,
    actor_devices,
    actor_name,
    actor_session_epoch,
    api,
    deactivate_unless_own,
    everyone,
    html,
    invitation_count,
    invitation_revoked,
    is_active,
    program_count,
    program_fields,
    redirect,
    role_of,
    roles,
    token_revoked,
    tokens_of_actor,
    wrote,
)

LOGIN = "/account/login/"
CONFIRM_CODE = "/account/confirm-code/"
# Roles that have an authenticator (two-step sign-in is required of them), so can confirm a code.
WITH_AUTHENTICATOR = ("network_admin", "org_admin", "supervisor", "clinician")

NEW_PROGRAM = {"name": "Matrix program", "model": "group", "description": "", "min_age": "", "max_age": ""}
CHANGED_PROGRAM = {"name": "Renamed by the matrix", "model": "one_on_one", "description": "changed", "is_active": "on"}

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
    api("GET", "/audit/events", roles(403, org_admin=200)),
    # The documentation is public: it describes the API, it holds no data.
    api("GET", "/docs", everyone(200), anonymous=200),
    api("GET", "/openapi.json", everyone(200), anonymous=200),
]

ENDPOINTS: list[Endpoint] = PAGES + API

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
    "/i18n/setlang/": "Django's language switch; public",
    "/api/v1/": "the API's root: a 404 problem pointing to the docs (tests/api/test_errors.py)",
    "/django-admin/*": "Django's admin beyond its index: staff only, and nobody here is staff",
}
