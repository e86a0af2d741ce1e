from __future__ import annotations

from typing import TypedDict

from django.db.models import QuerySet
from django.urls import reverse

from alongside.accounts.models import User
from alongside.core.access import get_visible_or_404
from alongside.programs.models import Program


def program_list(*, viewer: User, include_inactive: bool = False) -> QuerySet[Program]:
    programs = Program.objects.visible_to(viewer)
    return programs if include_inactive else programs.filter(is_active=True)


class ProgramRow(TypedDict):
    """One line of the programs table, computed here so the template only prints.

    A dict, not an object: the template engine tries a key lookup first, and a miss costs an exception.
    """

    name: str
    url: str
    model: str
    ages: str
    is_active: bool


def program_table(*, viewer: User) -> list[ProgramRow]:
    return [
        ProgramRow(
            name=program.name,
            url=reverse("programs:detail", args=[program.pk]),
            model=str(program.get_model_display()),
            ages=program.age_range_label,
            is_active=program.is_active,
        )
        for program in program_list(viewer=viewer, include_inactive=True)
    ]


def program_get(*, viewer: User, program_id: object, perm: str = "programs.view_program") -> Program:
    return get_visible_or_404(Program, viewer, program_id, perm=perm)
