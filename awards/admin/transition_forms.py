"""Forms the dossier admin shows before a step that needs a written reason."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReasonForm(forms.Form):
    """A written reason, kept in the dossier's transition log."""

    note = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 5, "cols": 80}),
        help_text=_("Kept in the dossier's history and shown to the applicant."),
    )


class ReturnForSupplementForm(ReasonForm):
    """One request listing everything missing, with the date the supplement is due."""

    note = forms.CharField(
        label=_("What is missing"),
        widget=forms.Textarea(attrs={"rows": 8, "cols": 80}),
        help_text=_("List everything that is missing in this one request."),
    )
    deadline = forms.DateField(
        label=_("Supplement deadline"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The applicant may resubmit until the end of this day."),
    )

    def clean_deadline(self):
        day = self.cleaned_data["deadline"]
        if day < timezone.localdate():
            raise ValidationError(_("The deadline cannot be in the past."))
        end_of_day = datetime.datetime.combine(day, datetime.time(23, 59, 59))
        return timezone.make_aware(end_of_day)
