"""Supervisors see team averages only when at least 5 peers answered (n < 5 hides them)."""

from django.utils import timezone

from alongside.accounts.roles import Role
from alongside.accounts.tests.factories import UserFactory
from alongside.peers import selectors
from alongside.peers.tests.factories import CheckInFactory
from conftest import World


def _peers_answer(world: World, count: int, burnout: int = 30) -> None:
    for n in range(count):
        peer = UserFactory.create(role=Role.PEER, organization=world.own.organization, email=f"p{n}@alpha.test")
        CheckInFactory.create(peer=peer, burnout=burnout)


def test_four_peers_answering_hides_the_aggregate(world: World) -> None:
    _peers_answer(world, 4)
    assert selectors.team_wellbeing(viewer=world.own["supervisor"], now=timezone.now()) is None


def test_five_peers_answering_shows_the_averages(world: World) -> None:
    _peers_answer(world, 4, burnout=20)
    CheckInFactory.create(peer=world.own["peer"], burnout=40)
    result = selectors.team_wellbeing(viewer=world.own["supervisor"], now=timezone.now())
    assert result is not None
    assert result.peers == 5
    assert result.burnout == 24.0  # (4 × 20 + 40) / 5


def test_many_check_ins_of_one_peer_count_once(world: World) -> None:
    _peers_answer(world, 3)
    for _ in range(3):
        CheckInFactory.create(peer=world.own["peer_b"])
    assert selectors.team_wellbeing(viewer=world.own["supervisor"], now=timezone.now()) is None


def test_incomplete_and_other_organization_check_ins_do_not_count(world: World) -> None:
    _peers_answer(world, 4)
    CheckInFactory.create(
        peer=world.own["peer"],
        status="incomplete",
        compassion_satisfaction=None,
        burnout=None,
        secondary_traumatic_stress=None,
    )
    CheckInFactory.create(peer=world.other["peer"])
    assert selectors.team_wellbeing(viewer=world.own["supervisor"], now=timezone.now()) is None


def test_peers_never_get_the_aggregate(world: World) -> None:
    _peers_answer(world, 6)
    assert selectors.team_wellbeing(viewer=world.own["peer"], now=timezone.now()) is None
