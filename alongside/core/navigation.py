"""The navigation each role sees. Capabilities add their entries to NAV_ITEMS."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from alongside.accounts.roles import Role

ALL = frozenset(Role.values)


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    roles: frozenset[str]


NAV_ITEMS: list[NavItem] = [
    NavItem(_("Home"), "home", ALL),
    NavItem(_("Network"), "accounts:network", frozenset({Role.NETWORK_ADMIN})),
    NavItem(_("Programs"), "programs:list", frozenset({Role.ORG_ADMIN, Role.SUPERVISOR, Role.PEER})),
    NavItem(_("Peer team"), "peers:team", frozenset({Role.ORG_ADMIN, Role.SUPERVISOR})),
    NavItem(_("My peer work"), "peers:me", frozenset({Role.PEER})),
    NavItem(_("Participants"), "participants:list", frozenset({Role.ORG_ADMIN, Role.SUPERVISOR, Role.PEER})),
    NavItem(_("My record"), "participants:mine", frozenset({Role.PARTICIPANT})),
    NavItem(_("People"), "accounts:user_list", frozenset({Role.ORG_ADMIN, Role.SUPERVISOR})),
    NavItem(_("Audit log"), "audit:search", frozenset({Role.ORG_ADMIN})),
    NavItem(_("My account"), "accounts:profile", ALL),
]


def nav_for(role: str | None, current_path: str) -> list[dict[str, object]]:
    if role is None:
        return []
    items: list[dict[str, object]] = []
    for item in NAV_ITEMS:
        if role in item.roles:
            url = reverse(item.url_name)
            current = current_path == url if url == "/" else current_path.startswith(url)
            items.append({"label": item.label, "url": url, "current": current})
    return items
