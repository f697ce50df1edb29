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
