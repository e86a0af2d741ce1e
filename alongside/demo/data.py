"""The demo network: who works where. Names are invented."""

from typing import TypedDict

from alongside.accounts.roles import Role
from alongside.programs.models import ProgramModel

DEMO_PASSWORD = "alongside-demo-2026"

NETWORK = "Tri-County Peer Support Network"


class OrganizationSpec(TypedDict):
    slug: str
    name: str
    programs: list[tuple[str, ProgramModel, str, int | None, int | None]]
    users: list[tuple[str, str, Role]]


ORGANIZATIONS: list[OrganizationSpec] = [
    {
        "slug": "riverbend",
        "name": "Riverbend Recovery Community",
        "programs": [
            (
                "Recovery Mentors",
                ProgramModel.ONE_ON_ONE,
                "Weekly one-on-one support from a peer in recovery.",
                None,
                None,
            ),
            ("Tuesday Night Circle", ProgramModel.GROUP, "An open peer support group, in person and online.", 18, None),
            (
                "Riverbend Warm Line",
                ProgramModel.WARM_LINE,
                "Call or chat with a peer, 4 pm to midnight. Not a crisis line.",
                None,
                None,
            ),
            ("Next Step Youth", ProgramModel.YOUTH, "Young-adult peers for teens and young adults.", 14, 25),
            (
                "Families Together",
                ProgramModel.FAMILY,
                "Support for families of people with mental illness or addiction.",
                None,
                None,
            ),
        ],
        "users": [
            ("admin@riverbend.example", "Dana Whitfield", Role.ORG_ADMIN),
            ("supervisor@riverbend.example", "Marcus Bell", Role.SUPERVISOR),
            ("peer@riverbend.example", "Rosa Delgado", Role.PEER),
            ("peer2@riverbend.example", "Jamal Carter", Role.PEER),
            ("peer3@riverbend.example", "Kim Nguyen", Role.PEER),
            ("clinician@riverbend.example", "Dr. Priya Raman", Role.CLINICIAN),
            ("participant@riverbend.example", "Alex Morgan", Role.PARTICIPANT),
            ("participant2@riverbend.example", "Sam Ortiz", Role.PARTICIPANT),
            ("network@riverbend.example", "Lee Okafor", Role.NETWORK_ADMIN),
        ],
    },
    {
        "slug": "harbor",
        "name": "Harbor Community Mental Health Center",
        "programs": [
            ("Harbor Peer Bridge", ProgramModel.ONE_ON_ONE, "Peer support after a hospital stay.", 18, None),
            ("Harbor Family Circle", ProgramModel.FAMILY, "A monthly group for family members.", None, None),
        ],
        "users": [
            ("admin@harbor.example", "Grace Lin", Role.ORG_ADMIN),
            ("supervisor@harbor.example", "Tom Reyes", Role.SUPERVISOR),
            ("peer@harbor.example", "Nia Brooks", Role.PEER),
            ("clinician@harbor.example", "Dr. Owen Hart", Role.CLINICIAN),
            ("participant@harbor.example", "Jordan Lee", Role.PARTICIPANT),
        ],
    },
]
