from __future__ import annotations

from typing import Any

from django import forms
from django.apps import apps
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import User
from alongside.audit.models import AuditAction

NO_ACTOR = "none"


def _record_kinds() -> list[tuple[str, str]]:
    """Every kind of record the product keeps (our own apps' models), by the name people use."""
    kinds = {
        model._meta.label_lower: str(model._meta.verbose_name).capitalize()
        for model in apps.get_models()
        if model.__module__.startswith("alongside.") and model._meta.app_label != "audit"
    }
    return sorted(kinds.items(), key=lambda kind: kind[1])


class AuditSearchForm(forms.Form):
    action = forms.ChoiceField(label=_("What happened"), required=False)
    actor = forms.ChoiceField(label=_("Who"), required=False)
    object_type = forms.ChoiceField(label=_("Kind of record"), required=False)
    object_id = forms.CharField(label=_("Record number"), required=False, max_length=64)
    participant_id = forms.CharField(label=_("Participant number"), required=False, max_length=64)
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, viewer: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = User.objects.visible_to(viewer).select_related("membership").order_by("full_name", "pk")
        self._choices("action").choices = [("", _("Anything")), *AuditAction.choices]
        self._choices("actor").choices = [
            ("", _("Anyone")),
            (NO_ACTOR, _("Nobody signed in")),
            *((str(person.pk), f"{person.full_name} ({person.membership.get_role_display()})") for person in people),
        ]
        self._choices("object_type").choices = [("", _("Any kind")), *_record_kinds()]

    def _choices(self, name: str) -> forms.ChoiceField:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        return field

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end date must be on or after the start date."))
        return data

    def criteria(self) -> dict[str, Any]:
        """The search as keyword arguments for ``audit_event_search``; empty when the form is invalid."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        actor = data.get("actor") or ""
        return {
            "action": data.get("action") or "",
            "actor_id": int(actor) if actor.isdigit() else None,
            "without_actor": actor == NO_ACTOR,
            "object_type": data.get("object_type") or "",
            "object_id": (data.get("object_id") or "").strip(),
            "participant_id": (data.get("participant_id") or "").strip(),
            "since": data.get("since"),
            "until": data.get("until"),
        }
