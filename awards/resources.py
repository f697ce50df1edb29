"""Spreadsheet import and export (django-import-export) for units and product dossiers.

Column headers are the models' verbose names in the active language; on import a header is
also recognised in every configured language and by its field name, so a sheet exported
in Vietnamese imports under an English session and the other way round.

Imports are all or nothing: one invalid row rolls back the whole file
(``rollback_on_validation_errors`` is forced on), and each row error names its column.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources, widgets

from awards.enums import EDITABLE_STATES, DossierState, Family, ProductGroup, Region, UnitKind
from awards.models import AdminUnit, AwardRound, Dossier, Facility
from awards.services import next_dossier_code
from awards.text import fold, nfc


def _plain(value):
    """Spreadsheet cell → stripped NFC text; whole floats (Excel numbers) lose their ".0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return nfc(str(value))


class TextWidget(widgets.CharWidget):
    """Text cells: NFC-normalised and stripped; numbers typed in Excel become text."""

    def clean(self, value, row=None, **kwargs):
        return _plain(value)


class ChoiceWidget(widgets.Widget):
    """A ``TextChoices`` cell: accepts the stored value or its label (accent-insensitive)."""

    def __init__(self, choices, **kwargs):
        super().__init__(**kwargs)
        self.choices = choices
        self._folded_labels = None

    def _labels(self):
        """Folded label in every configured language → value (built once per import)."""
        if self._folded_labels is None:
            labels = {}
            for value, label in self.choices.choices:
                for code, _name in settings.LANGUAGES:
                    with translation.override(code):
                        labels[fold(str(label))] = value
            self._folded_labels = labels
        return self._folded_labels

    def clean(self, value, row=None, **kwargs):
        text = _plain(value)
        if not text:
            return ""
        if text in self.choices.values:
            return text
        value = self._labels().get(fold(text))
        if value is None:
            raise ValueError(
                gettext("“%(value)s” is not one of: %(choices)s.")
                % {"value": text, "choices": ", ".join(self.choices.values)}
            )
        return value

    def render(self, value, obj=None, **kwargs):
        return value or ""


class LabelWidget(widgets.Widget):
    """Export-only: the human label of a choice (the state column)."""

    def __init__(self, choices, **kwargs):
        super().__init__(**kwargs)
        self.choices = choices

    def render(self, value, obj=None, **kwargs):
        return str(self.choices(value).label) if value in self.choices.values else (value or "")


class DayWidget(widgets.DateWidget):
    """Dates as dd/mm/yyyy (also ISO); Excel date cells arrive as datetimes."""

    INPUT_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y")

    def __init__(self, **kwargs):
        super().__init__(format="%d/%m/%Y", **kwargs)
        self.formats = self.INPUT_FORMATS

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, str):
            value = value.strip()
        try:
            return super().clean(value, row=row, **kwargs)
        except ValueError:
            raise ValueError(
                gettext("“%(value)s” is not a date; write it as dd/mm/yyyy.") % {"value": value}
            ) from None


class AmountWidget(widgets.NumberWidget):
    """Numbers as officials type them: 250.000.000 or 1.234,5 (Vietnamese), 1,234.5, 1234."""

    VI_GROUPED = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$")
    EN_GROUPED = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$")

    def __init__(self, *, integer=False, **kwargs):
        super().__init__(**kwargs)
        self.integer = integer

    def clean(self, value, row=None, **kwargs):
        if self.is_empty(value):
            return None
        text = str(value).strip().replace("\u00a0", "").replace(" ", "")
        if self.VI_GROUPED.match(text):
            text = text.replace(".", "").replace(",", ".")
        elif self.EN_GROUPED.match(text):
            text = text.replace(",", "")
        elif text.count(",") == 1 and "." not in text:
            text = text.replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            number = None
        if (
            number is None
            or not number.is_finite()
            or (self.integer and number != number.to_integral_value())
        ):
            raise ValueError(gettext("“%(value)s” is not a valid number.") % {"value": value})
        return int(number) if self.integer else number


class CodeForeignKeyWidget(widgets.ForeignKeyWidget):
    """A foreign key written as the related row's code; an unknown code is a row error."""

    def clean(self, value, row=None, **kwargs):
        code = _plain(value)
        if not code:
            return None
        try:
            return super().clean(code, row=row, **kwargs)
        except self.model.DoesNotExist:
            raise ValueError(
                gettext("No %(model)s has the code “%(code)s”.")
                % {"model": self.model._meta.verbose_name, "code": code}
            ) from None

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return getattr(value, self.field) or ""


def verbose(model, name):
    return capfirst(model._meta.get_field(name).verbose_name)


class VinhDanhResource(resources.ModelResource):
    """Shared behaviour: translated headers, header aliases, validation, all-or-nothing."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        model = self._meta.model
        for name, field in self.fields.items():
            if field.column_name == name and field.attribute:
                field.column_name = verbose(model, field.attribute)
            field.column_name = str(capfirst(field.column_name))

    def _header_aliases(self):
        """Folded header text → the column name this resource reads, for every language."""
        aliases = {}
        model = self._meta.model
        for name, field in self.fields.items():
            names = {name, field.attribute or name, field.column_name}
            declared = type(self).fields[name].column_name
            for code, _label in settings.LANGUAGES:
                with translation.override(code):
                    if declared and declared != name:
                        names.add(str(capfirst(declared)))
                    elif field.attribute:
                        names.add(str(verbose(model, field.attribute)))
            for alias in names:
                aliases[fold(alias)] = field.column_name
        return aliases

    def before_import(self, dataset, **kwargs):
        aliases = self._header_aliases()
        dataset.headers = [
            aliases.get(fold(_plain(header)), _plain(header)) for header in dataset.headers or []
        ]
        super().before_import(dataset, **kwargs)

    def import_data(self, dataset, **kwargs):
        # One bad row must write nothing: validation errors roll back like exceptions.
        kwargs["rollback_on_validation_errors"] = True
        kwargs.setdefault("use_transactions", True)
        return super().import_data(dataset, **kwargs)

    def get_instance(self, instance_loader, row):
        try:
            return super().get_instance(instance_loader, row)
        except ValueError as error:
            raise ValidationError(str(error)) from None


class AdminUnitResource(VinhDanhResource):
    """Administrative units by code; parent and successor are codes of other units.

    A parent or successor must exist already or appear in an earlier row of the file.
    """

    code = fields.Field(attribute="code", widget=TextWidget())
    name = fields.Field(attribute="name", widget=TextWidget())
    kind = fields.Field(attribute="kind", widget=ChoiceWidget(UnitKind))
    parent = fields.Field(
        attribute="parent",
        column_name=_("parent unit code"),
        widget=CodeForeignKeyWidget(AdminUnit, field="code"),
    )
    region = fields.Field(attribute="region", widget=ChoiceWidget(Region))
    valid_from = fields.Field(attribute="valid_from", widget=DayWidget())
    valid_to = fields.Field(attribute="valid_to", widget=DayWidget())
    successor = fields.Field(
        attribute="successor",
        column_name=_("successor unit code"),
        widget=CodeForeignKeyWidget(AdminUnit, field="code"),
    )

    class Meta:
        model = AdminUnit
        fields = ("code", "name", "kind", "parent", "region", "valid_from", "valid_to", "successor")
        import_id_fields = ["code"]
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        name = _("Administrative units")

    def get_queryset(self):
        return AdminUnit.objects.select_related("parent", "successor")


class DossierResource(VinhDanhResource):
    """Product dossiers by round code and dossier code.

    New rows start as drafts owned by the facility's account; an empty dossier code takes
    the round's next free code. The state is exported for reading and never imported: only
    the workflow changes it. Dossiers past the draft or returned state cannot be changed by
    import (unchanged rows are skipped, so an export imports back cleanly).
    """

    award_round = fields.Field(
        attribute="award_round",
        column_name=_("round code"),
        widget=CodeForeignKeyWidget(AwardRound, field="code"),
    )
    code = fields.Field(attribute="code", widget=TextWidget())
    title = fields.Field(attribute="title", widget=TextWidget())
    product_group = fields.Field(attribute="product_group", widget=ChoiceWidget(ProductGroup))
    facility = fields.Field(
        attribute="facility",
        column_name=_("facility registration number"),
        widget=CodeForeignKeyWidget(Facility, field="registration_number"),
    )
    description = fields.Field(attribute="description", widget=TextWidget())
    raw_materials = fields.Field(attribute="raw_materials", widget=TextWidget())
    annual_revenue = fields.Field(attribute="annual_revenue", widget=AmountWidget())
    jobs = fields.Field(attribute="jobs", widget=AmountWidget(integer=True))
    # protected FSM field: importing it would fail, and only run_transition may change it
    state = fields.Field(attribute="state", readonly=True, widget=LabelWidget(DossierState))

    class Meta:
        model = Dossier
        fields = (
            "award_round", "code", "title", "product_group", "facility", "description",
            "raw_materials", "annual_revenue", "jobs", "state",
        )  # fmt: skip
        import_id_fields = ["award_round", "code"]
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        name = _("Product dossiers")

    def get_queryset(self):
        return Dossier.objects.select_related("award_round", "facility")

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        award_round = instance.award_round if instance.award_round_id else None
        if award_round is not None and award_round.family != Family.PRODUCT:
            errors.setdefault(NON_FIELD_ERRORS, []).append(
                gettext("Round “%(round)s” is not a product round.") % {"round": award_round.code}
            )
        if instance.pk and instance.state not in EDITABLE_STATES:
            errors.setdefault(NON_FIELD_ERRORS, []).append(
                gettext(
                    "Dossier %(code)s is “%(state)s”; only draft or returned dossiers can be "
                    "changed by import."
                )
                % {"code": instance.code, "state": DossierState(instance.state).label}
            )
        if self._meta.clean_model_instances:
            # "state" is protected: full_clean would try to assign it and fail.
            # "code" may still be empty here; it is allocated just before saving.
            exclude = {*errors, "state"} | ({"code"} if not instance.code else set())
            try:
                instance.full_clean(exclude=exclude, validate_unique=validate_unique)
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def before_save_instance(self, instance, row, **kwargs):
        if not instance.code:
            instance.code = next_dossier_code(instance.award_round)
        if instance.pk is None and instance.owner_id is None and instance.facility_id:
            instance.owner_id = instance.facility.owner_id
