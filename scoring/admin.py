"""Admin for councils, juries and score sheets.

Score sheets are read-only here: sheets are entered, submitted and corrected through the
scoring service, which recomputes the total and records every correction.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from awards.admin.base import ReadOnlyAdminMixin, ReadOnlyInline
from scoring.aggregation import from_cents
from scoring.conflicts import refresh_exclusions
from scoring.models import (
    Assignment,
    BallotBox,
    BallotReceipt,
    Conflict,
    DossierTally,
    Panel,
    PanelMember,
    ResultSnapshot,
    ScoreLine,
    ScoreLineChange,
    ScoreSheet,
    SheetReopening,
    Vote,
)
from scoring.points import format_points
from scoring.tally import Gathered


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


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["member", "dossier", "assigned_by", "created_at"]
    search_fields = ["dossier__code", "dossier__title", "member__user__full_name"]
    raw_id_fields = ["member", "dossier"]
    list_select_related = ["member__user", "dossier", "assigned_by"]


@admin.register(Conflict)
class ConflictAdmin(admin.ModelAdmin):
    list_display = ["member", "dossier", "facility", "artisan", "declared_by", "created_at"]
    search_fields = ["member__user__full_name", "dossier__code", "facility__name", "reason"]
    raw_id_fields = ["member", "dossier", "facility", "artisan"]
    list_select_related = ["member__user", "dossier", "facility", "artisan", "declared_by"]

    # A conflict recorded or removed here changes which sheets count: flag the round's sheets
    # and rebuild its tallies as ``declare_conflict`` does.
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        refresh_exclusions(award_round=obj.member.panel.award_round)

    def delete_model(self, request, obj):
        award_round = obj.member.panel.award_round
        super().delete_model(request, obj)
        refresh_exclusions(award_round=award_round)

    def delete_queryset(self, request, queryset):
        rounds = {conflict.member.panel.award_round for conflict in queryset}
        super().delete_queryset(request, queryset)
        for award_round in rounds:
            refresh_exclusions(award_round=award_round)


@admin.register(SheetReopening)
class SheetReopeningAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["sheet", "reason", "by", "at", "previous_total"]
    search_fields = ["sheet__dossier__code", "reason"]
    list_select_related = ["sheet__dossier", "sheet__member__user", "by"]


@admin.register(ScoreLineChange)
class ScoreLineChangeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["sheet", "criterion", "old_points", "new_points", "changed_by", "changed_at"]
    search_fields = ["sheet__dossier__code", "criterion__code"]
    list_select_related = ["sheet__dossier", "sheet__member__user", "criterion", "changed_by"]


@admin.register(DossierTally)
class DossierTallyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Derived data: shown decoded, rebuilt with ``manage.py rebuild_tallies``."""

    list_display = ["dossier", "sheet_count", "totals", "refreshed_at"]
    search_fields = ["dossier__code"]
    list_select_related = ["dossier"]
    fields = ["dossier", "sheet_count", "totals", "judges", "group_sums", "refreshed_at"]
    readonly_fields = fields

    def _gathered(self, obj):
        return Gathered.unpacked(obj.sheet_count, obj.packed, obj.group_codes)

    @admin.display(description=_("totals (points, ascending)"))
    def totals(self, obj):
        return ", ".join(format_points(from_cents(v)) for v in self._gathered(obj).totals)

    @admin.display(description=_("sheets and judges (seat ids)"))
    def judges(self, obj):
        gathered = self._gathered(obj)
        return ", ".join(
            f"{s}/{j}" for s, j in zip(gathered.sheet_ids, gathered.judge_ids, strict=True)
        )

    @admin.display(description=_("group sums (points)"))
    def group_sums(self, obj):
        gathered = self._gathered(obj)
        codes = gathered.group_codes.split(",") if gathered.group_codes else []
        return ", ".join(
            f"{code}: {format_points(from_cents(value))}"
            for code, value in zip(codes, gathered.group_sums, strict=False)
        )


@admin.register(ResultSnapshot)
class ResultSnapshotAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["award_round", "created_at", "created_by", "chain_head", "missing_sheets"]
    search_fields = ["award_round__name", "chain_head"]
    list_select_related = ["award_round", "created_by"]


@admin.register(BallotBox)
class BallotBoxAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["panel", "opened_at", "closed_at", "opened_by"]
    list_select_related = ["panel", "opened_by"]


@admin.register(BallotReceipt)
class BallotReceiptAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Who has voted on which candidate; how they voted is never linked to them."""

    list_display = ["box", "member", "dossier"]
    list_select_related = ["box__panel", "member__user", "dossier"]


@admin.register(Vote)
class VoteAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Votes carry no voter; while a ballot is open not even its choices are shown, so no
    running count can leak before the tally sheet."""

    list_display = ["box", "dossier", "choice"]
    list_filter = ["choice"]
    list_select_related = ["box__panel", "dossier"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(box__closed_at__isnull=False)
