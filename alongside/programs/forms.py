from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.programs.models import ProgramModel


class ProgramForm(forms.Form):
    name = forms.CharField(label=_("Program name"), max_length=200)
    model = forms.ChoiceField(label=_("Program model"), choices=ProgramModel.choices)
    description = forms.CharField(label=_("What the program offers"), widget=forms.Textarea, required=False)
    min_age = forms.IntegerField(label=_("Youngest age served"), min_value=0, max_value=120, required=False)
    max_age = forms.IntegerField(label=_("Oldest age served"), min_value=0, max_value=120, required=False)
    is_active = forms.BooleanField(label=_("Program is running"), required=False, initial=True)
