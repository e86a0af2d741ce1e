from __future__ import annotations

from django.db.models import QuerySet

from alongside.accounts.models import User
from alongside.core.access import get_visible_or_404
from alongside.programs.models import Program


def program_list(*, viewer: User, include_inactive: bool = False) -> QuerySet[Program]:
    programs = Program.objects.visible_to(viewer)
    return programs if include_inactive else programs.filter(is_active=True)


def program_get(*, viewer: User, program_id: object, perm: str = "programs.view_program") -> Program:
    return get_visible_or_404(Program, viewer, program_id, perm=perm)
