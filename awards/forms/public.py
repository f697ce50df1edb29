"""Forms of the public pages: the registry filters, certificate check, public comments,
and the secretariat's resolution of a comment.

Field checks that carry the rules (lengths, phone, scan) live in ``awards.consultation``
so that a comment sent any other way meets the same rules; the forms only collect input.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from awards.consultation import COMMENT_MAX_CHARS
from awards.registry import MAX_LOOKUP_LENGTH


class VerifyForm(forms.Form):
    number = forms.CharField(
        label=_("Certificate number"),
        max_length=MAX_LOOKUP_LENGTH,
        help_text=_("As printed on the certificate, e.g. 12/2026/GCN."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text"}),
    )


class CommentForm(forms.Form):
    dossier = forms.ModelChoiceField(
        label=_("About the candidate"),
        queryset=None,
        required=False,
        empty_label=_("The whole list"),
    )
    # Required-ness and lengths are checked by awards.consultation.submit_comment (one place).
    name = forms.CharField(
        label=_("Full name"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name", "required": True}),
    )
    phone = forms.CharField(
        label=_("Phone number"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel", "required": True}),
    )
    address = forms.CharField(
        label=_("Address"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "street-address", "required": True}),
    )
    content = forms.CharField(
        label=_("Your comment"),
        required=False,
        strip=False,
        help_text=_("At most 10,000 characters. Longer texts can be sent as a signed scan."),
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": COMMENT_MAX_CHARS, "required": True}),
    )
    signed_scan = forms.FileField(
        label=_("Signed scan (optional)"),
        required=False,
        help_text=_("Your signed letter as PDF, JPG or PNG."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dossier"].queryset = candidates


class ResolutionForm(forms.Form):
    resolution = forms.CharField(
        label=_("How the comment was resolved"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    seen = forms.CharField(required=False, widget=forms.HiddenInput)


class OpenConsultationForm(forms.Form):
    opens = forms.DateField(
        label=_("Consultation opens on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
