"""Nomination to the next level, and the lineage of a dossier along the level chain.

``nominate`` sends recognised (or council-approved) dossiers of a round to its parent round:
the rule set's quota and the validity of the lower-level certificate are checked for every
pick BEFORE anything is written, so a refusal leaves nothing half-done. Each pick becomes a
new dossier in the parent round (``source`` = the lower dossier) with the facts, the current
documents (new rows pointing to copies of the files) and the photos copied.

The new dossier is a draft of the parent round: the workflow has no transition that lets the
lower secretariat submit on the applicant's behalf (see the report to the lead). The lower
round's product-set name becomes the new dossier's title.

``lineage`` returns the chain source → … → top with score, decision and certificate per level.
"""

from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from awards import access
from awards.decisions import dossier_certificate
from awards.enums import DossierState
from awards.errors import DomainError
from awards.models import AwardRound, Certificate, Document, Dossier, ListEntry, Photo
from awards.services import create_dossier
from awards.workflow import run_transition

S = DossierState

#: Facts carried to the dossier at the next level.
COPIED_FACTS = [
    "owner_id", "facility_id", "artisan_id", "title", "product_group", "is_product_set",
    "description", "raw_materials", "production_capacity", "annual_revenue", "jobs", "markets",
    "standards", "title_sought", "craft", "years_in_craft", "works", "works_count", "prizes",
    "trainees_count", "titles_held", "declarations",
]  # fmt: skip


def nominable_states(award_round):
    return [S.APPROVED, S.AWARDED] if award_round.is_artisan else [S.RECOGNISED]


def quota_status(award_round):
    """(quota or None, already nominated, remaining or None) for sending up to the parent."""
    quota = award_round.rule_set.nomination_quota
    used = 0
    if award_round.parent_id:
        used = Dossier.objects.filter(
            award_round_id=award_round.parent_id, source__award_round=award_round
        ).count()
    return quota, used, (None if quota is None else max(quota - used, 0))


@dataclass
class Candidate:
    dossier: Dossier
    certificate: Certificate | None
    status: str  # "valid", "expired", "revoked", "none"
    nominated: bool
    set_name: str = ""


def candidates(award_round, today=None):
    """Dossiers of the round that may be sent up (product-set members appear via their set)."""
    today = today or timezone.localdate()
    members = set(
        ListEntry.objects.filter(
            result_list__award_round=award_round, merged_into__isnull=False
        ).values_list("dossier_id", flat=True)
    )
    set_names = dict(
        ListEntry.objects.filter(result_list__award_round=award_round, set_name__gt="").values_list(
            "dossier_id", "set_name"
        )
    )
    nominated = set()
    if award_round.parent_id:
        nominated = set(
            Dossier.objects.filter(
                award_round_id=award_round.parent_id, source__award_round=award_round
            ).values_list("source_id", flat=True)
        )
    dossiers = (
        award_round.dossiers.filter(state__in=nominable_states(award_round))
        .exclude(pk__in=members)
        .select_related("facility", "artisan", "certificate")
        .order_by("code")
    )
    result = []
    for dossier in dossiers:
        certificate = getattr(dossier, "certificate", None)
        status = certificate.status_on(today) if certificate else "none"
        result.append(
            Candidate(dossier, certificate, status, dossier.pk in nominated, set_names.get(dossier.pk, ""))
        )  # fmt: skip
    return result


def _check(award_round, dossiers, today):
    parent = award_round.parent
    if parent is None:
        raise DomainError(_("This round has no round at the next level to nominate to."))
    if not dossiers:
        raise DomainError(_("Pick at least one dossier to nominate."))
    problems = []
    states = nominable_states(award_round)
    already = set(
        Dossier.objects.filter(award_round=parent, source__in=dossiers).values_list(
            "source_id", flat=True
        )
    )
    for dossier in dossiers:
        if dossier.award_round_id != award_round.pk:
            problems.append(_("%(code)s is not a dossier of this round.") % {"code": dossier.code})
            continue
        if dossier.state not in states:
            problems.append(
                _("%(code)s is “%(state)s”: only honoured dossiers can be nominated.")
                % {"code": dossier.code, "state": S(dossier.state).label}
            )
        if dossier.pk in already:
            problems.append(_("%(code)s was already nominated.") % {"code": dossier.code})
        if award_round.is_product or dossier.state == S.AWARDED:
            certificate = dossier_certificate(dossier)
            status = certificate.status_on(today) if certificate else "none"
            if status == "none":
                problems.append(_("%(code)s has no certificate.") % {"code": dossier.code})
            elif status == "expired":
                problems.append(
                    _("The certificate %(number)s of %(code)s expired on %(date)s.")
                    % {
                        "number": certificate.number,
                        "code": dossier.code,
                        "date": f"{certificate.valid_until:%d/%m/%Y}",
                    }
                )
            elif status == "revoked":
                problems.append(
                    _("The certificate %(number)s of %(code)s was revoked.")
                    % {"number": certificate.number, "code": dossier.code}
                )
    quota, used, remaining = quota_status(award_round)
    if quota is not None and len(dossiers) > remaining:
        problems.append(
            ngettext(
                "The quota is %(quota)d entry; %(used)d already nominated, %(picked)d picked.",
                "The quota is %(quota)d entries; %(used)d already nominated, %(picked)d picked.",
                quota,
            )
            % {"quota": quota, "used": used, "picked": len(dossiers)}
        )
    if problems:
        raise DomainError(_("Nothing was nominated.") + " " + " ".join(problems), problems=problems)


def _copy_file(field_file):
    field_file.open("rb")
    try:
        return ContentFile(field_file.read())
    finally:
        field_file.close()


def _carry_over(source, target, extra_sources=()):
    """Copy current documents (mapped to the parent's checklist by code) and photos."""
    requirements = {
        r.code: r
        for r in target.award_round.rule_set.requirements.filter(level=target.award_round.level)
    }
    for dossier in (source, *extra_sources):
        for document in dossier.documents.current().select_related("requirement"):
            copy = Document(
                dossier=target,
                requirement=requirements.get(document.requirement.code, document.requirement),
                original_name=document.original_name, content_type=document.content_type,
                size=document.size, sha256=document.sha256, uploaded_by=document.uploaded_by,
                uploaded_at=document.uploaded_at,
            )  # fmt: skip
            copy.file.save(document.original_name, _copy_file(document.file), save=True)
        for photo in dossier.photos.all():
            copy = Photo(
                dossier=target, caption=photo.caption, order=photo.order, sha256=photo.sha256
            )
            copy.image.save("photo.jpg", _copy_file(photo.image), save=False)
            if photo.thumbnail:
                copy.thumbnail.save("thumb.jpg", _copy_file(photo.thumbnail), save=False)
            copy.save()


@transaction.atomic
def nominate(*, award_round, dossiers, by, today=None):
    """Send ``dossiers`` up to ``award_round.parent``; return the new dossiers.

    Steps: secretariat only; lock the round; check every pick (state, not yet sent, a valid
    certificate) and the quota — any problem refuses the whole batch, nothing written; then
    per pick create the parent dossier (facts copied, ``source`` set; a product set's name
    becomes the title), and carry the documents and photos over (the set's members' too).
    """
    if not access.is_round_secretariat(by, award_round):
        raise DomainError(_("Only the round's secretariat may nominate dossiers."))
    today = today or timezone.localdate()
    award_round = (
        AwardRound.objects.select_for_update(of=("self",))
        .select_related("rule_set", "parent")
        .get(pk=award_round.pk)
    )
    dossiers = list(Dossier.objects.filter(pk__in=[d.pk for d in dossiers]).order_by("code"))
    _check(award_round, dossiers, today)
    entries = {
        e.dossier_id: e
        for e in ListEntry.objects.filter(
            result_list__award_round=award_round, dossier__in=dossiers
        )
    }
    created = []
    for dossier in dossiers:
        facts = {name: getattr(dossier, name) for name in COPIED_FACTS}
        entry = entries.get(dossier.pk)
        members = []
        if entry is not None and entry.set_name:
            facts["title"], facts["is_product_set"] = entry.set_name, True
            members = [m.dossier for m in entry.merged_entries.select_related("dossier")]
        facts["owner"] = dossier.owner
        del facts["owner_id"]
        new = create_dossier(award_round=award_round.parent, source=dossier, **facts)
        _carry_over(dossier, new, members)
        run_transition(
            dossier=new, action="receive_nomination", by=by,
            note=_("Nominated from %(round)s (%(code)s).")
            % {"round": award_round.name, "code": dossier.code},
        )  # fmt: skip
        created.append(new)
    return created


# --- lineage ---------------------------------------------------------------------------------


@dataclass
class LineageStep:
    dossier: Dossier
    score: object
    decision: object
    certificate: Certificate | None
    certificate_status: str
    current: bool = False

    @property
    def award_round(self):
        return self.dossier.award_round


def _step(dossier, today):
    entry = ListEntry.objects.filter(dossier=dossier).only("score").order_by("-pk").first()
    certificate = dossier_certificate(dossier)
    decision = getattr(dossier.award_round, "decision", None)
    return LineageStep(
        dossier=dossier,
        score=entry.score if entry else None,
        decision=decision,
        certificate=certificate,
        certificate_status=certificate.status_on(today) if certificate else "",
    )


def lineage(dossier, today=None):
    """The chain from the lowest level to the highest for ``dossier`` (a few queries per level).

    Downwards through ``source``, upwards through the nominations; each step carries the
    dossier (with its round), its list score, the round's decision and the certificate with
    its status today. The step of ``dossier`` itself has ``current=True``.
    """
    today = today or timezone.localdate()
    related = ("award_round__decision", "award_round__rule_set")
    chain = [Dossier.objects.select_related(*related).get(pk=dossier.pk)]
    seen = {dossier.pk}
    while chain[0].source_id and chain[0].source_id not in seen:
        lower = Dossier.objects.select_related(*related).get(pk=chain[0].source_id)
        seen.add(lower.pk)
        chain.insert(0, lower)
    while True:
        upper = (
            Dossier.objects.select_related(*related)
            .filter(source_id=chain[-1].pk)
            .exclude(pk__in=seen)
            .order_by("pk")
            .first()
        )
        if upper is None:
            break
        seen.add(upper.pk)
        chain.append(upper)
    steps = [_step(d, today) for d in chain]
    for step in steps:
        step.current = step.dossier.pk == dossier.pk
    return steps
