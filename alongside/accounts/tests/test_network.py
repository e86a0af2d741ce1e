"""The network page (/network/): counts per organization for network admins, nothing about people."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from conftest import World, sign_in


def test_a_network_admin_sees_counts_for_each_organization(world: World, client: Client) -> None:
    sign_in(client, world.own["network_admin"])
    response = client.get("/network/")
    assert response.status_code == 200
    page = response.content.decode()
    rows = re.findall(r"<tr><td>([^<]+)</td><td>(\d+)</td><td>(\d+)</td></tr>", page)
    # Staff: every role but participant (network_admin, org_admin, supervisor, peer, clinician, peer_b).
    assert rows == [("Alpha Peer Center", "6", "1"), ("Beta Peer Center", "6", "1")]
    assert world.own["peer"].email not in page


@pytest.mark.parametrize("role", ["org_admin", "supervisor", "peer", "clinician", "participant"])
def test_other_roles_may_not_see_it(world: World, client: Client, role: str) -> None:
    sign_in(client, world.own[role])
    assert client.get("/network/").status_code == 403
