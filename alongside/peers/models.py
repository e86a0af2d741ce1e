"""Peer workforce: profiles, trainings, credentials and ProQOL 5 well-being check-ins."""

from __future__ import annotations

from typing import Any, Self

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from alongside.accounts.roles import Role
from alongside.core.models import OrganizationOwned, ScopedQuerySet, viewer_membership

TEAM_ROLES = frozenset({Role.ORG_ADMIN, Role.SUPERVISOR})


class Specialty(models.TextChoices):
    YOUTH = "youth", _("Youth")
    FAMILY = "family", _("Family")
    WARM_LINE = "warm_line", _("Warm line")
    GROUPS = "groups", _("Groups")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class PeerOwnedQuerySet(ScopedQuerySet):
    """Rows about one peer: the peer sees their own; org admins and supervisors see their organization's."""

    peer_field = "peer"

    def visible_to(self, user: Any) -> Self:
        membership = viewer_membership(user)
        if membership is None:
            return self.none()
        if membership.role in TEAM_ROLES:
            return self.filter(organization_id=membership.organization_id)
        if membership.role == Role.PEER:
            return self.filter(organization_id=membership.organization_id, **{f"{self.peer_field}_id": user.pk})
        return self.none()


class PeerProfileQuerySet(PeerOwnedQuerySet):
    peer_field = "user"


class PeerProfile(OrganizationOwned):
    """One peer's profile: how they describe themselves, what they do and when they can work."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="peer_profile")
    bio = models.TextField(_("about me, in my own words"), blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    specialties = models.JSONField(_("specialties"), default=list, blank=True)
    max_caseload = models.PositiveSmallIntegerField(_("most people I can support at once"), default=8)

    objects = PeerProfileQuerySet.as_manager()

    class Meta:
        ordering = ["user__full_name"]
        constraints = [
            models.CheckConstraint(condition=models.Q(max_caseload__lte=200), name="peers_profile_caseload_max")
        ]

    def __str__(self) -> str:
        return str(self.user)

    def specialty_labels(self) -> list[str]:
        labels = dict(Specialty.choices)
        return [str(labels.get(value, value)) for value in self.specialties]


class ProfilePartQuerySet(ScopedQuerySet):
    """Parts of a profile are visible exactly when the profile is."""

    def visible_to(self, user: Any) -> Self:
        return self.filter(profile__in=PeerProfile.objects.visible_to(user))


class LivedExperience(OrganizationOwned):
    """A lived-experience area a peer chooses to share, and whether matching may use it."""

    profile = models.ForeignKey(PeerProfile, on_delete=models.CASCADE, related_name="lived_experiences")
    area = models.CharField(_("area"), max_length=100)
    use_for_matching = models.BooleanField(_("may be used for matching"), default=False)

    objects = ProfilePartQuerySet.as_manager()

    class Meta:
        ordering = ["area"]
        constraints = [models.UniqueConstraint(fields=["profile", "area"], name="peers_lived_experience_unique")]

    def __str__(self) -> str:
        return self.area


class AvailabilityWindow(OrganizationOwned):
    """A time in the week a peer can usually work."""

    profile = models.ForeignKey(PeerProfile, on_delete=models.CASCADE, related_name="availability")
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    starts_at = models.TimeField(_("from"))
    ends_at = models.TimeField(_("until"))

    objects = ProfilePartQuerySet.as_manager()

    class Meta:
        ordering = ["weekday", "starts_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(starts_at__lt=models.F("ends_at")), name="peers_window_order")
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.starts_at:%H:%M}–{self.ends_at:%H:%M}"


class TimeOff(OrganizationOwned):
    """Days a peer is away: no new matches then."""

    profile = models.ForeignKey(PeerProfile, on_delete=models.CASCADE, related_name="time_off")
    starts_on = models.DateField(_("first day off"))
    ends_on = models.DateField(_("last day off"))

    objects = ProfilePartQuerySet.as_manager()

    class Meta:
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(condition=models.Q(starts_on__lte=models.F("ends_on")), name="peers_time_off_order")
        ]

    def __str__(self) -> str:
        return f"{self.starts_on}–{self.ends_on}"


class OrganizationMemberQuerySet(ScopedQuerySet):
    """Catalogue rows: every staff member of the organization sees them."""

    def visible_to(self, user: Any) -> Self:
        return self.in_viewer_organization(user, {*TEAM_ROLES, Role.PEER})


class Training(OrganizationOwned):
    """A training in the organization's catalogue."""

    name = models.CharField(_("name"), max_length=200)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("offered"), default=True)

    objects = OrganizationMemberQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="peers_training_org_name_unique"),
            models.CheckConstraint(condition=models.Q(hours__gte=0), name="peers_training_hours_not_negative"),
        ]

    def __str__(self) -> str:
        return self.name


class TrainingCompletion(OrganizationOwned):
    """A peer finished a training on a day."""

    peer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="training_completions")
    training = models.ForeignKey(Training, on_delete=models.PROTECT, related_name="completions")
    completed_on = models.DateField(_("finished on"))

    objects = PeerOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-completed_on"]
        constraints = [
            models.UniqueConstraint(fields=["peer", "training", "completed_on"], name="peers_completion_unique")
        ]

    def __str__(self) -> str:
        return f"{self.training} ({self.completed_on})"


class Credential(OrganizationOwned):
    """A certificate or licence a peer holds, such as a state peer specialist certification."""

    peer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="credentials")
    name = models.CharField(_("name"), max_length=200)
    issuer = models.CharField(_("given by"), max_length=200)
    number = models.CharField(_("number"), max_length=100, blank=True)
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)

    objects = PeerOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["expires_on", "name"]
        indexes = [models.Index(fields=["expires_on"], name="peers_credential_expires_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_on__isnull=True) | models.Q(issued_on__lte=models.F("expires_on")),
                name="peers_credential_dates_order",
            )
        ]

    def __str__(self) -> str:
        return self.name


class ProgramRequirement(OrganizationOwned):
    """A training every peer must have finished before working in a program."""

    program = models.ForeignKey("programs.Program", on_delete=models.CASCADE, related_name="required_trainings")
    training = models.ForeignKey(Training, on_delete=models.PROTECT, related_name="required_by")

    objects = OrganizationMemberQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["program", "training"], name="peers_program_requirement_unique")]

    def __str__(self) -> str:
        return f"{self.program}: {self.training}"


class CheckInStatus(models.TextChoices):
    COMPLETE = "complete", _("Complete")
    INCOMPLETE = "incomplete", _("Not all questions answered")


class WellbeingCheckInQuerySet(ScopedQuerySet):
    """Private to the peer. A supervisor sees one only after the peer shared it; nobody else sees it."""

    def visible_to(self, user: Any) -> Self:
        membership = viewer_membership(user)
        if membership is None:
            return self.none()
        if membership.role == Role.PEER:
            return self.filter(organization_id=membership.organization_id, peer_id=user.pk)
        if membership.role == Role.SUPERVISOR:
            return self.filter(organization_id=membership.organization_id, shared_with_supervisor=True)
        return self.none()


class WellbeingCheckIn(OrganizationOwned):
    """One ProQOL 5 check-in: the answers by item number and, when complete, the three subscale scores."""

    peer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="wellbeing_checkins")
    answers = models.JSONField(default=dict)
    status = models.CharField(max_length=20, choices=CheckInStatus.choices)
    compassion_satisfaction = models.PositiveSmallIntegerField(null=True, blank=True)
    burnout = models.PositiveSmallIntegerField(null=True, blank=True)
    secondary_traumatic_stress = models.PositiveSmallIntegerField(null=True, blank=True)
    shared_with_supervisor = models.BooleanField(default=False)
    shared_at = models.DateTimeField(null=True, blank=True)

    objects = WellbeingCheckInQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="incomplete", burnout__isnull=True)
                | models.Q(status="complete", burnout__isnull=False),
                name="peers_checkin_score_only_when_complete",
            )
        ]

    def __str__(self) -> str:
        return f"ProQOL {self.created_at:%Y-%m-%d}"


# --- Supervision ---------------------------------------------------------------------------------


class SupervisionKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    GROUP = "group", _("Group")


class SupervisionSessionQuerySet(ScopedQuerySet):
    """Org admins and supervisors see that their organization's sessions happened; a peer sees the sessions they attended.

    Who may read a session's notes is narrower (the supervisor who wrote them and the peers who
    attended): ask the ``peers.view_supervision_notes`` permission, or ``SupervisionSession.notes_visible_to``.
    """

    def visible_to(self, user: Any) -> Self:
        membership = viewer_membership(user)
        if membership is None:
            return self.none()
        if membership.role in TEAM_ROLES:
            return self.filter(organization_id=membership.organization_id)
        if membership.role == Role.PEER:
            return self.filter(organization_id=membership.organization_id, peers=user.pk)
        return self.none()


class SupervisionSession(OrganizationOwned):
    """A supervision session a supervisor held with one peer (individual) or several (group)."""

    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="supervision_sessions_led"
    )
    peers = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="supervision_sessions")
    kind = models.CharField(_("kind"), max_length=20, choices=SupervisionKind.choices)
    held_on = models.DateField(_("date"))
    minutes = models.PositiveSmallIntegerField(_("length in minutes"))
    topics = models.CharField(_("topics"), max_length=500, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    objects = SupervisionSessionQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["organization", "held_on"], name="peers_supervision_held_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(minutes__gte=1, minutes__lte=1440), name="peers_supervision_minutes_range"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on}"

    def notes_visible_to(self, user: Any) -> bool:
        """Only the supervisor who wrote the notes and the peers who attended read them."""
        if not user.is_authenticated or user.active_membership is None:
            return False
        if user.active_membership.organization_id != self.organization_id:
            return False
        return user.pk == self.supervisor_id or any(peer.pk == user.pk for peer in self.peers.all())


# --- Ethics ------------------------------------------------------------------------------------


class CodeOfEthics(OrganizationOwned):
    """One version of an organization's code of ethics. The highest version is the current one."""

    version = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("code of ethics"))
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = OrganizationMemberQuerySet.as_manager()

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "version"], name="peers_ethics_org_version_unique")
        ]

    def __str__(self) -> str:
        return f"Code of ethics v{self.version}"


class EthicsAcknowledgement(OrganizationOwned):
    """A peer read and acknowledged a version of the code of ethics (on hire, then every year)."""

    peer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ethics_acknowledgements")
    code = models.ForeignKey(CodeOfEthics, on_delete=models.PROTECT, related_name="acknowledgements")
    acknowledged_at = models.DateTimeField(_("acknowledged at"))

    objects = PeerOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-acknowledged_at"]
        indexes = [models.Index(fields=["peer", "acknowledged_at"], name="peers_ethics_ack_peer_idx")]

    def __str__(self) -> str:
        return f"{self.code} ({self.acknowledged_at:%Y-%m-%d})"
