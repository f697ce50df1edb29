"""Admin for the review trail, round events, e-mail templates and the outbox."""

from django.contrib import admin

from awards.admin.base import ReadOnlyAdminMixin
from awards.models import (
    DocumentVerdict,
    MailTemplate,
    OutboundMail,
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
