"""Admin for dossiers: workflow buttons, uploads, revisions and the transition log.

The buttons come from django-fsm's ``FSMAdminMixin``, but every click goes through
``awards.workflow.run_transition``: the single place that checks roles, notes and guards,
changes the state and writes the log. A button is shown when the state and the person's
role allow the step; the remaining guards (documents, photos, deadlines) are checked on
click, so a refusal explains exactly what is missing.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_fsm.admin import FSMAdminMixin, FSMObjectTransition, FSMTransitionContext

from awards import guards
from awards.admin.base import ReadOnlyAdminMixin, ReadOnlyInline, SpreadsheetMixin
from awards.admin.transition_forms import ReasonForm, ReturnForSupplementForm
from awards.enums import DossierState
from awards.errors import TransitionRefused
from awards.models import Document, Dossier, DossierRevision, DossierTransition, Photo
from awards.resources import DossierResource
from awards.workflow import (
    action_names,
    available_actions,
    run_transition,
    transition_label,
    transition_meta,
)

#: Guards that decide whether a step belongs to the dossier's family at all: a step whose
#: family guard fails is not offered (a product dossier never shows "Open voting").
FAMILY_GUARDS = (guards.is_product_dossier, guards.is_artisan_dossier)

WORKFLOW_FIELDS = [
    "submitted_at",
    "last_submitted_at",
    "supplement_deadline",
    "state_changed_at",
    "created_at",
    "updated_at",
]


def offered_actions(*, dossier, user):
    """Steps to show as buttons: allowed by state and role, and fitting the family."""
    offered = []
    for action in available_actions(dossier=dossier, user=user):
        spec = transition_meta(action).get_transition(dossier.state)
        if all(condition(dossier) for condition in spec.conditions if condition in FAMILY_GUARDS):
            offered.append(action)
    return offered


def image_preview(photo, height=96):
    image = photo.thumbnail or photo.image
    if not image:
        return "—"
    return format_html(
        '<a href="{}"><img src="{}" alt="{}" height="{}" loading="lazy"></a>',
        photo.image.url,
        image.url,
        photo.caption,
        height,
    )


class DocumentInline(ReadOnlyInline):
    model = Document
    fields = ["requirement", "original_name", "size", "uploaded_at", "superseded_at"]
    readonly_fields = fields


class PhotoInline(admin.TabularInline):
    """Captions and order may be corrected; new photos come through the upload service."""

    model = Photo
    extra = 0
    fields = ["preview", "caption", "order"]
    readonly_fields = ["preview"]
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("preview"))
    def preview(self, photo):
        return image_preview(photo)


class DossierRevisionInline(ReadOnlyInline):
    model = DossierRevision
    fields = ["number", "submitted_at", "submitted_by", "document_count"]
    readonly_fields = fields

    @admin.display(description=_("documents"))
    def document_count(self, revision):
        return revision.documents.count()


class DossierTransitionInline(ReadOnlyInline):
    model = DossierTransition
    fields = ["at", "step", "source", "target", "by", "note"]
    readonly_fields = fields
    show_change_link = False

    @admin.display(description=_("action"))
    def step(self, log):
        return transition_label(log.name)


@admin.register(Dossier)
class DossierAdmin(SpreadsheetMixin, FSMAdminMixin, admin.ModelAdmin):
    resource_classes = [DossierResource]
    fsm_fields = ["state"]
    fsm_forms = {"return_for_supplement": ReturnForSupplementForm}
    list_display = [
        "code",
        "title",
        "applicant",
        "award_round",
        "product_group",
        "state",
        "last_submitted_at",
    ]
    list_filter = [
        "state",
        "award_round__family",
        "award_round__level",
        "award_round__year",
        "product_group",
    ]
    # The search box searches the folded search_text (see get_search_results).
    search_fields = ["code"]
    search_help_text = _(
        "Code, name, facility, candidate or commune; accents are optional "
        "(“gom bien hoa” finds “Gốm Biên Hòa”)."
    )
    list_select_related = ["award_round", "facility", "artisan"]
    autocomplete_fields = ["award_round", "facility", "artisan"]
    raw_id_fields = ["owner", "source"]
    inlines = [PhotoInline, DocumentInline, DossierRevisionInline, DossierTransitionInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "award_round",
                    "code",
                    "state",
                    "title",
                    "owner",
                    "facility",
                    "artisan",
                    "source",
                ],
            },
        ),
        (
            _("Product"),
            {
                "fields": [
                    "product_group",
                    "is_product_set",
                    "description",
                    "raw_materials",
                    "production_capacity",
                    "annual_revenue",
                    "jobs",
                    "markets",
                    "standards",
                ],
            },
        ),
        (
            _("Candidate"),
            {
                "fields": [
                    "title_sought",
                    "craft",
                    "years_in_craft",
                    "works",
                    "works_count",
                    "prizes",
                    "trainees_count",
                    "titles_held",
                ],
            },
        ),
        (_("Declarations"), {"fields": ["declarations"]}),
        (_("Workflow"), {"fields": [*WORKFLOW_FIELDS, "paper_received_at"]}),
    ]

    fsm_transition_not_allowed_msg = _("You may not take this step on this dossier.")

    @admin.display(description=_("applicant"))
    def applicant(self, dossier):
        return dossier.applicant or "—"

    def get_readonly_fields(self, request, obj=None):
        readonly = [*super().get_readonly_fields(request, obj), *WORKFLOW_FIELDS]
        if obj is not None:
            # Moving a dossier between rounds or renumbering it would break its history.
            readonly += ["award_round", "code"]
        return readonly

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        return queryset.search(search_term), False

    # --- workflow buttons -------------------------------------------------------------

    @staticmethod
    def get_fsm_block_label(fsm_field_name):
        return _("Workflow steps")

    def get_fsm_transition_form(self, transition):
        form = super().get_fsm_transition_form(transition)
        if form is None and transition.custom.get("note_required"):
            return ReasonForm
        return form

    def get_help_text(self, transition):
        """Shown above the reason form."""
        return transition.custom.get("help_text") or _(
            "The step is recorded in the dossier's history with your name and this reason."
        )

    def _get_fsm_extra_context(self, *, request, obj):
        """Buttons for the steps the person may take now (see ``offered_actions``)."""
        if obj is None:
            return
        buttons = []
        for name in offered_actions(dossier=obj, user=request.user):
            spec = transition_meta(name).get_transition(obj.state)
            help_text = (
                _("Asks for a written reason first.") if self.get_fsm_transition_form(spec) else ""
            )
            buttons.append(
                FSMTransitionContext(name=name, label=transition_label(name), help_text=help_text)
            )
        if buttons:
            yield FSMObjectTransition(
                fsm_field="state",
                block_label=self.get_fsm_block_label("state"),
                available_transitions=buttons,
            )

    def _apply_fsm_transition(self, *, obj, transition_name, request, kwargs=None):
        """Run the step through the workflow service; a refusal becomes an error message."""
        params = dict(kwargs or {})
        note = params.pop("note", "")
        try:
            dossier = run_transition(
                dossier=obj, action=transition_name, by=request.user, note=note, **params
            )
        except TransitionRefused as error:
            self.message_user(request, str(error), level=messages.ERROR)
            return False
        self.message_user(
            request,
            gettext("“%(action)s” done: the dossier is now “%(state)s”.")
            % {
                "action": transition_label(transition_name),
                "state": DossierState(dossier.state).label,
            },
            level=messages.SUCCESS,
        )
        return True

    def response_change(self, request, obj):
        name = request.POST.get(self.fsm_post_param)
        if name and name not in action_names():
            self.message_user(
                request,
                gettext("Unknown action “%(action)s”.") % {"action": name},
                level=messages.ERROR,
            )
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    def fsm_transition_view(self, request, object_id, transition_name, **kwargs):
        if transition_name not in action_names():
            raise Http404
        if not self.has_change_permission(request):
            raise PermissionDenied
        return super().fsm_transition_view(request, object_id, transition_name, **kwargs)


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "original_name",
        "dossier",
        "requirement",
        "size",
        "uploaded_at",
        "superseded_at",
    ]
    list_filter = ["requirement__level", "uploaded_at"]
    search_fields = ["original_name", "dossier__code", "sha256"]
    list_select_related = ["dossier", "requirement"]
    raw_id_fields = ["dossier", "requirement", "uploaded_by"]


@admin.register(Photo)
class PhotoAdmin(admin.ModelAdmin):
    list_display = ["preview", "caption", "dossier", "order", "uploaded_at"]
    search_fields = ["caption", "dossier__code"]
    list_select_related = ["dossier"]
    fields = ["dossier", "preview", "caption", "order", "sha256", "uploaded_at"]
    readonly_fields = ["dossier", "preview", "sha256", "uploaded_at"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("preview"))
    def preview(self, photo):
        return image_preview(photo)


@admin.register(DossierRevision)
class DossierRevisionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["dossier", "number", "submitted_at", "submitted_by"]
    search_fields = ["dossier__code"]
    list_select_related = ["dossier", "submitted_by"]
    raw_id_fields = ["dossier", "submitted_by"]


@admin.register(DossierTransition)
class DossierTransitionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["dossier", "step", "source", "target", "by", "at"]
    list_filter = ["target", "name", "at"]
    search_fields = ["dossier__code", "note", "by__username"]
    list_select_related = ["dossier", "by"]
    date_hierarchy = "at"

    @admin.display(description=_("action"), ordering="name")
    def step(self, log):
        return transition_label(log.name)
