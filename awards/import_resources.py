"""Import resources of the secretariat's pages: a round's dossiers (registering the
facilities a list names) and administrative units, both reading fixed Vietnamese headers.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields

from awards.accounts import facility_with_registration_number, normalise_registration_number
from awards.enums import LOCAL_KINDS, FacilityType, ProductGroup
from awards.models import AdminUnit, Dossier, Facility
from awards.resources import (
    AdminUnitResource,
    ChoiceWidget,
    DossierResource,
    TextWidget,
    _plain,
)
from awards.text import fold

#: The template's fixed Vietnamese headers: the exchange format officials fill in, the same
#: whatever the interface language (like the motto block of official documents). Imports
#: also accept the translated column names and the field names.
VI_HEADERS = {
    "award_round": "Mã đợt bình chọn",
    "code": "Mã hồ sơ",
    "title": "Tên sản phẩm",
    "product_group": "Nhóm sản phẩm",
    "facility": "Mã số đăng ký kinh doanh",
    "facility_name": "Tên cơ sở",
    "facility_type": "Loại hình cơ sở",
    "commune": "Mã xã/phường",
    "street_address": "Địa chỉ",
    "representative": "Người đại diện",
    "facility_phone": "Điện thoại",
    "facility_email": "Thư điện tử",
    "description": "Mô tả sản phẩm",
    "raw_materials": "Nguyên liệu và nguồn gốc",
    "annual_revenue": "Doanh thu năm (đồng)",
    "jobs": "Số lao động",
    "state": "Trạng thái",
}
UNIT_VI_HEADERS = {
    "code": "Mã đơn vị",
    "name": "Tên đơn vị",
    "kind": "Loại đơn vị",
    "parent": "Mã đơn vị cấp trên",
    "region": "Vùng",
    "valid_from": "Hiệu lực từ",
    "valid_to": "Hiệu lực đến",
    "successor": "Mã đơn vị kế thừa",
}


# --- the round's dossier resource -----------------------------------------------------------


def _with_vi_aliases(resource, headers, aliases):
    for name, vi_header in headers.items():
        if name in resource.fields:
            aliases[fold(vi_header)] = resource.fields[name].column_name
    return aliases


class RoundDossierResource(DossierResource):
    """``DossierResource`` for one round, able to register the facility a row names.

    The round column may be left empty (the page's round is used); another round's code
    is a row error. A registration number that no facility has yet creates the facility
    from the row's facility columns; one already registered must name the same facility.
    """

    facility_name = fields.Field(column_name=gettext_lazy("facility name"), widget=TextWidget())
    facility_type = fields.Field(
        column_name=gettext_lazy("facility type"), widget=ChoiceWidget(FacilityType)
    )
    commune = fields.Field(column_name=gettext_lazy("commune or ward code"), widget=TextWidget())
    street_address = fields.Field(column_name=gettext_lazy("street address"), widget=TextWidget())
    representative = fields.Field(column_name=gettext_lazy("representative"), widget=TextWidget())
    facility_phone = fields.Field(
        column_name=gettext_lazy("facility phone number"), widget=TextWidget()
    )
    facility_email = fields.Field(
        column_name=gettext_lazy("facility e-mail address"), widget=TextWidget()
    )

    class Meta(DossierResource.Meta):
        fields = (
            "award_round", "code", "title", "product_group", "facility", "facility_name",
            "facility_type", "commune", "street_address", "representative", "facility_phone",
            "facility_email", "description", "raw_materials", "annual_revenue", "jobs", "state",
        )  # fmt: skip

    def __init__(self, *, award_round, sheet_rows=None, **kwargs):
        super().__init__(**kwargs)
        self.award_round = award_round
        self.sheet_rows = sheet_rows
        self._row_errors = {}
        self._numbers_seen = {}  # registration number -> (folded facility name, sheet row)
        self._products_seen = {}  # (registration number, folded title) -> sheet row

    def get_queryset(self):
        return super().get_queryset().filter(award_round=self.award_round)

    def column(self, name):
        return self.fields[name].column_name

    def sheet_row(self, row_number):
        if self.sheet_rows and 0 < row_number <= len(self.sheet_rows):
            return self.sheet_rows[row_number - 1]
        return row_number + 1

    def _header_aliases(self):
        return _with_vi_aliases(self, VI_HEADERS, super()._header_aliases())

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        # Both identify a row; a template without them still imports (new codes, this round).
        for name in ("award_round", "code"):
            if self.column(name) not in dataset.headers:
                dataset.append_col([""] * len(dataset), header=self.column(name))

    # export: the facility's columns

    def _facility_value(self, dossier, attribute):
        facility = dossier.facility
        return getattr(facility, attribute) if facility is not None else ""

    def dehydrate_facility_name(self, dossier):
        return self._facility_value(dossier, "name")

    def dehydrate_facility_type(self, dossier):
        return self._facility_value(dossier, "facility_type")

    def dehydrate_commune(self, dossier):
        facility = dossier.facility
        return facility.unit.code if facility is not None else ""

    def dehydrate_street_address(self, dossier):
        return self._facility_value(dossier, "street_address")

    def dehydrate_representative(self, dossier):
        return self._facility_value(dossier, "representative")

    def dehydrate_facility_phone(self, dossier):
        return self._facility_value(dossier, "phone")

    def dehydrate_facility_email(self, dossier):
        return self._facility_value(dossier, "email")

    # import: round, facility and duplicates, checked before the row's fields

    def before_import_row(self, row, **kwargs):
        super().before_import_row(row, **kwargs)
        errors = {}
        self._fix_round(row, errors)
        self._resolve_facility(row, errors, self.sheet_row(kwargs.get("row_number", 0)))
        self._row_errors[kwargs.get("row_number")] = errors

    def _fix_round(self, row, errors):
        column = self.column("award_round")
        given = _plain(row.get(column))
        if given and given != self.award_round.code:
            errors["award_round"] = [
                _("This page imports into round “%(round)s”, not “%(given)s”.")
                % {"round": self.award_round.code, "given": given}
            ]
        row[column] = self.award_round.code

    def _resolve_facility(self, row, errors, sheet_row):
        column = self.column("facility")
        raw = _plain(row.get(column))
        if not raw:
            errors["facility"] = [_("Give the facility's registration or tax number.")]
            return
        try:
            number = normalise_registration_number(raw)
        except ValidationError as error:
            errors["facility"] = list(error.messages)
            return
        name = _plain(row.get(self.column("facility_name")))
        seen = self._numbers_seen.get(number)
        facility = facility_with_registration_number(number)
        if seen and name and fold(name) != seen[0]:
            errors["facility"] = [
                _(
                    "Registration number %(number)s is given for another facility in row "
                    "%(row)d; one number belongs to one facility."
                )
                % {"number": number, "row": seen[1]}
            ]
            return
        if facility is not None and name and fold(name) != fold(facility.name):
            errors["facility"] = [
                _(
                    "Registration number %(number)s is already registered to “%(name)s”; "
                    "one number belongs to one facility."
                )
                % {"number": number, "name": facility.name}
            ]
            return
        if facility is None:
            facility = self._new_facility(row, number, name, errors)
        if facility is None:
            return
        row[column] = facility.registration_number
        self._numbers_seen.setdefault(number, (fold(facility.name), sheet_row))
        self._check_duplicate_product(row, facility, number, errors, sheet_row)

    def _new_facility(self, row, number, name, errors):
        """Create the facility a row describes (inside the import's transaction)."""
        values = {key: _plain(row.get(self.column(key))) for key in self._facility_columns()}
        for key in ("facility_name", "facility_type", "commune", "representative"):
            if not values[key]:
                errors[key] = [
                    _("Registration number %(number)s is not registered yet: fill in this column.")
                    % {"number": number}
                ]
        try:
            facility_type = (
                self.fields["facility_type"].clean(row) if values["facility_type"] else ""
            )
        except ValueError as error:
            errors["facility_type"] = [str(error)]
        unit = None
        if values["commune"]:
            unit = (
                AdminUnit.objects.current()
                .filter(kind__in=LOCAL_KINDS, code=values["commune"])
                .first()
            )
            if unit is None:
                errors["commune"] = [
                    _("No current commune or ward has the code “%(code)s”.")
                    % {"code": values["commune"]}
                ]
        if errors:
            return None
        facility = Facility(
            facility_type=facility_type, name=name, registration_number=number, unit=unit,
            street_address=values["street_address"], representative=values["representative"],
            phone=values["facility_phone"], email=values["facility_email"],
        )  # fmt: skip
        try:
            facility.full_clean(exclude=["owner"])
        except ValidationError as error:
            for key, messages in error.message_dict.items():
                errors[self._facility_error_key(key)] = messages
            return None
        facility.save()
        return facility

    def _facility_columns(self):
        return (
            "facility_name", "facility_type", "commune", "street_address", "representative",
            "facility_phone", "facility_email",
        )  # fmt: skip

    @staticmethod
    def _facility_error_key(key):
        return {
            "name": "facility_name", "unit": "commune", "phone": "facility_phone",
            "email": "facility_email", "registration_number": "facility",
        }.get(key, key)  # fmt: skip

    def _check_duplicate_product(self, row, facility, number, errors, sheet_row):
        title = fold(_plain(row.get(self.column("title"))))
        if not title:
            return
        earlier = self._products_seen.get((number, title))
        if earlier is not None:
            errors["title"] = [
                _("Row %(row)d already lists this product of this facility.") % {"row": earlier}
            ]
            return
        self._products_seen[(number, title)] = sheet_row
        code = _plain(row.get(self.column("code")))
        twins = Dossier.objects.filter(award_round=self.award_round, facility=facility)
        for other_code, other_title in twins.exclude(code=code).values_list("code", "title"):
            if fold(other_title) == title:
                errors["title"] = [
                    _("Dossier %(code)s of this round is already this product of this facility.")
                    % {"code": other_code}
                ]
                return

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        before = self._row_errors.pop(kwargs.get("row_number"), {})
        if before:
            # the facility problem explains itself; the widget's "no facility" adds nothing
            errors.pop("facility", None)
            for key, messages in before.items():
                errors[key] = messages
        if errors:
            raise ValidationError(errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        if not instance.title and "title" not in errors:
            errors["title"] = [_("Give the product's name.")]
        if not instance.product_group and "product_group" not in errors:
            errors["product_group"] = [
                _("Give the product group: %(groups)s.")
                % {"groups": ", ".join(ProductGroup.values)}
            ]
        super().validate_instance(instance, errors, validate_unique)


class UnitResourceWithVietnameseHeaders(AdminUnitResource):
    """``AdminUnitResource`` that also reads the template's Vietnamese headers."""

    class Meta(AdminUnitResource.Meta):
        pass

    def __init__(self, *, sheet_rows=None, **kwargs):
        super().__init__(**kwargs)
        self.sheet_rows = sheet_rows

    def _header_aliases(self):
        return _with_vi_aliases(self, UNIT_VI_HEADERS, super()._header_aliases())
