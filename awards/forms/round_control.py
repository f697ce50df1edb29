"""Forms of round control, the outbox filter and the e-mail template editor."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awards.mail_catalogue import MAIL_KINDS
from awards.models import MailTemplate, OutboundMail

DATETIME_INPUT_FORMAT = "%Y-%m-%dT%H:%M"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format=DATETIME_INPUT_FORMAT, **kwargs)


def moment_field(label, *, required=False, help_text=""):
    return forms.DateTimeField(
        label=label,
        required=required,
        help_text=help_text,
        input_formats=[DATETIME_INPUT_FORMAT, "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
        widget=DateTimeInput(),
    )


class OpenRegistrationForm(forms.Form):
    prefix = "registration"
    closes = moment_field(
        _("Registration closes"),
        help_text=_("Leave empty to keep the closing date already set, if it is in the future."),
    )


class OpenScoringForm(forms.Form):
    prefix = "scoring"
    closes = moment_field(
        _("Scoring closes"), help_text=_("Optional: when judges must have submitted their sheets.")
    )


class ScoringDeadlineForm(forms.Form):
    prefix = "deadline"
    closes = moment_field(_("Scoring closes"), required=True)


class CloseScoringForm(forms.Form):
    confirm_missing = forms.BooleanField(
        label=_("I confirm that scoring closes with these sheets missing."), required=False
    )


def template_choices():
    return [("", _("All e-mails"))] + [(kind.code, kind.name) for kind in MAIL_KINDS]


class OutboxFilterForm(forms.Form):
    template = forms.ChoiceField(label=_("E-mail"), required=False, choices=template_choices)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *OutboundMail.Status.choices],
    )

    def filters(self):
        if not self.is_valid():
            return {}
        return {key: value for key, value in self.cleaned_data.items() if value}


def template_version(template):
    """What the editor form carries: when the row last changed ("new" for a missing row)."""
    return template.updated_at.isoformat() if template and template.pk else "new"


class MailTemplateForm(forms.Form):
    subject = forms.CharField(
        label=_("Subject"), max_length=MailTemplate._meta.get_field("subject").max_length
    )
    body = forms.CharField(
        label=_("Body"), max_length=20000, widget=forms.Textarea(attrs={"rows": 18})
    )
    version = forms.CharField(widget=forms.HiddenInput)

    def clean_version(self):
        text = self.cleaned_data["version"]
        if text == "new":
            return None
        try:
            value = datetime.datetime.fromisoformat(text)
        except ValueError:
            raise forms.ValidationError(_("The form is out of date; reload the page.")) from None
        if not timezone.is_aware(value):
            raise forms.ValidationError(_("The form is out of date; reload the page."))
        return value
