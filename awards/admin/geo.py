"""Admin for administrative units, with spreadsheet import and export."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from awards.admin.base import FoldedSearchMixin, SpreadsheetMixin
from awards.models import AdminUnit
from awards.resources import AdminUnitResource


class CurrentUnitFilter(admin.SimpleListFilter):
    title = _("validity")
    parameter_name = "current"

    def lookups(self, request, model_admin):
        return [("yes", _("In force")), ("no", _("Merged or abolished"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(valid_to__isnull=True)
        if self.value() == "no":
            return queryset.filter(valid_to__isnull=False)
        return queryset


@admin.register(AdminUnit)
class AdminUnitAdmin(FoldedSearchMixin, SpreadsheetMixin, admin.ModelAdmin):
    resource_classes = [AdminUnitResource]
    list_display = [
        "code",
        "name",
        "kind",
        "parent",
        "region",
        "valid_from",
        "valid_to",
        "successor",
    ]
    list_filter = [CurrentUnitFilter, "kind", "region"]
    search_fields = ["code"]
    folded_search_field = "name_folded"
    autocomplete_fields = ["parent", "successor"]
    list_select_related = ["parent", "successor"]
    fields = ["code", "name", "kind", "parent", "region", "valid_from", "valid_to", "successor"]
