"""Choices for the award domain: families, levels, states and roles.

Source strings are English; the Vietnamese labels come from the catalogue in locale/vi.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.TextChoices):
    NORTH = "north", _("North")
    CENTRAL = "central", _("Central and Central Highlands")
    SOUTH = "south", _("South")


class UnitKind(models.TextChoices):
    PROVINCE = "province", _("Province")
    CITY = "city", _("Centrally-run city")
    DISTRICT = "district", _("District")
    COMMUNE = "commune", _("Commune")
    WARD = "ward", _("Ward")
    SPECIAL_ZONE = "special_zone", _("Special zone")


PROVINCIAL_KINDS = (UnitKind.PROVINCE, UnitKind.CITY)
LOCAL_KINDS = (UnitKind.COMMUNE, UnitKind.WARD, UnitKind.SPECIAL_ZONE)


class Family(models.TextChoices):
    PRODUCT = "product", _("Typical rural industrial product")
    NATIONAL_ARTISAN = "national_artisan", _("National artisan title")
    PROVINCIAL_TITLE = "provincial_title", _("Provincial title")


ARTISAN_FAMILIES = (Family.NATIONAL_ARTISAN, Family.PROVINCIAL_TITLE)


class Level(models.TextChoices):
    COMMUNE = "commune", _("Commune level")
    DISTRICT = "district", _("District level")
    PROVINCE = "province", _("Province level")
    REGION = "region", _("Region level")
    NATIONAL = "national", _("National level")
    MINISTRY = "ministry", _("Ministry level")
    STATE = "state", _("State level")


class AgencyKind(models.TextChoices):
    PEOPLES_COMMITTEE = "peoples_committee", _("People's Committee")
    DEPARTMENT = "department", _("Department of Industry and Trade")
    PROMOTION_CENTRE = "promotion_centre", _("Industrial promotion centre")
    MINISTRY = "ministry", _("Ministry of Industry and Trade")
    OTHER = "other", _("Other body")


class FacilityType(models.TextChoices):
    ENTERPRISE = "enterprise", _("Small or medium enterprise")
    COOPERATIVE = "cooperative", _("Cooperative")
    COOPERATIVE_GROUP = "cooperative_group", _("Cooperative group")
    HOUSEHOLD = "household", _("Household business")


class ProductGroup(models.TextChoices):
    HANDICRAFT = "1", _("Group 1: Handicraft")
    PROCESSED_FOOD = "2", _("Group 2: Processed agricultural, forestry, aquatic products and food")
    MACHINERY = "3", _("Group 3: Equipment, machinery, tools and mechanical parts")
    OTHER = "4", _("Group 4: Other products")


class Title(models.TextChoices):
    PEOPLES_ARTISAN = "peoples_artisan", _("People's Artisan")
    MERITORIOUS_ARTISAN = "meritorious_artisan", _("Meritorious Artisan")
    PROVINCIAL_ARTISAN = "provincial_artisan", _("Provincial Artisan")
    SKILLED_WORKER = "skilled_worker", _("Skilled Worker")
    CRAFT_BRINGER = "craft_bringer", _("Person who brought a craft home")


class Market(models.TextChoices):
    LOCAL = "local", _("Local")
    OTHER_PROVINCES = "other_provinces", _("Other provinces")
    EXPORT = "export", _("Export")


class DossierState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for supplement")
    ACCEPTED = "accepted", _("Accepted")
    # product family
    IN_SCORING = "in_scoring", _("In scoring")
    SCORED = "scored", _("Scored")
    RECOGNISED = "recognised", _("Recognised")
    NOT_RECOGNISED = "not_recognised", _("Not recognised")
    # artisan families
    IN_CONSULTATION = "in_consultation", _("In public consultation")
    VOTING = "voting", _("Voting")
    APPROVED = "approved", _("Approved by the council")
    NOT_APPROVED = "not_approved", _("Not approved by the council")
    AWARDED = "awarded", _("Title awarded")
    # endings shared by both
    REVOKED = "revoked", _("Revoked")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    REJECTED = "rejected", _("Rejected")
    DISQUALIFIED = "disqualified", _("Disqualified")


S = DossierState
PRODUCT_STATES = (
    S.DRAFT, S.SUBMITTED, S.RETURNED, S.ACCEPTED, S.IN_SCORING, S.SCORED, S.RECOGNISED,
    S.NOT_RECOGNISED, S.REVOKED, S.WITHDRAWN, S.REJECTED, S.DISQUALIFIED,
)  # fmt: skip
ARTISAN_STATES = (
    S.DRAFT, S.SUBMITTED, S.RETURNED, S.ACCEPTED, S.IN_CONSULTATION, S.VOTING, S.APPROVED,
    S.NOT_APPROVED, S.AWARDED, S.REVOKED, S.WITHDRAWN, S.REJECTED, S.DISQUALIFIED,
)  # fmt: skip
#: States in which the applicant may still change the dossier's content.
EDITABLE_STATES = (S.DRAFT, S.RETURNED)
#: States the secretariat's intake queue shows as work waiting.
INTAKE_STATES = (S.SUBMITTED, S.RETURNED)
#: States that end a dossier's life at this level.
FINAL_STATES = (
    S.RECOGNISED, S.NOT_RECOGNISED, S.AWARDED, S.NOT_APPROVED, S.REVOKED, S.WITHDRAWN,
    S.REJECTED, S.DISQUALIFIED,
)  # fmt: skip
#: States in which a dossier counts as honoured (for nomination and the public registry).
HONOURED_STATES = (S.RECOGNISED, S.APPROVED, S.AWARDED)
del S


class Role(models.TextChoices):
    """What a person may do in a round. Derived from memberships, never stored on the user."""

    APPLICANT = "applicant", _("Applicant")
    SECRETARIAT = "secretariat", _("Secretariat")
    COUNCIL_MEMBER = "council_member", _("Council member")
    JURY_MEMBER = "jury_member", _("Jury member")
    CHAIR = "chair", _("Chair")
    SYSADMIN = "sysadmin", _("System administrator")


class AggregationMethod(models.TextChoices):
    MEAN = "mean", _("Mean of the judges' totals")
    MEDIAN = "median", _("Median of the judges' totals")
    TRIMMED_MEAN = "trimmed_mean", _("Mean without the highest and lowest total")


class EvaluationMode(models.TextChoices):
    SCORE_SHEET = "score_sheet", _("Score sheets")
    SECRET_BALLOT = "secret_ballot", _("Secret ballot")


class VoteDenominator(models.TextChoices):
    LISTED = "listed", _("All listed members")
    PRESENT = "present", _("Members present")


class ValidityKind(models.TextChoices):
    END_OF_YEAR = "end_of_year", _("Until 31 December, counting the issue year as year one")
    MONTHS = "months", _("A number of months from issue")
    PERMANENT = "permanent", _("Without expiry")


class DayKind(models.TextChoices):
    CALENDAR = "calendar", _("Calendar days")
    WORKING = "working", _("Working days")


class CheckKind(models.TextChoices):
    DECLARATION = "declaration", _("Declaration by the applicant")
    MINIMUM = "minimum", _("Minimum figure")
