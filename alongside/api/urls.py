from __future__ import annotations

from ninja import NinjaAPI

from alongside.api.auth import api_auth
from alongside.api.problems import install_problem_handlers

api = NinjaAPI(
    title="Alongside API",
    version="1",
    description="Peer support programs end to end. Errors are application/problem+json; lists are paginated.",
    auth=api_auth,
    urls_namespace="api",
    docs_url="/docs",
)
install_problem_handlers(api)

from alongside.accounts.api import router as accounts_router  # noqa: E402
from alongside.audit.api import router as audit_router  # noqa: E402
from alongside.programs.api import router as programs_router  # noqa: E402

api.add_router("/", accounts_router)
api.add_router("/programs", programs_router)
api.add_router("/audit", audit_router)
