import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from scoring.enums import AssignmentMode, PanelKind, SeatRole, SheetStatus, VoteChoice
from scoring.fields import RowIdOneToOneField


class Panel(models.Model):
    """A round's council (Hội đồng bình chọn) or its jury (Ban giám khảo)."""

    award_round = models.ForeignKey(
        "awards.AwardRound", models.CASCADE, related_name="panels", verbose_name=_("round")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=PanelKind.choices)
    name = models.CharField(_("name"), max_length=255)
    established_by = models.CharField(
        _("established by decision"), max_length=120, blank=True,
        help_text=_("Number and date of the decision that set up the panel."),
    )  # fmt: skip
    assignment_mode = models.CharField(
        _("assignment of dossiers"), max_length=10, choices=AssignmentMode.choices,
        default=AssignmentMode.EVERYONE,
    )  # fmt: skip

    class Meta:
        verbose_name = _("council or jury")
        verbose_name_plural = _("councils and juries")
        ordering = ["award_round", "kind", "name"]

    def __str__(self):
        return self.name


class PanelMember(models.Model):
    """A seat on a panel: who sits, in which role."""

    panel = models.ForeignKey(
        Panel, models.CASCADE, related_name="members", verbose_name=_("panel")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="panel_seats", verbose_name=_("user")
    )
    role = models.CharField(
        _("role"), max_length=20, choices=SeatRole.choices, default=SeatRole.MEMBER
    )
    title = models.CharField(_("title and workplace"), max_length=255, blank=True)
    product_groups = models.JSONField(
        _("product groups scored"), default=list, blank=True,
        help_text=_("Used when dossiers are assigned by product group."),
    )  # fmt: skip

    class Meta:
        verbose_name = _("panel member")
        verbose_name_plural = _("panel members")
        ordering = ["panel", "role", "pk"]
        constraints = [models.UniqueConstraint(fields=["panel", "user"], name="panelmember_unique")]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()})"


class ScoreSheet(models.Model):
    """One judge's score sheet for one dossier (phiếu chấm điểm)."""

    dossier = models.ForeignKey(
        "awards.Dossier", models.CASCADE, related_name="score_sheets", verbose_name=_("dossier")
    )
    member = models.ForeignKey(
        PanelMember, models.PROTECT, related_name="sheets", verbose_name=_("judge")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=SheetStatus.choices, default=SheetStatus.DRAFT
    )
    total = models.DecimalField(_("total"), max_digits=6, decimal_places=2, null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    place = models.CharField(_("place"), max_length=120, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("entered by"),
    )  # fmt: skip
    # Denormalised for the ranking: subtotals of the first six criterion groups (in the
    # rule set's group order), recomputed with ``total`` by scoring.services.recompute_total.
    group_1_total = models.DecimalField(
        _("group 1 subtotal"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    group_2_total = models.DecimalField(
        _("group 2 subtotal"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    group_3_total = models.DecimalField(
        _("group 3 subtotal"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    group_4_total = models.DecimalField(
        _("group 4 subtotal"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    group_5_total = models.DecimalField(
        _("group 5 subtotal"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    group_6_total = models.DecimalField(
        _("group 6 subtotal"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    excluded = models.BooleanField(
        _("excluded (conflict of interest)"), default=False,
        help_text=_("Set by the conflict service; an excluded sheet never counts in results."),
    )  # fmt: skip
    content_hash = models.CharField(
        _("content hash at submission"), max_length=64, blank=True,
        help_text=_("SHA-256 over the sheet's canonical content when it was last submitted."),
    )  # fmt: skip
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("score sheet")
        verbose_name_plural = _("score sheets")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "dossier"], name="sheet_one_per_member_dossier"
            ),
            models.CheckConstraint(
                condition=Q(status=SheetStatus.DRAFT) | Q(submitted_at__isnull=False),
                name="sheet_submitted_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["dossier", "status", "excluded"], name="sheet_dossier_status")
        ]

    def __str__(self):
        return f"{self.dossier.code} · {self.member.user}"


class ScoreLine(models.Model):
    """Points for one criterion on one sheet; NULL while not yet scored, never a sentinel."""

    sheet = models.ForeignKey(
        ScoreSheet, models.CASCADE, related_name="lines", verbose_name=_("sheet")
    )
    criterion = models.ForeignKey(
        "awards.Criterion", models.PROTECT, related_name="score_lines", verbose_name=_("criterion")
    )
    points = models.DecimalField(_("points"), max_digits=5, decimal_places=2, null=True, blank=True)
    max_points = models.DecimalField(
        _("maximum points"), max_digits=5, decimal_places=2,
        help_text=_("Copied from the criterion so the database can enforce the bound."),
    )  # fmt: skip

    class Meta:
        verbose_name = _("score line")
        verbose_name_plural = _("score lines")
        constraints = [
            models.UniqueConstraint(
                fields=["sheet", "criterion"], name="scoreline_one_per_criterion"
            ),
            models.CheckConstraint(
                condition=Q(points__isnull=True) | Q(points__gte=0, points__lte=F("max_points")),
                name="scoreline_points_in_range",
            ),
        ]

    def __str__(self):
        return f"{self.criterion.code}: {self.points}"


class Assignment(models.Model):
    """A dossier a jury member must score."""

    member = models.ForeignKey(
        PanelMember, models.CASCADE, related_name="assignments", verbose_name=_("judge")
    )
    dossier = models.ForeignKey(
        "awards.Dossier", models.CASCADE, related_name="assignments", verbose_name=_("dossier")
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("assigned by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("assigned at"), default=timezone.now)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(fields=["member", "dossier"], name="assignment_unique")
        ]

    def __str__(self):
        return f"{self.member.user} → {self.dossier.code}"


class Conflict(models.Model):
    """A declared conflict of interest: the member never sees or scores the dossier(s)."""

    member = models.ForeignKey(
        PanelMember, models.CASCADE, related_name="conflicts", verbose_name=_("member")
    )
    dossier = models.ForeignKey(
        "awards.Dossier", models.CASCADE, null=True, blank=True, related_name="conflicts",
        verbose_name=_("dossier"),
    )  # fmt: skip
    facility = models.ForeignKey(
        "awards.Facility", models.CASCADE, null=True, blank=True, related_name="conflicts",
        verbose_name=_("facility"),
    )  # fmt: skip
    artisan = models.ForeignKey(
        "awards.Artisan", models.CASCADE, null=True, blank=True, related_name="conflicts",
        verbose_name=_("artisan"),
    )  # fmt: skip
    reason = models.TextField(_("reason"))
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("recorded by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [
            models.CheckConstraint(
                condition=Q(dossier__isnull=False)
                | Q(facility__isnull=False)
                | Q(artisan__isnull=False),
                name="conflict_has_target",
            )
        ]

    def __str__(self):
        return f"{self.member.user}: {self.dossier or self.facility or self.artisan}"


class SheetReopening(models.Model):
    """The secretariat reopened a submitted sheet for correction, with a reason."""

    sheet = models.ForeignKey(
        ScoreSheet, models.CASCADE, related_name="reopenings", verbose_name=_("sheet")
    )
    reason = models.TextField(_("reason"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    previous_total = models.DecimalField(
        _("total before"), max_digits=6, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("sheet reopening")
        verbose_name_plural = _("sheet reopenings")
        ordering = ["sheet", "at"]

    def __str__(self):
        return f"{self.sheet} · {self.at:%d/%m/%Y}"


class ScoreLineChange(models.Model):
    """Old and new points of a line changed after the sheet had been submitted once."""

    sheet = models.ForeignKey(
        ScoreSheet, models.CASCADE, related_name="line_changes", verbose_name=_("sheet")
    )
    criterion = models.ForeignKey(
        "awards.Criterion", models.PROTECT, related_name="+", verbose_name=_("criterion")
    )
    old_points = models.DecimalField(_("old points"), max_digits=5, decimal_places=2, null=True)
    new_points = models.DecimalField(_("new points"), max_digits=5, decimal_places=2, null=True)
    reopening = models.ForeignKey(
        SheetReopening, models.CASCADE, null=True, blank=True, related_name="changes",
        verbose_name=_("reopening"),
    )  # fmt: skip
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    changed_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("score correction")
        verbose_name_plural = _("score corrections")
        ordering = ["sheet", "changed_at"]

    def __str__(self):
        return f"{self.criterion.code}: {self.old_points} → {self.new_points}"


class DossierTally(models.Model):
    """The counted sheets of one dossier, gathered in one row for the ranking.

    Derived data, never typed by anyone: ``scoring.tally.refresh_tallies`` rewrites it from the
    sheets in the same transaction as every change to what counts (a sheet submitted or
    reopened, a conflict declared or cleared), and closing scoring rebuilds every tally of the
    round before the result is sealed. The ranking then reads one row per dossier instead of
    every sheet; it still computes every figure (mean, median, deviation, quorum, ranks…) from
    the judges' totals each time.

    Everything is packed in one column of little-endian 64-bit integers (``scoring.tally``),
    which a page of 2,000 dossiers reads several times faster than text or JSON: the
    ``sheet_count`` counted sheets' totals in hundredths of a point, ascending; then the same
    sheets' ids; then their panel seats (judges); then, for each code in ``group_codes``
    (comma-separated, sheet order), the sum of that group's subtotals over the counted sheets,
    in hundredths.
    """

    dossier = RowIdOneToOneField(
        "awards.Dossier", models.CASCADE, primary_key=True, related_name="tally",
        verbose_name=_("dossier"),
    )  # fmt: skip
    sheet_count = models.PositiveIntegerField(_("counted sheets"), default=0)
    packed = models.BinaryField(_("totals, sheets, judges and group sums"), default=b"")
    group_codes = models.CharField(_("criterion groups"), max_length=255, blank=True)
    refreshed_at = models.DateTimeField(_("refreshed at"), auto_now=True)

    class Meta:
        verbose_name = _("dossier tally")
        verbose_name_plural = _("dossier tallies")

    def __str__(self):
        return str(self.dossier)


class ResultSnapshot(models.Model):
    """The frozen, sealed result of a round's scoring (or voting) when it closed."""

    award_round = models.ForeignKey(
        "awards.AwardRound", models.CASCADE, related_name="snapshots", verbose_name=_("round")
    )
    created_at = models.DateTimeField(_("frozen at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    chain_head = models.CharField(_("seal (chain head)"), max_length=64)
    sheet_hashes = models.JSONField(_("sheet hashes in submission order"), default=list)
    results = models.JSONField(_("results"), default=list)
    missing_sheets_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("missing sheets confirmed by"),
    )  # fmt: skip
    missing_sheets = models.PositiveIntegerField(_("missing sheets at closing"), default=0)

    class Meta:
        verbose_name = _("result snapshot")
        verbose_name_plural = _("result snapshots")
        ordering = ["award_round", "-created_at"]
        get_latest_by = "created_at"

    def __str__(self):
        return f"{self.award_round} · {self.chain_head[:12]}"


class BallotBox(models.Model):
    """A council's secret vote in one sitting: who was present, when it opened and closed."""

    panel = models.ForeignKey(
        Panel, models.CASCADE, related_name="ballot_boxes", verbose_name=_("council")
    )
    opened_at = models.DateTimeField(_("opened"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    present = models.ManyToManyField(
        PanelMember, related_name="+", blank=True, verbose_name=_("members present")
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("opened by"),
    )

    class Meta:
        verbose_name = _("ballot box")
        verbose_name_plural = _("ballot boxes")
        ordering = ["panel", "-opened_at"]

    def __str__(self):
        return f"{self.panel} · {self.opened_at:%d/%m/%Y}"


class BallotReceipt(models.Model):
    """That a member voted on a candidate (never how): prevents a second vote."""

    box = models.ForeignKey(
        BallotBox, models.CASCADE, related_name="receipts", verbose_name=_("ballot box")
    )
    member = models.ForeignKey(
        PanelMember, models.PROTECT, related_name="+", verbose_name=_("member")
    )
    dossier = models.ForeignKey(
        "awards.Dossier", models.CASCADE, related_name="+", verbose_name=_("candidate")
    )

    class Meta:
        verbose_name = _("ballot receipt")
        verbose_name_plural = _("ballot receipts")
        constraints = [
            models.UniqueConstraint(
                fields=["box", "member", "dossier"], name="ballot_one_vote_per_member"
            )
        ]

    def __str__(self):
        return f"{self.member} · {self.dossier}"


class Vote(models.Model):
    """An anonymous vote: no member, no time; a random id so row order reveals nothing."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    box = models.ForeignKey(
        BallotBox, models.CASCADE, related_name="votes", verbose_name=_("ballot box")
    )
    dossier = models.ForeignKey(
        "awards.Dossier", models.CASCADE, related_name="votes", verbose_name=_("candidate")
    )
    choice = models.CharField(_("choice"), max_length=10, choices=VoteChoice.choices)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")

    def __str__(self):
        return f"{self.dossier} · {self.get_choice_display()}"
