"""Admin for councils, juries and score sheets.

Score sheets are read-only here: sheets are entered, submitted and corrected through the
scoring service, which recomputes the total and records every correction.
"""

from django.contrib import admin

from awards.admin.base import ReadOnlyAdminMixin, ReadOnlyInline
from scoring.models import Panel, PanelMember, ScoreLine, ScoreSheet


class PanelMemberInline(admin.TabularInline):
    model = PanelMember
    extra = 0
    fields = ["user", "role", "title"]
    autocomplete_fields = ["user"]


@admin.register(Panel)
class PanelAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "award_round", "established_by"]
    list_filter = ["kind", "award_round__family", "award_round__year"]
    search_fields = ["name", "award_round__name", "award_round__code", "established_by"]
    autocomplete_fields = ["award_round"]
    list_select_related = ["award_round"]
    inlines = [PanelMemberInline]


@admin.register(PanelMember)
class PanelMemberAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "panel", "title"]
    list_filter = ["role", "panel__kind"]
    search_fields = ["user__username", "user__full_name", "panel__name", "title"]
    autocomplete_fields = ["panel", "user"]
    list_select_related = ["user", "panel"]


class ScoreLineInline(ReadOnlyInline):
    model = ScoreLine
    fields = ["criterion", "points", "max_points"]
    readonly_fields = fields
    show_change_link = False


@admin.register(ScoreSheet)
class ScoreSheetAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["dossier", "member", "status", "total", "submitted_at"]
    list_filter = ["status", "dossier__award_round"]
    search_fields = ["dossier__code", "dossier__title", "member__user__full_name"]
    list_select_related = ["dossier", "member__user"]
    inlines = [ScoreLineInline]


@admin.register(ScoreLine)
class ScoreLineAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["sheet", "criterion", "points", "max_points"]
    search_fields = ["sheet__dossier__code", "criterion__code"]
    list_select_related = ["sheet__dossier", "sheet__member__user", "criterion"]
