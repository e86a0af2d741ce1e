from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from alongside.accounts.roles import Role
from alongside.programs.selectors import program_list


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    role = user.role  # type: ignore[union-attr]
    context: dict[str, object] = {"role": role}
    if role in {Role.ORG_ADMIN, Role.SUPERVISOR, Role.PEER}:
        context["programs"] = program_list(viewer=user)  # type: ignore[arg-type]
    return render(request, "core/home.html", context)


@require_GET
def health(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
