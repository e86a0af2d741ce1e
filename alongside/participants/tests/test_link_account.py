import pytest
from django.core.exceptions import ValidationError

from alongside.audit.models import AuditEvent
from alongside.participants.services import participant_link_account
from alongside.participants.tests.factories import ParticipantFactory
from conftest import World, sign_in


def test_a_linked_participant_sees_their_own_record(world: World, client) -> None:
    participant = ParticipantFactory.create(organization=world.own.organization)
    participant_link_account(actor=world.own["org_admin"], participant=participant, account=world.own["participant"])
    assert AuditEvent.objects.filter(participant_id=str(participant.pk), changed_fields=["user"]).exists()
    sign_in(client, world.own["participant"])
    assert client.get(f"/participants/{participant.pk}/").status_code == 200


@pytest.mark.parametrize("who", ["peer", "other_participant"])
def test_it_refuses_an_account_that_is_not_this_organizations_participant(world: World, who: str) -> None:
    participant = ParticipantFactory.create(organization=world.own.organization)
    account = world.own["peer"] if who == "peer" else world.other["participant"]
    with pytest.raises(ValidationError):
        participant_link_account(actor=world.own["org_admin"], participant=participant, account=account)
    participant.refresh_from_db()
    assert participant.user_id is None
