"""Forms of the secretariat's review page: verdicts, the return, rejection, disqualification."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awards.forms.intake import DateInput
from awards.models import Verdict
from awards.review import NO_VERDICT_YET, end_of_day


def verdict_version(verdict):
    """The version a verdict form carries: the verdict's ``at`` exactly, or "new"."""
    return verdict.at.isoformat() if verdict is not None else NO_VERDICT_YET


def parse_version(text):
    """``expected_at`` for ``set_verdict`` from the form's version (None when unreadable)."""
    if text == NO_VERDICT_YET:
        return NO_VERDICT_YET
    try:
        value = datetime.datetime.fromisoformat(text or "")
    except ValueError:
        return None
    return value if timezone.is_aware(value) else None


class VerdictForm(forms.Form):
    verdict = forms.ChoiceField(
        label=_("Verdict"), choices=Verdict.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note for the applicant"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = forms.CharField(widget=forms.HiddenInput)

    def clean_version(self):
        expected = parse_version(self.cleaned_data["version"])
        if expected is None:
            raise forms.ValidationError(_("The form is out of date; reload the page."))
        return expected


class ReturnForm(forms.Form):
    extra_items = forms.CharField(
        label=_("Other things to add or correct"),
        help_text=_("One per line; they are added to the list after the checklist items."),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    deadline = forms.DateField(
        label=_("Deadline"),
        help_text=_("The applicant may submit again until the end of this day."),
        widget=DateInput(),
    )
    message = forms.CharField(
        label=_("Message to the applicant"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_deadline(self):
        day = self.cleaned_data["deadline"]
        if day < timezone.localdate():
            raise forms.ValidationError(_("The deadline must be today or later."))
        return end_of_day(day)

    def extra_item_lines(self):
        return [line.strip() for line in self.cleaned_data.get("extra_items", "").splitlines()]


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        help_text=_("The applicant receives this reason."),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def reason_text(self):
        return self.cleaned_data["reason"]


#: Reasons offered as quick choices when disqualifying (domain.md §2, eligibility).
DISQUALIFY_REASONS = [
    ("ip", _("Violation of intellectual property rights")),
    ("food_safety", _("Violation of food-safety rules")),
    ("quality", _("Violation of quality, labour-safety or environmental rules")),
    ("one_off", _("One-off piece (not mass-producible)")),
    ("not_own", _("Not made by the applicant itself")),
]


class DisqualifyForm(forms.Form):
    reasons = forms.MultipleChoiceField(
        label=_("Reasons"),
        choices=DISQUALIFY_REASONS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reason = forms.CharField(
        label=_("Details"),
        help_text=_("What was found, and where; the applicant receives this."),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("reasons") and not (cleaned.get("reason") or "").strip():
            raise forms.ValidationError(_("Choose a reason or write one."))
        return cleaned

    def reason_text(self):
        labels = dict(DISQUALIFY_REASONS)
        chosen = [str(labels[code]) for code in self.cleaned_data.get("reasons", [])]
        details = (self.cleaned_data.get("reason") or "").strip()
        return "\n".join([*(f"- {label}" for label in chosen), *([details] if details else [])])


class PaperForm(forms.Form):
    received_on = forms.DateField(
        label=_("Received on"),
        required=False,
        help_text=_("Leave empty for today."),
        widget=DateInput(),
    )

    def clean_received_on(self):
        day = self.cleaned_data.get("received_on")
        if day is None:
            return None
        if day > timezone.localdate():
            raise forms.ValidationError(_("The paper set cannot arrive in the future."))
        if day == timezone.localdate():
            return None
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12, 0)))
