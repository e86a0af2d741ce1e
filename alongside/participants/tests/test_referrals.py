from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from alongside.participants import services
from alongside.participants.models import Enrollment, Participant, Referral
from conftest import World, other_program, own_program, sign_in
from tests.api.helpers import assert_problem, bearer, send, token_for


def _referral(world: World, help_wanted: str = "") -> Referral:
    return services.referral_submit(
        organization=world.own.organization,
        program=own_program(world),
        person_name="Rae",
        phone="555-0100",
        help_wanted=help_wanted,
    )


# --- Services --------------------------------------------------------------------------------


def test_accepting_makes_a_participant_with_a_referred_enrollment(world: World) -> None:
    referral = _referral(world, help_wanted="Someone to talk to")
    services.referral_accept(actor=world.own["supervisor"], referral=referral)
    referral.refresh_from_db()
    assert referral.status == "accepted"
    participant = referral.participant
    assert participant is not None
    assert (participant.preferred_name, participant.contact_channel, participant.hopes) == (
        "Rae",
        "phone",
        "Someone to talk to",
    )
    assert Enrollment.objects.get(participant=participant).status == "referred"


def test_a_hospital_referral_needs_its_discharge_date_and_saves_nothing_without(world: World) -> None:
    with pytest.raises(ValidationError) as exc:
        services.referral_create(
            actor=world.own["supervisor"],
            program=own_program(world),
            source="hospital_discharge",
            person_name="Q",
            phone="1",
        )
    assert "discharge_date" in exc.value.message_dict
    assert not Referral.objects.exists()


def test_a_decline_needs_a_reason_and_the_resources_offered(world: World) -> None:
    referral = _referral(world)
    with pytest.raises(ValidationError) as exc:
        services.referral_decline(actor=world.own["supervisor"], referral=referral, reason="", resources_offered=" ")
    assert set(exc.value.message_dict) == {"reason", "resources_offered"}
    services.referral_decline(
        actor=world.own["supervisor"], referral=referral, reason="outside_area", resources_offered="County line"
    )
    with pytest.raises(ValidationError):
        services.referral_accept(actor=world.own["supervisor"], referral=referral)
    assert not Participant.objects.exists()


def test_peers_and_other_organizations_cannot_decide(world: World) -> None:
    referral = _referral(world)
    for actor in (world.own["peer"], world.own["clinician"], world.other["supervisor"]):
        with pytest.raises(PermissionError):
            services.referral_waitlist(actor=actor, referral=referral)


def test_accepting_into_a_paused_program_saves_nothing(world: World) -> None:
    referral = _referral(world)
    program = own_program(world)
    program.is_active = False
    program.save()
    with pytest.raises(ValidationError):
        services.referral_accept(actor=world.own["supervisor"], referral=referral)
    referral.refresh_from_db()
    assert referral.status == "new"
    assert not Participant.objects.exists()


# --- The public form -------------------------------------------------------------------------


def _form(world: World, **changes: object) -> dict[str, object]:
    return {"program": own_program(world).pk, "person_name": "Sam", "phone": "555-0101", "website": "", **changes}


def test_the_public_form_takes_a_self_referral_without_an_account(world: World, client: Client) -> None:
    page = client.get(f"/refer/{world.own.organization.slug}/").content.decode()
    assert 'href="tel:988"' in page and "within 2 working days" in page
    response = client.post(f"/refer/{world.own.organization.slug}/", _form(world))
    assert response.status_code == 302
    assert response["Location"] == f"/refer/{world.own.organization.slug}/sent/"
    referral = Referral.objects.get()
    assert (referral.source, referral.person_name, referral.status) == ("self", "Sam", "new")


def test_the_public_form_explains_bad_input_and_saves_nothing(world: World, client: Client) -> None:
    response = client.post(f"/refer/{world.own.organization.slug}/", _form(world, phone=""))
    assert response.status_code == 200
    assert "Add a phone number or an email" in response.content.decode()
    response = client.post(f"/refer/{world.own.organization.slug}/", _form(world, program=other_program(world).pk))
    assert response.status_code == 200
    assert not Referral.objects.exists()


def test_the_honeypot_answers_like_success_and_saves_nothing(world: World, client: Client) -> None:
    response = client.post(f"/refer/{world.own.organization.slug}/", _form(world, website="http://spam"))
    assert response.status_code == 302
    assert not Referral.objects.exists()


def test_an_unknown_organization_is_not_found(db: None, client: Client) -> None:
    assert client.get("/refer/no-such-org/").status_code == 404


# --- The queue -------------------------------------------------------------------------------


def test_the_queue_shows_age_in_days_and_declines_with_resources(world: World, client: Client) -> None:
    referral = _referral(world)
    Referral.objects.filter(pk=referral.pk).update(created_at=referral.created_at - dt.timedelta(days=3))
    sign_in(client, world.own["supervisor"])
    page = client.get(f"/participants/referrals/?program={own_program(world).pk}").content.decode()
    assert "Rae" in page and "<td>3</td>" in page
    client.post(f"/participants/referrals/{referral.pk}/decline/", {"reason": "", "resources_offered": ""})
    assert Referral.objects.get().status == "new"
    client.post(
        f"/participants/referrals/{referral.pk}/decline/", {"reason": "not_eligible", "resources_offered": "211"}
    )
    assert Referral.objects.get().resources_offered == "211"


# --- API -------------------------------------------------------------------------------------


def test_the_api_enters_lists_and_accepts_referrals(world: World, client: Client) -> None:
    auth = bearer(token_for(world.own["supervisor"]))
    body = {"program_id": own_program(world).pk, "source": "court", "person_name": "Lee", "email": "lee@example.org"}
    created = send(client, "POST", "/participants/referrals", body, **auth)
    assert created.status_code == 201
    listed = send(client, "GET", "/participants/referrals?status=new", **auth).json()
    assert [item["person_name"] for item in listed["items"]] == ["Lee"]
    accepted = send(client, "POST", f"/participants/referrals/{created.json()['id']}/accept", {}, **auth)
    assert accepted.status_code == 200
    assert accepted.json()["participant_id"]


def test_the_api_refuses_bad_input_with_a_problem_and_saves_nothing(world: World, client: Client) -> None:
    auth = bearer(token_for(world.own["supervisor"]))
    for body in (
        {"program_id": other_program(world).pk, "source": "self", "person_name": "Lee", "phone": "1"},
        {"program_id": own_program(world).pk, "source": "self", "person_name": "Lee"},
        {"program_id": own_program(world).pk, "source": "self", "person_name": "Lee", "organization_id": 1},
    ):
        assert_problem(send(client, "POST", "/participants/referrals", body, **auth), 422)
    referral = _referral(world)
    bad = {"reason": "nope", "resources_offered": "x"}
    assert_problem(send(client, "POST", f"/participants/referrals/{referral.pk}/decline", bad, **auth), 422)
    assert Referral.objects.get().status == "new"
    assert Referral.objects.count() == 1
