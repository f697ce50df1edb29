from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from scoring.enums import PanelKind, SeatRole, SheetStatus


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
