from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import User
from alongside.peers.models import Specialty, SupervisionKind, Training


class DateInput(forms.DateInput):
    input_type = "date"


class ProfileForm(forms.Form):
    bio = forms.CharField(label=_("About me, in my own words"), widget=forms.Textarea, required=False, max_length=5000)
    languages = forms.CharField(
        label=_("Languages I speak"),
        required=False,
        max_length=500,
        help_text=_("Put a comma between languages, for example: English, Spanish."),
    )
    specialties = forms.MultipleChoiceField(
        label=_("Kinds of support I give"),
        choices=Specialty.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    max_caseload = forms.IntegerField(label=_("Most people I can support at once"), min_value=0, max_value=200)
    experience_for_matching = forms.CharField(
        label=_("Lived experience I share that can be used to match me with people"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("One on each line. Share only what you want to share."),
    )
    experience_private = forms.CharField(
        label=_("Lived experience I share with my team only (not used for matching)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("One on each line."),
    )


class TimeOffForm(forms.Form):
    starts_on = forms.DateField(label=_("First day off"), widget=DateInput)
    ends_on = forms.DateField(label=_("Last day off"), widget=DateInput)


class TrainingForm(forms.Form):
    name = forms.CharField(label=_("Training name"), max_length=200)
    hours = forms.DecimalField(label=_("Hours"), min_value=0, max_value=9999, decimal_places=1)
    description = forms.CharField(label=_("What it covers"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class CompletionForm(forms.Form):
    training = forms.ModelChoiceField(label=_("Training"), queryset=Training.objects.none())
    completed_on = forms.DateField(label=_("Day finished"), widget=DateInput)

    def __init__(self, *args: object, trainings: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["training"].queryset = trainings  # type: ignore[attr-defined]


class CredentialForm(forms.Form):
    name = forms.CharField(label=_("Name of the credential"), max_length=200)
    issuer = forms.CharField(label=_("Given by"), max_length=200)
    number = forms.CharField(label=_("Number"), max_length=100, required=False)
    issued_on = forms.DateField(label=_("Issued on"), widget=DateInput)
    expires_on = forms.DateField(label=_("Expires on"), widget=DateInput, required=False)


class SupervisionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of session"), choices=SupervisionKind.choices)
    peers = forms.ModelMultipleChoiceField(
        label=_("Peers who attended"), queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    held_on = forms.DateField(label=_("Date"), widget=DateInput)
    minutes = forms.IntegerField(label=_("Length in minutes"), min_value=1, max_value=1440)
    topics = forms.CharField(label=_("Topics"), max_length=500, required=False)
    notes = forms.CharField(
        label=_("Notes"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=_("Only you and the peers who attended can read these notes."),
    )

    def __init__(self, *args: object, peers: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["peers"].queryset = peers  # type: ignore[attr-defined]


class EthicsCodeForm(forms.Form):
    text = forms.CharField(label=_("Code of ethics"), widget=forms.Textarea(attrs={"rows": 15}), max_length=50000)


class EthicsAcknowledgeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
