"""Admin for the review trail, round events, e-mail templates and the outbox."""

from django.contrib import admin

from awards.admin.base import ReadOnlyAdminMixin
from awards.models import (
    Certificate,
    ConsultationComment,
    Decision,
    DocumentVerdict,
    Holiday,
    ListEntry,
    MailTemplate,
    OutboundMail,
    ResultList,
    RoundEvent,
    SupplementRequest,
)


@admin.register(DocumentVerdict)
class DocumentVerdictAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["dossier", "requirement", "verdict", "note", "by", "at"]
    list_filter = ["verdict"]
    search_fields = ["dossier__code", "dossier__title", "note"]
    list_select_related = ["dossier", "requirement", "by"]


@admin.register(SupplementRequest)
class SupplementRequestAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["dossier", "created_at", "deadline", "created_by", "answered_at"]
    search_fields = ["dossier__code", "dossier__title", "message"]
    list_select_related = ["dossier", "created_by"]


@admin.register(RoundEvent)
class RoundEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["award_round", "action", "by", "at", "note"]
    list_filter = ["action"]
    search_fields = ["award_round__name", "action", "note"]
    list_select_related = ["award_round", "by"]


@admin.register(MailTemplate)
class MailTemplateAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "subject", "updated_at"]
    search_fields = ["code", "name", "subject", "body"]
    readonly_fields = ["placeholders"]


@admin.register(OutboundMail)
class OutboundMailAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["sent_at", "to", "subject", "template_code", "status"]
    list_filter = ["status", "template_code"]
    search_fields = ["to", "subject", "dossier__code"]
    list_select_related = ["dossier", "award_round"]


class ListEntryInline(admin.TabularInline):
    model = ListEntry
    extra = 0
    fields = ["position", "dossier", "score", "proposed", "included", "reason", "merged_into"]
    raw_id_fields = ["dossier", "merged_into"]


@admin.register(ResultList)
class ResultListAdmin(admin.ModelAdmin):
    list_display = ["award_round", "prepared_at", "approved_at", "approved_by"]
    list_select_related = ["award_round", "approved_by"]
    inlines = [ListEntryInline]


@admin.register(ListEntry)
class ListEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["result_list", "position", "dossier", "score", "included"]
    search_fields = ["dossier__code", "dossier__title"]
    list_select_related = ["result_list__award_round", "dossier"]


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["number", "award_round", "signed_on", "signer_name", "recorded_by"]
    search_fields = ["number", "award_round__name"]
    list_select_related = ["award_round", "recorded_by"]


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["number", "dossier", "issued_on", "valid_until", "revoked_at"]
    search_fields = ["number", "dossier__code", "dossier__title"]
    list_select_related = ["dossier"]


@admin.register(ConsultationComment)
class ConsultationCommentAdmin(admin.ModelAdmin):
    list_display = ["award_round", "name", "created_at", "resolved_at"]
    search_fields = ["name", "content", "award_round__name"]
    list_select_related = ["award_round"]
    raw_id_fields = ["dossier"]


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ["day", "name"]
    search_fields = ["name"]
