from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    NETWORK_ADMIN = "network_admin", _("Network admin")
    ORG_ADMIN = "org_admin", _("Organization admin")
    SUPERVISOR = "supervisor", _("Supervisor")
    PEER = "peer", _("Peer specialist")
    CLINICIAN = "clinician", _("Clinician")
    PARTICIPANT = "participant", _("Participant")


STAFF_ROLES = frozenset({Role.NETWORK_ADMIN, Role.ORG_ADMIN, Role.SUPERVISOR, Role.PEER, Role.CLINICIAN})
ADMIN_ROLES = frozenset({Role.ORG_ADMIN})
