from django.db import models
from django.utils.translation import gettext_lazy as _


class PanelKind(models.TextChoices):
    COUNCIL = "council", _("Council")
    JURY = "jury", _("Jury")


class SeatRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice-chair")
    MEMBER = "member", _("Member")
    SECRETARY = "secretary", _("Secretary")


class SheetStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class AssignmentMode(models.TextChoices):
    EVERYONE = "everyone", _("Every judge scores every dossier")
    BY_GROUP = "by_group", _("By product group")
    BY_HAND = "by_hand", _("By hand")


class VoteChoice(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    ABSTAIN = "abstain", _("Abstain")
