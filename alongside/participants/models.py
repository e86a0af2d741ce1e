from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Self

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.accounts.roles import Role
from alongside.core.models import OrganizationOwned, ScopedQuerySet, viewer_membership

# Demographic fields a person may decline to answer. "Prefer not to say" is recorded, not guessed
# from an empty field: empty means "not asked yet".
DEMOGRAPHIC_FIELDS = ("pronouns", "date_of_birth", "languages", "gender", "culture")


class ContactChannel(models.TextChoices):
    PHONE = "phone", _("Phone call")
    SMS = "sms", _("Text message")
    EMAIL = "email", _("Email")
    NONE = "none", _("Please do not contact me")


class ParticipantQuerySet(ScopedQuerySet):
    def visible_to(self, user: Any) -> Self:
        membership = viewer_membership(user)
        if membership is None:
            return self.none()
        in_org = self.filter(organization_id=membership.organization_id)
        if membership.role in {Role.ORG_ADMIN, Role.SUPERVISOR}:
            return in_org
        if membership.role == Role.PEER:
            # Until Matching exists, a peer sees the people a supervisor assigned to them.
            assigned = PeerAssignment.objects.filter(
                peer_id=user.pk, ended_at__isnull=True, organization_id=membership.organization_id
            ).values("participant_id")
            return in_org.filter(pk__in=assigned)
        if membership.role == Role.PARTICIPANT:
            return in_org.filter(user_id=user.pk)
        # Clinicians see nobody until consent-based access is built; network admins see aggregates only.
        return self.none()


class Participant(OrganizationOwned):
    """A person who gets peer support. Known inside the product by an opaque id only."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sign-in account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participant_record",
    )
    preferred_name = models.CharField(_("preferred name"), max_length=200)
    pronouns = models.CharField(_("pronouns"), max_length=60, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    languages = models.CharField(_("languages"), max_length=200, blank=True)
    gender = models.CharField(_("gender, in their own words"), max_length=100, blank=True)
    culture = models.CharField(_("culture or community, in their own words"), max_length=200, blank=True)
    prefer_not_to_say = models.JSONField(_("prefers not to say"), default=list, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    contact_channel = models.CharField(
        _("best way to reach them"), max_length=10, choices=ContactChannel.choices, default=ContactChannel.NONE
    )
    hopes = models.TextField(_("what they want from peer support, in their own words"), blank=True)
    part2 = models.BooleanField(
        _("has substance use treatment records (42 CFR Part 2 applies)"),
        default=False,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        ordering = ["preferred_name", "id"]
        indexes = [models.Index(fields=["organization", "preferred_name"], name="participant_org_name_idx")]

    def __str__(self) -> str:
        return self.preferred_name


class EnrollmentStatus(models.TextChoices):
    REFERRED = "referred", _("Referred")
    WAITLISTED = "waitlisted", _("On the waitlist")
    ACTIVE = "active", _("Taking part")
    PAUSED = "paused", _("Paused")
    DISCHARGED = "discharged", _("Finished")


class DischargeReason(models.TextChoices):
    GOALS_MET = "goals_met", _("Reached their goals")
    MOVED = "moved", _("Moved away")
    CHOSE_TO_STOP = "chose_to_stop", _("Chose to stop")
    LOST_CONTACT = "lost_contact", _("We lost contact")
    TRANSFERRED = "transferred", _("Moved to another program or service")
    DECLINED = "declined", _("Referral not accepted")
    OTHER = "other", _("Other reason")


class ByParticipantQuerySet(ScopedQuerySet):
    """Rows about a participant are visible exactly when the participant is."""

    def visible_to(self, user: Any) -> Self:
        return self.filter(participant__in=Participant.objects.visible_to(user))


class Enrollment(OrganizationOwned):
    """A participant's place in one program. A participant may be in several programs."""

    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="enrollments")
    program = models.ForeignKey("programs.Program", on_delete=models.PROTECT, related_name="enrollments")
    status = models.CharField(
        _("status"), max_length=20, choices=EnrollmentStatus.choices, default=EnrollmentStatus.REFERRED
    )
    referred_on = models.DateField(_("referred on"))
    started_on = models.DateField(_("started on"), null=True, blank=True)
    ended_on = models.DateField(_("finished on"), null=True, blank=True)
    discharge_reason = models.CharField(
        _("why they finished"), max_length=20, choices=DischargeReason.choices, blank=True
    )
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)

    objects = ByParticipantQuerySet.as_manager()

    class Meta:
        ordering = ["-referred_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "program"],
                condition=~models.Q(status="discharged"),
                name="participants_enrollment_one_open_per_program",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="discharged") | ~models.Q(discharge_reason=""),
                name="participants_enrollment_discharge_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program} ({self.get_status_display()})"


class PeerAssignment(OrganizationOwned):
    """A supervisor's assignment of a peer to a participant (until Matching exists)."""

    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="assignments")
    peer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField(_("assigned at"))
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    objects = ByParticipantQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "peer"],
                condition=models.Q(ended_at__isnull=True),
                name="participants_assignment_one_open_per_peer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.peer} → {self.participant_id}"


class ConsentKind(models.TextChoices):
    TAKE_PART = "take_part", _("Consent to take part")
    SHARE_TPO = "share_tpo", _("Consent to share for treatment, payment and health care operations")
    SPECIFIC = "specific", _("Consent to one specific disclosure")
    SUD_COUNSELLING_NOTES = "sud_notes", _("Consent to share substance use counselling notes")


SHARING_KINDS = frozenset({ConsentKind.SHARE_TPO, ConsentKind.SPECIFIC, ConsentKind.SUD_COUNSELLING_NOTES})


class ConsentCategory(models.TextChoices):
    SUMMARY = "summary", _("Summary")
    PLAN = "plan", _("Recovery plan")
    ASSESSMENTS = "assessments", _("Questionnaire scores")
    CRISIS_EVENTS = "crisis_events", _("Crisis events")
    COUNSELLING_NOTES = "counselling_notes", _("Substance use counselling notes")


class ConsentPurpose(models.TextChoices):
    TPO = "tpo", _("Treatment, payment and health care operations")
    AT_REQUEST = "at_request", _("At the participant's request")
    OTHER = "other", _("Another purpose (described below)")


class RecipientKind(models.TextChoices):
    PERSON = "person", _("A person")
    ORGANIZATION = "organization", _("An organization")


class ExpiryEvent(models.TextChoices):
    NONE = "", _("No event")
    END_OF_PARTICIPATION = "end_of_participation", _("When they finish all their programs")


class SignatureMethod(models.TextChoices):
    ON_SCREEN = "on_screen", _("Signed on screen")
    PAPER = "paper", _("Signed on paper")


class Consent(OrganizationOwned):
    """One consent, with every element 42 CFR Part 2 §2.31 asks of a written consent.

    A consent is never edited after it is signed: it is revoked, and a new one is granted.
    """

    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="consents")
    kind = models.CharField(_("kind"), max_length=20, choices=ConsentKind.choices)
    # §2.31(a)(1) the patient's name, as written on the consent.
    participant_name = models.CharField(_("name of the person giving consent"), max_length=200)
    # (2) who may use or disclose.
    discloser = models.CharField(_("who may share"), max_length=200)
    # (3) what information: named categories plus a plain description.
    categories = models.JSONField(_("what may be shared"), default=list, blank=True)
    information_description = models.TextField(_("what may be shared, in words"), blank=True)
    # (4) the recipient, a person or an organization.
    recipient_kind = models.CharField(_("recipient kind"), max_length=20, choices=RecipientKind.choices, blank=True)
    recipient_name = models.CharField(_("recipient"), max_length=200, blank=True)
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recipient_organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # (5) the purpose.
    purpose = models.CharField(_("purpose"), max_length=20, choices=ConsentPurpose.choices, blank=True)
    purpose_description = models.CharField(_("purpose, in words"), max_length=300, blank=True)
    # (6) the right to revoke is stated in the text agreed to (text_version) and acknowledged here.
    revocation_right_acknowledged = models.BooleanField(_("was told they can take consent back"), default=False)
    # (7) expiry: a date, an event, or both (whichever comes first).
    expires_on = models.DateField(_("ends on"), null=True, blank=True)
    expires_on_event = models.CharField(
        _("ends when"), max_length=30, choices=ExpiryEvent.choices, blank=True, default=ExpiryEvent.NONE
    )
    # (8) and (9) signature and date.
    signature_method = models.CharField(_("how it was signed"), max_length=20, choices=SignatureMethod.choices)
    signed_name = models.CharField(_("typed name of the signer"), max_length=200)
    signed_at = models.DateTimeField(_("signed at"))
    text_version = models.CharField(_("version of the consent text"), max_length=40)
    signed_by_guardian = models.BooleanField(_("signed by a parent or guardian"), default=False)
    guardian_name = models.CharField(_("parent or guardian's name"), max_length=200, blank=True)
    guardian_relationship = models.CharField(_("relationship to the young person"), max_length=100, blank=True)
    guardian_contact = models.CharField(_("parent or guardian's phone or email"), max_length=200, blank=True)
    minor_assent = models.BooleanField(_("the young person agrees too"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("taken back at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ByParticipantQuerySet.as_manager()

    class Meta:
        ordering = ["-signed_at", "-id"]
        indexes = [models.Index(fields=["participant", "kind"], name="consent_participant_kind_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="take_part")
                | (
                    ~models.Q(recipient_name="") & (models.Q(expires_on__isnull=False) | ~models.Q(expires_on_event=""))
                ),
                name="participants_consent_sharing_has_recipient_and_expiry",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.signed_at:%Y-%m-%d})"

    def is_in_force(self, *, at: datetime | None = None) -> bool:
        """Signed, not taken back, not past its end date or end event, at ``at`` (default: now)."""
        at = at or timezone.now()
        if self.signed_at > at:
            return False
        if self.revoked_at is not None and self.revoked_at <= at:
            return False
        if self.expires_on is not None and timezone.localdate(at) > self.expires_on:
            return False
        return not (self.expires_on_event == ExpiryEvent.END_OF_PARTICIPATION and self._participation_ended())

    def _participation_ended(self) -> bool:
        statuses = set(Enrollment.objects.filter(participant_id=self.participant_id).values_list("status", flat=True))
        return bool(statuses) and statuses == {EnrollmentStatus.DISCHARGED}


class Disclosure(OrganizationOwned):
    """One release of a participant's data under a consent: the accounting of disclosures (42 CFR §2.25).

    Written only by ``disclosures.authorize``, in the same transaction as the release it records.
    """

    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="disclosures")
    consent = models.ForeignKey(Consent, on_delete=models.PROTECT, related_name="disclosures")
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recipient_organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    category = models.CharField(_("what was shared"), max_length=30, choices=ConsentCategory.choices)
    purpose = models.CharField(_("purpose"), max_length=20, choices=ConsentPurpose.choices)
    path = models.CharField(_("how it was shared"), max_length=40)
    notice = models.TextField(_("notice sent with it"))
    disclosed_at = models.DateTimeField(_("shared at"))
    disclosed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ByParticipantQuerySet.as_manager()

    class Meta:
        ordering = ["-disclosed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.category} → {self.recipient_user_id or self.recipient_organization_id} ({self.path})"


# --- Referrals -------------------------------------------------------------------------------


class ReferralSource(models.TextChoices):
    SELF = "self", _("The person themselves")
    CLINICIAN = "clinician", _("A clinician")
    HOSPITAL_DISCHARGE = "hospital_discharge", _("A hospital, at discharge")
    SCHOOL = "school", _("A school")
    COURT = "court", _("A court")
    FAMILY = "family", _("A family member")
    OTHER = "other", _("Someone else")


class ReferralStatus(models.TextChoices):
    NEW = "new", _("New")
    ACCEPTED = "accepted", _("Accepted")
    WAITLISTED = "waitlisted", _("On the waitlist")
    DECLINED = "declined", _("Declined")


class DeclineReason(models.TextChoices):
    NOT_ELIGIBLE = "not_eligible", _("Does not fit this program")
    NEEDS_MORE_CARE = "needs_more_care", _("Needs more care than peer support")
    OUTSIDE_AREA = "outside_area", _("Lives outside our area")
    COULD_NOT_REACH = "could_not_reach", _("We could not reach them")
    NOT_INTERESTED = "not_interested", _("They no longer want peer support")
    DUPLICATE = "duplicate", _("Already referred")
    OTHER = "other", _("Other reason")


class ReferralQuerySet(ScopedQuerySet):
    def visible_to(self, user: Any) -> Self:
        """The referral queue: org admins and supervisors, their organization; nobody else."""
        return self.in_viewer_organization(user, {Role.ORG_ADMIN, Role.SUPERVISOR})


class Referral(OrganizationOwned):
    """Someone referred to a program: by themselves (the public form) or by staff for a referrer.

    new → accepted (a Participant and a referred or waitlisted Enrollment are made) / waitlisted / declined.
    """

    program = models.ForeignKey("programs.Program", on_delete=models.PROTECT, related_name="referrals")
    source = models.CharField(_("who referred them"), max_length=30, choices=ReferralSource.choices)
    discharge_date = models.DateField(_("hospital discharge date"), null=True, blank=True)
    referrer_name = models.CharField(_("referrer's name"), max_length=200, blank=True)
    referrer_contact = models.CharField(_("referrer's phone or email"), max_length=200, blank=True)
    person_name = models.CharField(_("name of the person referred"), max_length=200)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    preferred_language = models.CharField(_("preferred language"), max_length=100, blank=True)
    help_wanted = models.TextField(_("what they would like help with"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.NEW)
    decline_reason = models.CharField(
        _("why it was declined"), max_length=30, choices=DeclineReason.choices, blank=True
    )
    resources_offered = models.TextField(_("other services offered"), blank=True)
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, null=True, blank=True, related_name="referrals"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["organization", "program", "status"], name="referral_queue_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="declined") | ~models.Q(decline_reason=""),
                name="participants_referral_decline_has_reason",
            ),
            models.CheckConstraint(
                condition=~models.Q(source="hospital_discharge") | models.Q(discharge_date__isnull=False),
                name="participants_referral_discharge_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_name} → {self.program_id} ({self.get_status_display()})"

    @property
    def age_in_days(self) -> int:
        return (timezone.localdate() - timezone.localdate(self.created_at)).days
