import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from alongside.accounts.models import User
from alongside.audit.models import AuditEvent
from alongside.outbox.models import OutboxMessage
from alongside.peers import selectors, services
from alongside.peers.models import CheckInStatus, Credential, PeerProfile, Training, TrainingCompletion
from alongside.peers.services import DEFAULT_TRAININGS
from alongside.peers.tests.factories import CredentialFactory, TrainingFactory
from alongside.programs.tests.factories import ProgramFactory
from conftest import World, own_program

TODAY = datetime.date(2026, 3, 1)


# --- Profile -----------------------------------------------------------------------------------


def test_a_peer_writes_their_own_profile_and_it_is_audited(world: World) -> None:
    peer = world.own["peer"]
    profile = services.profile_update(
        actor=peer,
        bio="I have been where you are.",
        languages=["Spanish", " English ", ""],
        specialties=["youth", "groups"],
        max_caseload=6,
        lived_experiences=[("Recovery from alcohol use", True), ("Grief", False)],
        availability=[(0, datetime.time(9), datetime.time(13))],
    )
    assert profile.organization == world.own.organization
    assert profile.languages == ["English", "Spanish"]
    assert {(e.area, e.use_for_matching) for e in profile.lived_experiences.all()} == {
        ("Recovery from alcohol use", True),
        ("Grief", False),
    }
    assert profile.availability.get().weekday == 0
    event = AuditEvent.objects.get(object_type="peers.peerprofile", object_id=str(profile.pk), action="update")
    assert set(event.changed_fields) >= {"bio", "languages", "lived_experiences", "availability"}


def test_only_a_peer_has_a_profile_to_edit(world: World) -> None:
    for role in ("supervisor", "org_admin", "participant"):
        with pytest.raises(PermissionError):
            services.profile_update(actor=world.own[role], bio="x")
    assert not PeerProfile.objects.exists()


def test_it_refuses_an_unknown_specialty(world: World) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.profile_update(actor=world.own["peer"], specialties=["surgery"])
    assert "specialties" in excinfo.value.message_dict


def test_time_off_must_end_after_it_starts(world: World) -> None:
    with pytest.raises(ValidationError):
        services.time_off_add(actor=world.own["peer"], starts_on=TODAY, ends_on=TODAY - datetime.timedelta(days=1))


# --- Trainings, qualification and room ---------------------------------------------------------------


def test_the_standard_trainings_are_added_once(world: World) -> None:
    admin = world.own["org_admin"]
    assert len(services.training_seed_defaults(actor=admin)) == len(DEFAULT_TRAININGS)
    assert services.training_seed_defaults(actor=admin) == []
    assert Training.objects.filter(organization=world.own.organization, name="Youth peer training").exists()
    with pytest.raises(PermissionError):
        services.training_seed_defaults(actor=world.own["supervisor"])


def test_youth_work_needs_youth_peer_training(world: World) -> None:
    admin, peer = world.own["org_admin"], world.own["peer"]
    youth = ProgramFactory.create(organization=world.own.organization, model="youth", name="Teens")
    training = services.training_create(actor=admin, name="Youth peer training", hours=Decimal(16))
    assert selectors.peer_is_qualified(peer, youth) is True  # nothing required yet
    services.program_requirement_add(actor=admin, program=youth, training=training)
    assert selectors.peer_is_qualified(peer, youth) is False
    services.training_completion_record(actor=peer, peer=peer, training=training, completed_on=TODAY)
    assert selectors.peer_is_qualified(peer, youth) is True
    assert selectors.peer_is_qualified(world.own["peer_b"], youth) is False


def test_a_peer_of_another_organization_is_never_qualified(world: World) -> None:
    assert selectors.peer_is_qualified(world.other["peer"], own_program(world)) is False
    assert selectors.peer_is_qualified(world.own["supervisor"], own_program(world)) is False


def test_a_supervisor_records_a_training_for_their_peer_but_not_another_organizations(world: World) -> None:
    training = TrainingFactory.create(organization=world.own.organization)
    supervisor = world.own["supervisor"]
    services.training_completion_record(actor=supervisor, peer=world.own["peer"], training=training, completed_on=TODAY)
    with pytest.raises(PermissionError):
        services.training_completion_record(
            actor=supervisor, peer=world.other["peer"], training=training, completed_on=TODAY
        )
    with pytest.raises(PermissionError):  # a peer cannot write another peer's record
        services.training_completion_record(
            actor=world.own["peer_b"], peer=world.own["peer"], training=training, completed_on=TODAY
        )
    assert TrainingCompletion.objects.count() == 1


def test_a_training_of_another_organization_cannot_be_recorded(world: World) -> None:
    foreign = TrainingFactory.create(organization=world.other.organization)
    peer = world.own["peer"]
    with pytest.raises(ValidationError):
        services.training_completion_record(actor=peer, peer=peer, training=foreign, completed_on=TODAY)


def test_a_peer_on_time_off_or_at_capacity_has_no_room(world: World) -> None:
    peer = world.own["peer"]
    assert selectors.peer_has_room(peer, TODAY) is False  # no profile yet
    services.profile_update(actor=peer, max_caseload=3)
    assert selectors.peer_has_room(peer, TODAY) is True
    services.time_off_add(actor=peer, starts_on=TODAY, ends_on=TODAY + datetime.timedelta(days=6))
    assert selectors.peer_has_room(peer, TODAY + datetime.timedelta(days=6)) is False
    assert selectors.peer_has_room(peer, TODAY + datetime.timedelta(days=7)) is True
    services.profile_update(actor=peer, max_caseload=0)
    assert selectors.peer_has_room(peer, TODAY + datetime.timedelta(days=7)) is False


# --- Credential expiry reminders ---------------------------------------------------------------------


def _reminder_keys() -> list[str]:
    return sorted(
        OutboxMessage.objects.filter(key__startswith="peers.credential_expiry:").values_list("key", flat=True)
    )


def test_reminders_go_to_the_peer_and_supervisor_once_however_often_the_task_runs(world: World) -> None:
    peer, supervisor = world.own["peer"], world.own["supervisor"]
    credential = CredentialFactory.create(peer=peer, expires_on=TODAY + datetime.timedelta(days=60))
    assert services.credential_reminders_send(today=TODAY) == 2
    assert services.credential_reminders_send(today=TODAY) == 0
    messages = OutboxMessage.objects.filter(key__startswith=f"peers.credential_expiry:{credential.pk}:")
    assert sorted(messages.values_list("recipient", flat=True)) == sorted([peer.email, supervisor.email])
    assert all(":60:" in key for key in _reminder_keys())
    # The next day is still the 60-day reminder: nothing new.
    assert services.credential_reminders_send(today=TODAY + datetime.timedelta(days=1)) == 0
    # 30 days before, and 7 days before, each send once more.
    assert services.credential_reminders_send(today=TODAY + datetime.timedelta(days=30)) == 2
    assert services.credential_reminders_send(today=TODAY + datetime.timedelta(days=30)) == 0
    assert services.credential_reminders_send(today=TODAY + datetime.timedelta(days=53)) == 2
    assert services.credential_reminders_send(today=TODAY + datetime.timedelta(days=55)) == 0
    assert len(_reminder_keys()) == 6


def test_no_reminder_far_from_expiry_or_after_it_or_to_another_organization(world: World) -> None:
    CredentialFactory.create(peer=world.own["peer"], expires_on=TODAY + datetime.timedelta(days=61))
    CredentialFactory.create(peer=world.own["peer"], expires_on=TODAY - datetime.timedelta(days=1))
    CredentialFactory.create(peer=world.own["peer"], expires_on=None)
    assert services.credential_reminders_send(today=TODAY) == 0
    CredentialFactory.create(peer=world.other["peer"], expires_on=TODAY + datetime.timedelta(days=7))
    services.credential_reminders_send(today=TODAY)
    recipients = set(OutboxMessage.objects.values_list("recipient", flat=True))
    assert recipients == {world.other["peer"].email, world.other["supervisor"].email}


def test_the_management_command_and_the_task_are_idempotent(world: World) -> None:
    from django.core.management import call_command
    from django.utils import timezone

    from alongside.peers.tasks import peers_credential_reminders

    CredentialFactory.create(peer=world.own["peer"], expires_on=timezone.localdate() + datetime.timedelta(days=7))
    call_command("credential_reminders")
    call_command("credential_reminders")
    assert peers_credential_reminders.call() == 0
    assert len(_reminder_keys()) == 2


def test_a_renewed_credential_is_reminded_again(world: World) -> None:
    credential = CredentialFactory.create(peer=world.own["peer"], expires_on=TODAY + datetime.timedelta(days=7))
    services.credential_reminders_send(today=TODAY)
    credential.expires_on = TODAY + datetime.timedelta(days=30)
    credential.save(update_fields=["expires_on"])
    assert services.credential_reminders_send(today=TODAY) == 2


# --- ProQOL check-ins ------------------------------------------------------------------------------


def test_a_complete_check_in_is_scored_and_private(world: World) -> None:
    peer = world.own["peer"]
    checkin = services.checkin_submit(actor=peer, answers=dict.fromkeys(range(1, 31), 5))
    assert checkin.status == CheckInStatus.COMPLETE
    assert (checkin.compassion_satisfaction, checkin.burnout, checkin.secondary_traumatic_stress) == (50, 30, 50)
    assert list(selectors.checkin_list(viewer=peer)) == [checkin]
    for viewer in ("peer_b", "supervisor", "org_admin", "clinician"):
        assert not selectors.checkin_list(viewer=world.own[viewer]).exists(), viewer


def test_an_incomplete_check_in_is_stored_without_a_score(world: World) -> None:
    answers: dict[int, int | None] = dict.fromkeys(range(1, 30), 3)
    answers[30] = None
    checkin = services.checkin_submit(actor=world.own["peer"], answers=answers)
    assert checkin.status == CheckInStatus.INCOMPLETE
    assert (checkin.compassion_satisfaction, checkin.burnout, checkin.secondary_traumatic_stress) == (None, None, None)
    assert len(checkin.answers) == 29


def test_only_the_peer_shares_a_result_and_then_only_their_supervisors_see_it(world: World) -> None:
    peer = world.own["peer"]
    checkin = services.checkin_submit(actor=peer, answers=dict.fromkeys(range(1, 31), 3))
    with pytest.raises(PermissionError):
        services.checkin_share(actor=world.own["peer_b"], checkin=checkin)
    services.checkin_share(actor=peer, checkin=checkin)
    assert list(selectors.checkin_list(viewer=world.own["supervisor"])) == [checkin]
    assert not selectors.checkin_list(viewer=world.own["peer_b"]).exists()
    assert not selectors.checkin_list(viewer=world.other["supervisor"]).exists()
    assert not selectors.checkin_list(viewer=world.own["org_admin"]).exists()


def test_only_peers_check_in(world: World) -> None:
    with pytest.raises(PermissionError):
        services.checkin_submit(actor=world.own["supervisor"], answers={1: 3})


def test_the_demo_loads_twice_without_duplicates(db: None) -> None:
    from django.core.management import call_command

    call_command("demo_load", "--quiet")
    call_command("demo_load", "--quiet")
    rosa = Credential.objects.get(peer__email="peer@riverbend.example")
    assert rosa.expires_on is not None
    youth = ProgramFactory._meta.model.objects.get(name="Next Step Youth")
    assert selectors.peer_is_qualified(rosa.peer, youth) is True
    assert selectors.peer_is_qualified(User.objects.get(email="peer3@riverbend.example"), youth) is False
