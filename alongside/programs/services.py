from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from alongside.accounts.models import User
from alongside.accounts.roles import Role
from alongside.audit.models import AuditAction
from alongside.audit.services import audit_record
from alongside.core.db import unique_or_invalid
from alongside.programs.models import Program, ProgramModel

PROGRAM_FIELDS = ("name", "model", "description", "min_age", "max_age", "is_active")


def _check(*, name: str, model: str, min_age: int | None, max_age: int | None) -> None:
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = _("Enter a name for the program.")
    if model not in ProgramModel.values:
        errors["model"] = _("Choose a program model from the list.")
    if min_age is not None and max_age is not None and min_age > max_age:
        errors["max_age"] = _("The oldest age must be the same as or above the youngest age.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def program_create(
    *, actor: User, name: str, model: str, description: str = "", min_age: int | None = None, max_age: int | None = None
) -> Program:
    if actor.role != Role.ORG_ADMIN or actor.organization is None:
        raise PermissionError("Only an organization admin can add programs.")
    _check(name=name, model=model, min_age=min_age, max_age=max_age)
    with unique_or_invalid("name", _("A program with this name already exists.")):
        program = Program.objects.create(
            organization=actor.organization,
            name=name.strip(),
            model=model,
            description=description,
            min_age=min_age,
            max_age=max_age,
        )
    audit_record(actor=actor, action=AuditAction.CREATE, obj=program, changed_fields=PROGRAM_FIELDS)
    return program


@transaction.atomic
def program_update(*, actor: User, program: Program, **changes: object) -> Program:
    if actor.role != Role.ORG_ADMIN or actor.organization is None or program.organization_id != actor.organization.pk:
        raise PermissionError("Only an organization admin can change programs.")
    unknown = set(changes) - set(PROGRAM_FIELDS)
    if unknown:
        raise ValidationError(_("These fields cannot be changed: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    merged = {field: changes.get(field, getattr(program, field)) for field in PROGRAM_FIELDS}
    _check(name=str(merged["name"]), model=str(merged["model"]), min_age=merged["min_age"], max_age=merged["max_age"])  # type: ignore[arg-type]
    changed = [field for field in PROGRAM_FIELDS if merged[field] != getattr(program, field)]
    for field in changed:
        setattr(program, field, merged[field])
    if changed:
        with unique_or_invalid("name", _("A program with this name already exists.")):
            program.save(update_fields=[*changed, "updated_at"])
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=program, changed_fields=changed)
    return program
