from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from awards import access, guards
from awards.enums import EDITABLE_STATES, DossierState, Market, ProductGroup, Title
from awards.text import fold, nfc, vi_sort_key

S = DossierState

#: States from which a dossier may still be withdrawn or disqualified.
WITHDRAWABLE = [S.DRAFT, S.SUBMITTED, S.RETURNED, S.ACCEPTED]
DISQUALIFIABLE = [
    S.SUBMITTED, S.RETURNED, S.ACCEPTED, S.IN_SCORING, S.SCORED,
    S.IN_CONSULTATION, S.VOTING, S.APPROVED,
]  # fmt: skip
SUBMIT_GUARDS = [
    guards.registration_window_open,
    guards.facts_complete,
    guards.mandatory_documents_present,
    guards.enough_photos,
    guards.eligible,
]
RESUBMIT_GUARDS = [
    guards.supplement_deadline_not_passed,
    guards.facts_complete,
    guards.mandatory_documents_present,
    guards.enough_photos,
    guards.eligible,
]


class DossierQuerySet(models.QuerySet):
    def owned_by(self, user):
        return self.filter(owner=user)

    def in_round(self, award_round):
        return self.filter(award_round=award_round)

    def search(self, text):
        """Accent-insensitive search over code, name, facility, candidate and commune."""
        words = fold(text).split()
        qs = self
        for word in words:
            qs = qs.filter(search_text__contains=word)
        return qs

    def vi_ordered(self):
        return self.order_by("title_sort", "code")


class Dossier(ConcurrentTransitionMixin, models.Model):
    """One product or product set, or one candidate, in one round.

    ``state`` is protected: only the transitions below change it, and only
    ``awards.workflow.run_transition`` calls them.
    """

    award_round = models.ForeignKey(
        "awards.AwardRound", models.PROTECT, related_name="dossiers", verbose_name=_("round")
    )
    code = models.CharField(_("dossier code"), max_length=30)
    state = FSMField(_("state"), default=S.DRAFT, choices=S.choices, protected=True, db_index=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
        related_name="dossiers", verbose_name=_("applicant account"),
    )  # fmt: skip
    facility = models.ForeignKey(
        "awards.Facility", models.PROTECT, null=True, blank=True, related_name="dossiers",
        verbose_name=_("facility"),
    )  # fmt: skip
    artisan = models.ForeignKey(
        "awards.Artisan", models.PROTECT, null=True, blank=True, related_name="dossiers",
        verbose_name=_("candidate"),
    )  # fmt: skip
    source = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="nominations",
        verbose_name=_("dossier at the lower level"),
    )  # fmt: skip
    title = models.CharField(_("product or candidate name"), max_length=255, blank=True)
    # product facts
    product_group = models.CharField(
        _("product group"), max_length=2, choices=ProductGroup.choices, blank=True
    )
    is_product_set = models.BooleanField(_("product set"), default=False)
    description = models.TextField(_("description"), blank=True)
    raw_materials = models.TextField(_("raw materials and their origin"), blank=True)
    production_capacity = models.CharField(_("production capacity"), max_length=255, blank=True)
    annual_revenue = models.DecimalField(
        _("annual revenue (VND)"), max_digits=15, decimal_places=0, null=True, blank=True
    )
    jobs = models.PositiveIntegerField(_("jobs created"), null=True, blank=True)
    markets = models.JSONField(_("markets"), default=list, blank=True)
    standards = models.TextField(_("standards and certificates held"), blank=True)
    # artisan facts
    title_sought = models.CharField(
        _("title applied for"), max_length=30, choices=Title.choices, blank=True
    )
    craft = models.CharField(_("craft"), max_length=150, blank=True)
    years_in_craft = models.PositiveSmallIntegerField(
        _("years in the craft"), null=True, blank=True
    )
    works = models.TextField(_("works"), blank=True)
    works_count = models.PositiveIntegerField(_("number of works"), null=True, blank=True)
    prizes = models.TextField(_("prizes"), blank=True)
    trainees_count = models.PositiveIntegerField(_("people taught"), null=True, blank=True)
    titles_held = models.TextField(_("titles held"), blank=True)
    declarations = models.JSONField(_("declarations"), default=dict, blank=True)
    # workflow facts
    submitted_at = models.DateTimeField(_("first submitted"), null=True, blank=True)
    last_submitted_at = models.DateTimeField(_("last submitted"), null=True, blank=True)
    supplement_deadline = models.DateTimeField(_("supplement deadline"), null=True, blank=True)
    paper_received_at = models.DateTimeField(_("paper set received"), null=True, blank=True)
    state_changed_at = models.DateTimeField(_("state changed"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # denormalised for Vietnamese ordering and accent-insensitive search
    title_sort = models.CharField(max_length=1000, editable=False, db_index=True)
    search_text = models.TextField(editable=False, blank=True)

    objects = DossierQuerySet.as_manager()

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["award_round", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["award_round", "code"], name="dossier_code_unique_in_round"
            ),
            models.CheckConstraint(
                condition=Q(facility__isnull=True) | Q(artisan__isnull=True),
                name="dossier_one_applicant_kind",
            ),
        ]
        indexes = [models.Index(fields=["award_round", "state"], name="dossier_round_state")]

    def __str__(self):
        return f"{self.code} · {self.title or _('(untitled)')}"

    def save(self, *args, **kwargs):
        self.title = nfc(self.title)
        self.refresh_search_fields()
        super().save(*args, **kwargs)

    def refresh_search_fields(self):
        parts = [self.code, self.title, self.craft]
        for applicant in (self.facility, self.artisan):
            if applicant is not None:
                parts += [str(applicant), applicant.unit.name if applicant.unit_id else ""]
        self.title_sort = vi_sort_key(self.title)
        self.search_text = fold(" ".join(p for p in parts if p))

    # --- reads the guards and pages need -------------------------------------------------

    @property
    def applicant(self):
        return self.facility or self.artisan

    @property
    def is_editable(self):
        return self.state in EDITABLE_STATES

    def required_documents(self):
        award_round = self.award_round
        qs = award_round.rule_set.requirements.filter(level=award_round.level)
        return qs.filter(Q(title="") | Q(title=self.title_sought))

    def market_labels(self):
        return [Market(m).label for m in self.markets if m in Market.values]

    # --- transitions: the only writers of ``state`` (run through awards.workflow) ---------

    @transition(
        state, source=S.DRAFT, target=S.SUBMITTED, conditions=SUBMIT_GUARDS,
        permission=access.owner_may_act, custom={"label": _("Submit")},
    )  # fmt: skip
    def submit(self):
        self.submitted_at = self.last_submitted_at = timezone.now()

    @transition(
        state, source=S.DRAFT, target=S.SUBMITTED, conditions=[guards.is_nomination],
        permission=access.sending_or_receiving_secretariat_may_act,
        custom={"label": _("Receive the nomination")},
    )  # fmt: skip
    def receive_nomination(self):
        """A nominated dossier arrives complete from the level below: no applicant submit."""
        self.submitted_at = self.last_submitted_at = timezone.now()

    @transition(
        state, source=S.SUBMITTED, target=S.RETURNED, permission=access.secretariat_may_act,
        custom={"label": _("Return for supplement"), "note_required": True},
    )  # fmt: skip
    def return_for_supplement(self, deadline=None):
        self.supplement_deadline = deadline

    @transition(
        state, source=S.RETURNED, target=S.SUBMITTED, conditions=RESUBMIT_GUARDS,
        permission=access.owner_may_act, custom={"label": _("Resubmit")},
    )  # fmt: skip
    def resubmit(self):
        self.last_submitted_at = timezone.now()
        self.supplement_deadline = None

    @transition(
        state, source=S.SUBMITTED, target=S.ACCEPTED,
        conditions=[guards.facts_complete, guards.mandatory_documents_present, guards.enough_photos, guards.eligible],
        permission=access.secretariat_may_act, custom={"label": _("Accept")},
    )  # fmt: skip
    def accept(self):
        pass

    @transition(
        state, source=[S.SUBMITTED, S.RETURNED], target=S.REJECTED,
        permission=access.secretariat_may_act,
        custom={"label": _("Reject"), "note_required": True},
    )  # fmt: skip
    def reject(self):
        pass

    @transition(
        state, source=WITHDRAWABLE, target=S.WITHDRAWN, permission=access.owner_may_act,
        custom={"label": _("Withdraw")},
    )  # fmt: skip
    def withdraw(self):
        pass

    @transition(
        state, source=DISQUALIFIABLE, target=S.DISQUALIFIED, permission=access.secretariat_may_act,
        custom={"label": _("Disqualify"), "note_required": True},
    )  # fmt: skip
    def disqualify(self):
        pass

    # product family

    @transition(
        state, source=S.ACCEPTED, target=S.IN_SCORING, conditions=[guards.is_product_dossier],
        permission=access.secretariat_may_act, custom={"label": _("Open scoring")},
    )  # fmt: skip
    def open_scoring(self):
        pass

    @transition(
        state, source=S.IN_SCORING, target=S.SCORED, conditions=[guards.is_product_dossier],
        permission=access.secretariat_may_act, custom={"label": _("Close scoring")},
    )  # fmt: skip
    def close_scoring(self):
        pass

    @transition(
        state, source=S.SCORED, target=S.RECOGNISED, conditions=[guards.is_product_dossier],
        permission=access.chair_or_secretariat_may_act, custom={"label": _("Recognise")},
    )  # fmt: skip
    def recognise(self):
        pass

    @transition(
        state, source=S.SCORED, target=S.NOT_RECOGNISED, conditions=[guards.is_product_dossier],
        permission=access.chair_or_secretariat_may_act, custom={"label": _("Do not recognise")},
    )  # fmt: skip
    def not_recognise(self):
        pass

    # artisan families

    @transition(
        state, source=S.ACCEPTED, target=S.IN_CONSULTATION,
        conditions=[guards.is_artisan_dossier, guards.consultation_required],
        permission=access.secretariat_may_act, custom={"label": _("Open public consultation")},
    )  # fmt: skip
    def open_consultation(self):
        pass

    @transition(
        state, source=S.ACCEPTED, target=S.VOTING,
        conditions=[guards.is_artisan_dossier, guards.consultation_not_required],
        permission=access.secretariat_may_act, custom={"label": _("Open voting")},
    )  # fmt: skip
    @transition(
        state, source=S.IN_CONSULTATION, target=S.VOTING,
        conditions=[guards.is_artisan_dossier, guards.consultation_over],
        permission=access.secretariat_may_act, custom={"label": _("Open voting")},
    )  # fmt: skip
    def open_voting(self):
        pass

    @transition(
        state, source=S.VOTING, target=S.APPROVED, conditions=[guards.is_artisan_dossier],
        permission=access.chair_or_secretariat_may_act, custom={"label": _("Record approval")},
    )  # fmt: skip
    def approve(self):
        pass

    @transition(
        state, source=S.VOTING, target=S.NOT_APPROVED, conditions=[guards.is_artisan_dossier],
        permission=access.chair_or_secretariat_may_act, custom={"label": _("Record non-approval")},
    )  # fmt: skip
    def not_approve(self):
        pass

    @transition(
        state, source=S.APPROVED, target=S.AWARDED,
        conditions=[guards.is_artisan_dossier, guards.round_is_top_level],
        permission=access.secretariat_may_act, custom={"label": _("Record the award decision")},
    )  # fmt: skip
    def award(self):
        pass

    # after a decision

    @transition(
        state, source=[S.RECOGNISED, S.AWARDED], target=S.REVOKED,
        permission=access.chair_or_secretariat_may_act,
        custom={"label": _("Revoke"), "note_required": True},
    )  # fmt: skip
    def revoke(self):
        pass


class DocumentQuerySet(models.QuerySet):
    def current(self):
        return self.filter(superseded_at__isnull=True)


def private_upload_to(instance, filename):
    """Random stored name; the original name lives in ``original_name`` only."""
    import secrets

    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    ext = ext if ext.isalnum() and len(ext) <= 5 else "bin"
    return f"private/{timezone.now():%Y/%m}/{secrets.token_hex(16)}.{ext}"


def photo_upload_to(instance, filename):
    import secrets

    return f"photos/{timezone.now():%Y/%m}/{secrets.token_hex(16)}.jpg"


class Document(models.Model):
    """An uploaded file answering one checklist item. Replaced files are kept, superseded."""

    dossier = models.ForeignKey(
        Dossier, models.CASCADE, related_name="documents", verbose_name=_("dossier")
    )
    requirement = models.ForeignKey(
        "awards.DocumentRequirement", models.PROTECT, related_name="documents",
        verbose_name=_("checklist item"),
    )  # fmt: skip
    file = models.FileField(_("file"), upload_to=private_upload_to, max_length=255)
    original_name = models.CharField(_("original file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("uploaded by"),
    )  # fmt: skip
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    superseded_at = models.DateTimeField(_("replaced"), null=True, blank=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["requirement__order", "-uploaded_at"]

    def __str__(self):
        return f"{self.requirement} · {self.original_name}"


class Photo(models.Model):
    """A product photo, re-encoded without metadata; public only once a result is published."""

    dossier = models.ForeignKey(
        Dossier, models.CASCADE, related_name="photos", verbose_name=_("dossier")
    )
    image = models.ImageField(_("image"), upload_to=photo_upload_to, max_length=255)
    thumbnail = models.ImageField(
        _("thumbnail"), upload_to=photo_upload_to, max_length=255, blank=True
    )
    caption = models.CharField(_("caption"), max_length=255, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.caption or f"#{self.pk}"


class DossierRevision(models.Model):
    """What the applicant submitted each time: facts and the documents' checksums."""

    dossier = models.ForeignKey(
        Dossier, models.CASCADE, related_name="revisions", verbose_name=_("dossier")
    )
    number = models.PositiveSmallIntegerField(_("revision"))
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("submitted by"),
    )  # fmt: skip
    facts = models.JSONField(_("facts"), default=dict)
    documents = models.ManyToManyField(Document, related_name="revisions", blank=True)

    class Meta:
        verbose_name = _("dossier revision")
        verbose_name_plural = _("dossier revisions")
        ordering = ["dossier", "number"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "number"], name="revision_number_unique")
        ]

    def __str__(self):
        return f"{self.dossier.code} r{self.number}"


class DossierTransition(models.Model):
    """The log: every state change, who made it, when, and why."""

    dossier = models.ForeignKey(
        Dossier, models.CASCADE, related_name="transitions", verbose_name=_("dossier")
    )
    name = models.CharField(_("action"), max_length=40)
    source = models.CharField(_("from"), max_length=30, choices=S.choices)
    target = models.CharField(_("to"), max_length=30, choices=S.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
        related_name="dossier_transitions", verbose_name=_("by"),
    )  # fmt: skip
    at = models.DateTimeField(_("at"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("transition")
        verbose_name_plural = _("transition log")
        ordering = ["dossier", "at", "pk"]
        indexes = [models.Index(fields=["dossier", "at"], name="transition_dossier_at")]

    def __str__(self):
        return f"{self.dossier.code}: {self.source} → {self.target}"
