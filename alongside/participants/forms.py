from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.participants.models import (
    ConsentCategory,
    ConsentKind,
    ConsentPurpose,
    ContactChannel,
    DeclineReason,
    DischargeReason,
    EnrollmentStatus,
    ExpiryEvent,
    RecipientKind,
    ReferralSource,
    SignatureMethod,
)

DECLINABLE = [
    ("pronouns", _("Pronouns")),
    ("date_of_birth", _("Date of birth")),
    ("languages", _("Languages")),
    ("gender", _("Gender")),
    ("culture", _("Culture or community")),
]


class DateInput(forms.DateInput):
    input_type = "date"


class ParticipantForm(forms.Form):
    preferred_name = forms.CharField(label=_("Name they want us to use"), max_length=200)
    pronouns = forms.CharField(
        label=_("Pronouns"), max_length=60, required=False, help_text=_("For example: she/her, they/them.")
    )
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False, widget=DateInput)
    languages = forms.CharField(label=_("Languages they speak"), max_length=200, required=False)
    gender = forms.CharField(label=_("Gender, in their own words"), max_length=100, required=False)
    culture = forms.CharField(label=_("Culture or community, in their own words"), max_length=200, required=False)
    prefer_not_to_say = forms.MultipleChoiceField(
        label=_("They prefer not to say"),
        choices=DECLINABLE,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick a question they chose not to answer, and leave its answer empty."),
    )
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    contact_channel = forms.ChoiceField(label=_("Best way to reach them"), choices=ContactChannel.choices)
    hopes = forms.CharField(
        label=_("What they want from peer support, in their own words"), widget=forms.Textarea, required=False
    )
    part2 = forms.BooleanField(
        label=_("They have substance use treatment records (federal rule 42 CFR Part 2 applies)"), required=False
    )


class EnrollmentForm(forms.Form):
    program = forms.TypedChoiceField(label=_("Program"), coerce=int)
    status = forms.ChoiceField(
        label=_("Start as"),
        choices=[
            (EnrollmentStatus.REFERRED, EnrollmentStatus.REFERRED.label),
            (EnrollmentStatus.WAITLISTED, EnrollmentStatus.WAITLISTED.label),
        ],
    )
    referred_on = forms.DateField(label=_("Referred on"), required=False, widget=DateInput)

    def __init__(self, *args: object, programs: object = (), **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["program"].choices = [(p.pk, p.name) for p in programs]  # type: ignore[attr-defined]


class EnrollmentStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=EnrollmentStatus.choices)
    reason = forms.ChoiceField(
        label=_("Why they finished"),
        choices=[("", _("Only when finishing")), *DischargeReason.choices],
        required=False,
    )
    on = forms.DateField(label=_("Date"), required=False, widget=DateInput)


class AssignPeerForm(forms.Form):
    peer = forms.TypedChoiceField(label=_("Peer"), coerce=int)

    def __init__(self, *args: object, peers: object = (), **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["peer"].choices = [(p.pk, p.full_name or p.email) for p in peers]  # type: ignore[attr-defined]


class ConsentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of consent"), choices=ConsentKind.choices)
    recipient_kind = forms.ChoiceField(
        label=_("Who receives the information"),
        choices=[("", _("Nobody (consent to take part)")), *RecipientKind.choices],
        required=False,
    )
    recipient_name = forms.CharField(label=_("Name of the person or organization"), max_length=200, required=False)
    purpose = forms.ChoiceField(
        label=_("Why it is shared"), choices=[("", "—"), *ConsentPurpose.choices], required=False
    )
    purpose_description = forms.CharField(label=_("Purpose, in a few words"), max_length=300, required=False)
    categories = forms.MultipleChoiceField(
        label=_("What may be shared"),
        choices=ConsentCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    information_description = forms.CharField(
        label=_("What may be shared, in words"), widget=forms.Textarea, required=False
    )
    expires_on = forms.DateField(label=_("Consent ends on"), required=False, widget=DateInput)
    expires_on_event = forms.ChoiceField(label=_("Or consent ends when"), choices=ExpiryEvent.choices, required=False)
    signature_method = forms.ChoiceField(label=_("How it is signed"), choices=SignatureMethod.choices)
    signed_on = forms.DateField(label=_("Date on the paper form"), required=False, widget=DateInput)
    signed_name = forms.CharField(label=_("Full name of the person signing"), max_length=200)
    signature_confirmed = forms.BooleanField(
        label=_("I am the person named above (or their parent or guardian) and I agree. This is my signature."),
        required=False,
    )
    revocation_right_acknowledged = forms.BooleanField(
        label=_("I understand I can take this consent back at any time, in writing or on this site."), required=False
    )
    signed_by_guardian = forms.BooleanField(label=_("A parent or guardian is signing"), required=False)
    guardian_name = forms.CharField(label=_("Parent or guardian's name"), max_length=200, required=False)
    guardian_relationship = forms.CharField(label=_("Relationship to the young person"), max_length=100, required=False)
    guardian_contact = forms.CharField(label=_("Parent or guardian's phone or email"), max_length=200, required=False)
    minor_assent = forms.BooleanField(label=_("The young person agrees too"), required=False)


class _ProgramChoiceMixin:
    def _set_programs(self, programs: object) -> None:
        self.fields["program"].choices = [(p.pk, p.name) for p in programs]  # type: ignore[attr-defined]


class SelfReferralForm(_ProgramChoiceMixin, forms.Form):
    """The public form: plain words, as few questions as we need to call the person back."""

    program = forms.TypedChoiceField(label=_("Which program?"), coerce=int)
    person_name = forms.CharField(label=_("Your name"), max_length=200, help_text=_("The name you want us to use."))
    phone = forms.CharField(label=_("Phone number"), max_length=40, required=False)
    email = forms.EmailField(label=_("Email"), required=False, help_text=_("Give a phone number, an email, or both."))
    preferred_language = forms.CharField(label=_("Language you prefer"), max_length=100, required=False)
    help_wanted = forms.CharField(
        label=_("What would you like help with?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("A few words is enough. You can skip this."),
    )
    # A honeypot: people never see this field (it is hidden), bots fill it in.
    website = forms.CharField(label=_("Leave this empty"), required=False)

    def __init__(self, *args: object, programs: object = (), **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._set_programs(programs)


class ReferralForm(_ProgramChoiceMixin, forms.Form):
    program = forms.TypedChoiceField(label=_("Program"), coerce=int)
    source = forms.ChoiceField(label=_("Who referred them"), choices=ReferralSource.choices)
    discharge_date = forms.DateField(
        label=_("Hospital discharge date"),
        required=False,
        widget=DateInput,
        help_text=_("Only for a hospital referral."),
    )
    referrer_name = forms.CharField(label=_("Referrer's name"), max_length=200, required=False)
    referrer_contact = forms.CharField(label=_("Referrer's phone or email"), max_length=200, required=False)
    person_name = forms.CharField(label=_("Name of the person referred"), max_length=200)
    phone = forms.CharField(label=_("Their phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("Their email"), required=False)
    preferred_language = forms.CharField(label=_("Preferred language"), max_length=100, required=False)
    help_wanted = forms.CharField(label=_("What they would like help with"), widget=forms.Textarea, required=False)

    def __init__(self, *args: object, programs: object = (), **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._set_programs(programs)


class ReferralAcceptForm(forms.Form):
    enrollment_status = forms.ChoiceField(
        label=_("Start as"),
        choices=[
            (EnrollmentStatus.REFERRED, EnrollmentStatus.REFERRED.label),
            (EnrollmentStatus.WAITLISTED, EnrollmentStatus.WAITLISTED.label),
        ],
        required=False,
    )


class ReferralDeclineForm(forms.Form):
    reason = forms.ChoiceField(label=_("Why"), choices=[("", "—"), *DeclineReason.choices])
    resources_offered = forms.CharField(
        label=_("Other services offered"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
