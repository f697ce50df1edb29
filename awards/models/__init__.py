from awards.models.activity import MailTemplate, OutboundMail, RoundEvent
from awards.models.agencies import Agency, AgencyMembership
from awards.models.applicants import Artisan, Facility
from awards.models.dossiers import Document, Dossier, DossierRevision, DossierTransition, Photo
from awards.models.geo import AdminUnit
from awards.models.results import (
    Certificate,
    ConsultationComment,
    Decision,
    Holiday,
    ListEntry,
    ResultList,
)
from awards.models.review import DocumentVerdict, SupplementRequest, Verdict
from awards.models.rounds import AwardRound
from awards.models.rules import Criterion, DocumentRequirement, EligibilityCheck, RuleSet
from awards.models.users import User

__all__ = [
    "AdminUnit",
    "Agency",
    "AgencyMembership",
    "Artisan",
    "AwardRound",
    "Certificate",
    "ConsultationComment",
    "Criterion",
    "Decision",
    "Document",
    "DocumentRequirement",
    "DocumentVerdict",
    "Dossier",
    "DossierRevision",
    "DossierTransition",
    "EligibilityCheck",
    "Facility",
    "Holiday",
    "ListEntry",
    "MailTemplate",
    "OutboundMail",
    "Photo",
    "ResultList",
    "RoundEvent",
    "RuleSet",
    "SupplementRequest",
    "User",
    "Verdict",
]
