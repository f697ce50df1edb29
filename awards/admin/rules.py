"""Admin for rule sets (criteria, checklist, eligibility checks) and award rounds."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from awards.models import AwardRound, Criterion, DocumentRequirement, EligibilityCheck, RuleSet
from awards.rulesets import criteria_problems


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0
    fields = ["order", "code", "name", "parent", "max_points", "description"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # A sub-criterion's group is a group of the same rule set.
        if db_field.name == "parent":
            rule_set_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Criterion.objects.filter(
                rule_set_id=rule_set_id, parent__isnull=True
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class DocumentRequirementInline(admin.TabularInline):
    model = DocumentRequirement
    extra = 0
    fields = ["order", "level", "code", "name", "mandatory", "accepted_kinds", "title"]


class EligibilityCheckInline(admin.TabularInline):
    model = EligibilityCheck
    extra = 0
    fields = ["order", "code", "kind", "label", "field", "minimum", "title"]


@admin.register(RuleSet)
class RuleSetAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "code",
        "version",
        "family",
        "is_preset",
        "evaluation_mode",
        "pass_mark",
    ]
    list_filter = ["is_preset", "family", "evaluation_mode"]
    search_fields = ["name", "code"]
    raw_id_fields = ["copied_from"]
    inlines = [CriterionInline, DocumentRequirementInline, EligibilityCheckInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        for problem in criteria_problems(form.instance):
            self.message_user(request, problem, level=messages.WARNING)


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "rule_set", "parent", "max_points", "order"]
    list_filter = ["rule_set__is_preset", "rule_set__family"]
    search_fields = ["code", "name", "rule_set__name", "rule_set__code"]
    raw_id_fields = ["rule_set", "parent"]
    list_select_related = ["rule_set", "parent"]


@admin.register(DocumentRequirement)
class DocumentRequirementAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "level", "mandatory", "rule_set", "order"]
    list_filter = ["level", "mandatory", "rule_set__is_preset"]
    search_fields = ["code", "name", "rule_set__name", "rule_set__code"]
    raw_id_fields = ["rule_set"]
    list_select_related = ["rule_set"]


@admin.register(EligibilityCheck)
class EligibilityCheckAdmin(admin.ModelAdmin):
    list_display = ["label", "code", "kind", "minimum", "title", "rule_set"]
    list_filter = ["kind", "rule_set__is_preset"]
    search_fields = ["code", "label", "rule_set__name", "rule_set__code"]
    raw_id_fields = ["rule_set"]
    list_select_related = ["rule_set"]


@admin.register(AwardRound)
class AwardRoundAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "code",
        "family",
        "level",
        "year",
        "organiser",
        "registration_opens",
        "registration_closes",
    ]
    list_filter = ["family", "level", "year"]
    search_fields = ["name", "code", "code_prefix"]
    autocomplete_fields = ["organiser", "unit", "parent", "rule_set"]
    list_select_related = ["organiser"]
    date_hierarchy = "registration_opens"
    fieldsets = [
        (None, {"fields": ["name", "code", "code_prefix", "family", "level", "year", "titles"]}),
        (_("Organisation"), {"fields": ["organiser", "unit", "region", "parent", "rule_set"]}),
        (
            _("Dates"),
            {
                "fields": [
                    "registration_opens",
                    "registration_closes",
                    "scoring_opens",
                    "scoring_closes",
                    "consultation_opens",
                    "consultation_closes",
                ],
            },
        ),
        (_("Plan"), {"fields": ["target_count", "budget", "description"]}),
    ]
