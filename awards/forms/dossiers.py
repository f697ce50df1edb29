"""Forms of the applicant's dossier editor: rounds filter, start, facts, files, declarations.

Every field is optional on a draft (the completeness panel says what is still missing);
numbers use ``type=number`` with a numeric keyboard, money is typed as Vietnamese write it
("1.250.000.000").
"""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from awards.enums import Family, Level, Market, ProductGroup, Title
from awards.models import AdminUnit, Artisan, Facility
from awards.portal import fact_fields, parse_stamp, seen_stamp

#: Characters an applicant may type around an amount of money.
_MONEY_NOISE = re.compile(r"(vnđ|vnd|đồng|đ|₫|\s)", re.IGNORECASE)
_MONEY = re.compile(r"(\d{1,3}(?:\.\d{3})+|\d{1,3}(?:,\d{3})+|\d+)(?:[.,](\d{1,2}))?")
MAX_MONEY_DIGITS = 15

#: The ``accept=`` hints for file kinds (the server checks the content anyway).
ACCEPT_BY_KIND = {
    "pdf": ".pdf,application/pdf",
    "jpg": ".jpg,.jpeg,image/jpeg",
    "png": ".png,image/png",
    "webp": ".webp,image/webp",
}
PHOTO_ACCEPT = "image/jpeg,image/png,image/webp"


def parse_vnd(text):
    """An amount in whole đồng from how people write it, or None for an empty text.

    Accepts "1.250.000.000" (Vietnamese grouping), "1,250,000,000", "1 250 000 000",
    "1250000000", with or without "đ"/"VND", and a zero decimal part ("…,00").
    """
    cleaned = _MONEY_NOISE.sub("", str(text or ""))
    if not cleaned:
        return None
    match = _MONEY.fullmatch(cleaned)
    if match is None:
        raise ValidationError(
            _("Write the amount in đồng with digits only, for example 1.250.000.000."),
            code="invalid",
        )
    whole, decimals = match.groups()
    if decimals and int(decimals) != 0:
        raise ValidationError(
            _("Write the amount in whole đồng, without decimals."), code="invalid"
        )
    digits = re.sub(r"\D", "", whole).lstrip("0") or "0"
    if len(digits) > MAX_MONEY_DIGITS:
        raise ValidationError(_("This amount is too large."), code="too_large")
    try:
        return Decimal(digits)
    except InvalidOperation:  # pragma: no cover - the pattern admits digits only
        raise ValidationError(_("Write the amount with digits."), code="invalid") from None


def format_vnd(value):
    """1250000000 -> "1.250.000.000" (how the field shows a stored amount)."""
    if value in (None, ""):
        return ""
    return f"{int(value):,}".replace(",", ".")


class MoneyInput(forms.TextInput):
    def format_value(self, value):
        if isinstance(value, int | Decimal):
            return format_vnd(value)
        return super().format_value(value)


class MoneyField(forms.CharField):
    widget = MoneyInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs.update(
            {"inputmode": "numeric", "autocomplete": "off", "placeholder": "1.250.000.000"}
        )

    def to_python(self, value):
        return parse_vnd(super().to_python(value))


def count_field(label, help_text=""):
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        required=False,
        min_value=0,
        max_value=1_000_000,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
    )


class ReadOnlyMixin:
    """``read_only=True`` draws every field disabled (a dossier that can no longer change)."""

    def __init__(self, *args, read_only=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.read_only = read_only
        if read_only:
            for bound_field in self.fields.values():
                bound_field.disabled = True


# --- rounds list and start -------------------------------------------------------------


class RoundFilterForm(forms.Form):
    family = forms.ChoiceField(
        label=_("Award"), required=False, choices=[("", _("All awards")), *Family.choices]
    )
    level = forms.ChoiceField(
        label=_("Level"), required=False, choices=[("", _("All levels")), *Level.choices]
    )
    province = forms.ModelChoiceField(
        label=_("Province or city"),
        required=False,
        queryset=AdminUnit.objects.provinces().current(),
        empty_label=_("All provinces"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.fields:
            self.fields[name].widget.attrs["data-autosubmit"] = ""

    def filters(self):
        if not self.is_valid():
            return {}
        return {
            "family": self.cleaned_data.get("family") or "",
            "level": self.cleaned_data.get("level") or "",
            "province": self.cleaned_data.get("province"),
        }


class RecordChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        unit = getattr(obj, "unit", None)
        return f"{obj} ({unit})" if unit else str(obj)


class StartDossierForm(forms.Form):
    """Which of the user's profiles enters the round; a product name or the title sought."""

    record = RecordChoiceField(queryset=None, widget=forms.RadioSelect, empty_label=None)
    title = forms.CharField(
        label=_("Name of the product or product set"),
        max_length=255,
        required=False,
        help_text=_("You can change it later."),
    )
    title_sought = forms.ChoiceField(label=_("Title you apply for"), required=False, choices=[])

    def __init__(self, *args, award_round, records, **kwargs):
        super().__init__(*args, **kwargs)
        self.award_round = award_round
        model = Artisan if award_round.is_artisan else Facility
        record_field = self.fields["record"]
        record_field.queryset = model.objects.filter(pk__in=[r.pk for r in records]).select_related(
            "unit"
        )
        if len(records) == 1:
            record_field.initial = records[0].pk
        if award_round.is_artisan:
            record_field.label = _("Who applies")
            del self.fields["title"]
            titles = [t for t in award_round.titles or [] if t in Title.values]
            self.fields["title_sought"].choices = [(t, Title(t).label) for t in titles]
            self.fields["title_sought"].required = True
            if len(titles) == 1:
                self.fields["title_sought"].initial = titles[0]
            self.fields["title_sought"].widget = forms.RadioSelect(
                choices=self.fields["title_sought"].choices
            )
        else:
            record_field.label = _("Facility that makes the product")
            self.fields["title"].required = True
            del self.fields["title_sought"]


# --- facts -----------------------------------------------------------------------------


class FactsFormBase(ReadOnlyMixin, forms.Form):
    """Carries the dossier's ``updated_at`` for the optimistic check."""

    seen = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_seen(self):
        stamp = parse_stamp(self.cleaned_data.get("seen"))
        if stamp is None:
            raise ValidationError(
                _("This form is out of date. Reload the page and try again."), code="stale"
            )
        return stamp

    def facts(self):
        return {name: value for name, value in self.cleaned_data.items() if name != "seen"}


class ProductFactsForm(FactsFormBase):
    title = forms.CharField(
        label=_("Name of the product or product set"), max_length=255, required=False
    )
    is_product_set = forms.TypedChoiceField(
        label=_("Single product or product set"),
        choices=[
            ("0", _("A single product")),
            ("1", _("A product set (several items sold together)")),
        ],
        coerce=lambda value: value == "1",
        empty_value=False,
        required=False,
        widget=forms.RadioSelect,
    )
    product_group = forms.ChoiceField(
        label=_("Product group"),
        choices=[("", _("Choose a group")), *ProductGroup.choices],
        required=False,
    )
    description = forms.CharField(
        label=_("Description of the product"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What it is, how it is made, what makes it special."),
    )
    raw_materials = forms.CharField(
        label=_("Raw materials and where they come from"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    production_capacity = forms.CharField(
        label=_("Production capacity"),
        max_length=255,
        required=False,
        help_text=_("For example: 2,000 pieces a year."),
    )
    annual_revenue = MoneyField(
        label=_("Revenue last year (đồng)"),
        help_text=_("Digits only; dots between thousands are fine, e.g. 1.250.000.000."),
    )
    jobs = count_field(_("Jobs created (people)"))
    markets = forms.MultipleChoiceField(
        label=_("Where the product is sold"),
        choices=Market.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    standards = forms.CharField(
        label=_("Standards and certificates held"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: ISO 9001, food safety certificate, OCOP stars."),
    )

    def __init__(self, *args, dossier=None, **kwargs):
        super().__init__(*args, **kwargs)


class ArtisanFactsForm(FactsFormBase):
    title_sought = forms.ChoiceField(label=_("Title you apply for"), required=False, choices=[])
    craft = forms.CharField(label=_("Craft"), max_length=150, required=False)
    years_in_craft = count_field(_("Years in the craft"))
    works = forms.CharField(
        label=_("Your works"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Name the main works, with the year each was made."),
    )
    works_count = count_field(_("Number of works"))
    prizes = forms.CharField(
        label=_("Prizes and awards"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Name of the event or competition, the prize, and the year."),
    )
    trainees_count = count_field(_("People you have taught the craft"))
    titles_held = forms.CharField(
        label=_("Titles you already hold"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, dossier, **kwargs):
        super().__init__(*args, **kwargs)
        titles = [t for t in dossier.award_round.titles or [] if t in Title.values]
        self.fields["title_sought"].choices = [
            ("", _("Choose a title")),
            *[(t, Title(t).label) for t in titles],
        ]


def facts_form_class(dossier):
    return ArtisanFactsForm if dossier.award_round.is_artisan else ProductFactsForm


def facts_initial(dossier):
    initial = {name: getattr(dossier, name) for name in fact_fields(dossier)}
    if "is_product_set" in initial:
        initial["is_product_set"] = "1" if dossier.is_product_set else "0"
    initial["seen"] = seen_stamp(dossier.updated_at)
    return initial


# --- files -----------------------------------------------------------------------------


class DocumentUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        error_messages={
            "required": _("Choose a file to upload."),
            "empty": _("The file is empty."),
        },
        allow_empty_file=True,  # the upload check gives the message for an empty file
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": PHOTO_ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class PhotoUploadForm(forms.Form):
    photos = MultipleFileField(
        label=_("Photos"),
        error_messages={"required": _("Choose at least one photo to upload.")},
        allow_empty_file=True,  # the photo check gives the message for an empty file
        help_text=_("You can choose several photos at once (JPG, PNG or WebP)."),
    )


class PhotoEditForm(forms.Form):
    caption = forms.CharField(label=_("Caption"), max_length=255, required=False)
    position = forms.IntegerField(
        label=_("Position"),
        min_value=1,
        max_value=1000,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 1}),
    )


class DeclarationsForm(ReadOnlyMixin, forms.Form):
    """One checkbox per declaration the rule set asks of this dossier."""

    def __init__(self, *args, checks, declarations, **kwargs):
        super().__init__(*args, **kwargs)
        for check in checks:
            self.fields[f"declare_{check.code}"] = forms.BooleanField(
                label=check.label,
                required=False,
                initial=(declarations or {}).get(check.code) is True,
            )
        self.codes = {f"declare_{check.code}": check.code for check in checks}

    def declared(self):
        return [code for name, code in self.codes.items() if self.cleaned_data.get(name)]
