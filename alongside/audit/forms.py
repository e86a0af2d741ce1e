from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.audit.models import AuditAction


class AuditSearchForm(forms.Form):
    action = forms.ChoiceField(label=_("What happened"), required=False, choices=[("", _("Anything")), *AuditAction.choices])
    actor_id = forms.IntegerField(label=_("Done by (user number)"), required=False, min_value=1)
    object_type = forms.CharField(label=_("Kind of record"), required=False, max_length=60)
    participant_id = forms.CharField(label=_("Participant number"), required=False, max_length=64)
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end date must be on or after the start date."))
        return data
