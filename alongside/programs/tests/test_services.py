import pytest
from django.core.exceptions import ValidationError

from alongside.audit.models import AuditEvent
from alongside.programs.models import Program, ProgramModel
from alongside.programs.services import program_create, program_update
from conftest import World, own_program


def test_it_creates_a_program_in_the_admins_organization_and_audits_it(world: World) -> None:
    admin = world.own["org_admin"]
    program = program_create(actor=admin, name="Warm line", model=ProgramModel.WARM_LINE)
    assert program.organization == world.own.organization
    event = AuditEvent.objects.get(object_type="programs.program", object_id=str(program.pk), action="create")
    assert event.actor == admin


def test_it_refuses_a_peer(world: World) -> None:
    with pytest.raises(PermissionError):
        program_create(actor=world.own["peer"], name="X", model=ProgramModel.GROUP)
    assert not Program.objects.filter(name="X").exists()


def test_it_rejects_an_impossible_age_range_and_saves_nothing(world: World) -> None:
    with pytest.raises(ValidationError) as excinfo:
        program_create(actor=world.own["org_admin"], name="Youth", model=ProgramModel.YOUTH, min_age=25, max_age=14)
    assert "max_age" in excinfo.value.message_dict
    assert not Program.objects.filter(name="Youth").exists()


def test_it_rejects_a_duplicate_name(world: World) -> None:
    with pytest.raises(ValidationError):
        program_create(actor=world.own["org_admin"], name=own_program(world).name, model=ProgramModel.GROUP)


def test_it_records_only_changed_field_names(world: World) -> None:
    program_update(
        actor=world.own["org_admin"], program=own_program(world), description="New words", name=own_program(world).name
    )
    event = AuditEvent.objects.filter(object_type="programs.program", action="update").latest("id")
    assert event.changed_fields == ["description"]


def test_it_refuses_an_admin_of_another_organization(world: World) -> None:
    with pytest.raises(PermissionError):
        program_update(actor=world.other["org_admin"], program=own_program(world), description="x")
