"""Small admin building blocks shared by the awards and scoring admins."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX

from awards.text import fold


class FoldedSearchMixin:
    """Accent-insensitive search: "gom bien hoa" finds "Gốm Biên Hòa".

    Every word of the folded search term must occur in ``folded_search_field`` (a column
    that the model keeps folded with ``awards.text.fold``); rows matching the ordinary
    ``search_fields`` (codes, numbers) are kept as well. Autocomplete uses the same search.
    """

    folded_search_field = None
    search_help_text = _("Accents are optional: “gom bien hoa” finds “Gốm Biên Hòa”.")

    def get_search_results(self, request, queryset, search_term):
        words = fold(search_term).split()
        if not words or not self.folded_search_field:
            return super().get_search_results(request, queryset, search_term)
        matched, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        folded = queryset
        for word in words:
            folded = folded.filter(**{f"{self.folded_search_field}__contains": word})
        return matched | folded, may_have_duplicates


class ReadOnlyAdminMixin:
    """Records that only a service may write (logs, revisions, uploads): view, never edit."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(ReadOnlyAdminMixin, admin.TabularInline):
    extra = 0
    show_change_link = True


class SpreadsheetMixin(ImportExportMixin):
    """Import and export as Excel (or CSV); importing needs the add and change rights."""

    formats = [XLSX, CSV]

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request):
        return self.has_view_permission(request)
