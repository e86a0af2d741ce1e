from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from alongside.accounts.models import User
from alongside.core.forms import add_validation_errors
from alongside.programs import selectors, services
from alongside.programs.forms import ProgramForm


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@login_required
def program_list(request: HttpRequest) -> HttpResponse:
    rows = selectors.program_table(viewer=_user(request))
    return render(
        request,
        "programs/list.html",
        {"rows": rows, "can_manage": request.user.has_perm("programs.manage_programs")},
    )


@login_required
def program_detail(request: HttpRequest, program_id: int) -> HttpResponse:
    program = selectors.program_get(viewer=_user(request), program_id=program_id)
    return render(
        request,
        "programs/detail.html",
        {"program": program, "can_change": request.user.has_perm("programs.change_program", program)},
    )


@login_required
def program_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("programs.manage_programs"):
        raise PermissionDenied
    form = ProgramForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            program = services.program_create(
                actor=_user(request),
                name=data["name"],
                model=data["model"],
                description=data["description"],
                min_age=data["min_age"],
                max_age=data["max_age"],
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("Program added."))
            return redirect("programs:detail", program_id=program.pk)
    return render(request, "programs/form.html", {"form": form, "program": None})


@login_required
def program_edit(request: HttpRequest, program_id: int) -> HttpResponse:
    program = selectors.program_get(viewer=_user(request), program_id=program_id, perm="programs.change_program")
    initial = {field: getattr(program, field) for field in services.PROGRAM_FIELDS}
    form = ProgramForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.program_update(actor=_user(request), program=program, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("Program saved."))
            return redirect("programs:detail", program_id=program.pk)
    return render(request, "programs/form.html", {"form": form, "program": program})
