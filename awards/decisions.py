"""From the sealed result to the decision: the proposed list, the chair's approval, product
sets, the recorded decision with its certificates, and revocation.

Steps of a round's ending, each a service below:

1. ``prepare_list`` (secretariat): the proposed list from the latest sealed snapshot —
   passing dossiers first in rank order, then the others; a passing dossier is proposed.
2. ``set_entry`` / ``merge_entries`` / ``unmerge_entry``: the chair (or the secretariat on
   the chair's word) includes or excludes a dossier against the jury's proposal only with a
   written reason; several included entries of one facility may become one product set
   (the set keeps each dossier, so the lineage is kept).
3. ``approve_list`` (chair or secretariat): refused while scoring is still open.
4. ``record_decision`` (secretariat): number, date, signer; in ONE transaction every dossier
   of the list moves (recognise / not_recognise; artisan rounds at the top level: award) and
   every included entry (a product set counts once) receives a certificate.
5. ``revoke_recognition``: the workflow's revoke with a reason; the certificate is revoked too.

Certificate numbers: ``<round code_prefix>/<issue year>/<seq:03d>`` (``CERTIFICATE_NUMBER``),
``seq`` running from 001 in the approved list's order; a number already taken (another round
with the same prefix in the same year) refuses the decision before anything is written.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from awards import access
from awards.enums import DossierState
from awards.errors import DomainError
from awards.models import AwardRound, Certificate, Decision, ListEntry, ResultList
from awards.rulesets import certificate_valid_until
from awards.text import nfc
from awards.workflow import run_transition

S = DossierState

CERTIFICATE_NUMBER = "{prefix}/{year}/{seq:03d}"


# --- permissions and reads -------------------------------------------------------------------


def may_prepare(user, award_round):
    return access.is_round_secretariat(user, award_round)


def may_approve(user, award_round):
    """The council chair approves; the secretariat may record the chair's approval."""
    return access.is_round_secretariat(user, award_round) or access.is_round_chair(
        user, award_round
    )


def _require(allowed, message):
    if not allowed:
        raise DomainError(message)


def latest_snapshot(award_round):
    """The round's most recent sealed result snapshot, or None (one query)."""
    return award_round.snapshots.order_by("-created_at", "-pk").first()


def result_list_of(award_round):
    return ResultList.objects.filter(award_round=award_round).first()


def decision_of(award_round):
    return Decision.objects.filter(award_round=award_round).first()


def scoring_open_problems(award_round):
    """Sentences explaining why the result is not final yet (empty when it is)."""
    problems = []
    states = award_round.dossiers.values_list("state", flat=True)
    if award_round.is_artisan:
        waiting = states.filter(state__in=[S.ACCEPTED, S.IN_CONSULTATION, S.VOTING]).count()
        if waiting:
            problems.append(
                ngettext(
                    "%(count)d dossier is still waiting for the council's vote.",
                    "%(count)d dossiers are still waiting for the council's vote.",
                    waiting,
                )
                % {"count": waiting}
            )
        return problems
    in_scoring = states.filter(state=S.IN_SCORING).count()
    if in_scoring:
        problems.append(
            ngettext(
                "Scoring is still open: %(count)d dossier is in scoring.",
                "Scoring is still open: %(count)d dossiers are in scoring.",
                in_scoring,
            )
            % {"count": in_scoring}
        )
    if latest_snapshot(award_round) is None:
        problems.append(_("Scoring has not been closed and sealed: there is no frozen result."))
    return problems


def _refuse_if_scoring_open(award_round, message):
    problems = scoring_open_problems(award_round)
    if problems:
        raise DomainError(f"{message} {' '.join(problems)}", problems=problems)


def _refuse_if_decided(award_round):
    decision = decision_of(award_round)
    if decision is not None:
        raise DomainError(
            _(
                "The decision of this round is already recorded (no. %(number)s of %(date)s); "
                "the list can no longer change."
            )
            % {"number": decision.number, "date": f"{decision.signed_on:%d/%m/%Y}"}
        )


def _locked_round(award_round):
    return (
        AwardRound.objects.select_for_update(of=("self",))
        .select_related("rule_set")
        .get(pk=award_round.pk)
    )


def _editable_list(award_round):
    result_list = result_list_of(award_round)
    if result_list is None:
        raise DomainError(_("The proposed list has not been prepared yet."))
    if result_list.approved_at is not None:
        raise DomainError(_("The list is already approved and can no longer change."))
    return result_list


# --- 1. the proposed list --------------------------------------------------------------------


def _snapshot_rows(award_round, snapshot):
    """(dossier id, score, passed, rank) in list order: ranked rows first, then the others."""
    live = set(award_round.dossiers.filter(state=S.SCORED).values_list("pk", flat=True))
    rows = [r for r in snapshot.results if r.get("dossier") in live]
    rows.sort(key=lambda r: (r.get("rank") is None, r.get("rank") or 0, r.get("code") or ""))
    return [(r["dossier"], r.get("official"), bool(r.get("passed")), r.get("rank")) for r in rows]


def _artisan_rows(award_round):
    dossiers = award_round.dossiers.filter(state__in=[S.APPROVED, S.NOT_APPROVED]).order_by(
        "title_sort", "code"
    )
    rows = [(d.pk, None, d.state == S.APPROVED, None) for d in dossiers]
    rows.sort(key=lambda r: not r[2])
    return rows


@transaction.atomic
def prepare_list(*, award_round, by):
    """Prepare (or prepare again, while not approved) the proposed list; return it.

    Steps: secretariat only; lock the round; refuse after the decision, after approval and
    while scoring is still open; read the latest snapshot (product rounds) or the council's
    votes (artisan rounds); replace the entries: one per dossier still scored, passing ones
    first in rank order, proposed and included when they passed.
    """
    _require(may_prepare(by, award_round), _("Only the round's secretariat may prepare the list."))
    award_round = _locked_round(award_round)
    _refuse_if_decided(award_round)
    _refuse_if_scoring_open(award_round, _("The list cannot be prepared yet."))
    existing = result_list_of(award_round)
    if existing is not None and existing.approved_at is not None:
        raise DomainError(_("The list is already approved and can no longer change."))
    snapshot = None if award_round.is_artisan else latest_snapshot(award_round)
    rows = _artisan_rows(award_round) if snapshot is None else _snapshot_rows(award_round, snapshot)
    if not rows:
        raise DomainError(_("No dossier of this round has a result to put on the list."))
    if existing is None:
        existing = ResultList.objects.create(award_round=award_round, prepared_by=by)
    else:
        existing.entries.all().delete()
        existing.prepared_by, existing.prepared_at = by, timezone.now()
    existing.snapshot_id = snapshot.pk if snapshot else None
    existing.save()
    ListEntry.objects.bulk_create(
        ListEntry(
            result_list=existing,
            dossier_id=dossier_id,
            position=position,
            score=score,
            proposed=passed,
            included=passed,
        )
        for position, (dossier_id, score, passed, _rank) in enumerate(rows, start=1)
    )
    return existing


# --- 2. changes by the chair, product sets ---------------------------------------------------


@transaction.atomic
def set_entry(*, entry, included, reason="", by):
    """Include or exclude ``entry``; going against the jury's proposal needs a reason."""
    entry = ListEntry.objects.select_related("result_list__award_round").get(pk=entry.pk)
    award_round = entry.result_list.award_round
    _require(
        may_approve(by, award_round),
        _("Only the council chair or the round's secretariat may change the list."),
    )
    _refuse_if_decided(award_round)
    _editable_list(award_round)
    reason = nfc(reason or "").strip()
    if included != entry.proposed and not reason:
        raise DomainError(
            _("Including a dossier the jury did not propose, or excluding one it proposed, needs a written reason.")
        )  # fmt: skip
    if entry.merged_into_id and not included:
        raise DomainError(_("Take the entry out of its product set before excluding it."))
    entry.included = included
    entry.reason = reason if included != entry.proposed else ""
    entry.save(update_fields=["included", "reason"])
    return entry


@transaction.atomic
def merge_entries(*, entries, set_name, by):
    """Merge several included entries of one facility into one product set; return the lead.

    The entry highest on the list leads the set and carries its name; the others point to it
    (``merged_into``) and keep their own dossier, score and lineage.
    """
    entries = list(
        ListEntry.objects.select_related("dossier", "result_list__award_round")
        .filter(pk__in=[e.pk for e in entries])
        .order_by("position")
    )
    if len(entries) < 2:
        raise DomainError(_("Pick at least two entries to merge into a product set."))
    award_round = entries[0].result_list.award_round
    _require(may_approve(by, award_round), _("Only the round's secretariat may merge entries."))
    _refuse_if_decided(award_round)
    result_list = _editable_list(award_round)
    set_name = nfc(set_name or "").strip()
    if not set_name:
        raise DomainError(_("Give the product set a name."))
    if any(e.result_list_id != result_list.pk for e in entries):
        raise DomainError(_("Only entries of the same list can be merged."))
    if len({e.dossier.facility_id for e in entries}) != 1 or entries[0].dossier.facility_id is None:
        raise DomainError(_("Only entries of the same facility can be merged into a product set."))
    if not all(e.included for e in entries):
        raise DomainError(_("Only entries on the approved list can be merged into a product set."))
    if any(e.merged_into_id or e.merged_entries.exists() for e in entries):
        raise DomainError(_("One of the entries already belongs to a product set."))
    lead, others = entries[0], entries[1:]
    lead.set_name = set_name
    lead.save(update_fields=["set_name"])
    ListEntry.objects.filter(pk__in=[e.pk for e in others]).update(merged_into=lead, set_name="")
    return lead


@transaction.atomic
def unmerge_entry(*, entry, by):
    """Dissolve the product set ``entry`` leads or belongs to."""
    entry = ListEntry.objects.select_related("result_list__award_round").get(pk=entry.pk)
    award_round = entry.result_list.award_round
    _require(may_approve(by, award_round), _("Only the round's secretariat may change sets."))
    _refuse_if_decided(award_round)
    _editable_list(award_round)
    lead = entry.merged_into or entry
    ListEntry.objects.filter(merged_into=lead).update(merged_into=None)
    lead.set_name = ""
    lead.save(update_fields=["set_name"])
    return lead


# --- 3. approval -----------------------------------------------------------------------------


@transaction.atomic
def approve_list(*, award_round, by):
    """The chair's approval; refused while scoring is open or the result was sealed again."""
    _require(
        may_approve(by, award_round),
        _("Only the council chair or the round's secretariat may approve the list."),
    )
    award_round = _locked_round(award_round)
    _refuse_if_decided(award_round)
    _refuse_if_scoring_open(award_round, _("The list cannot be approved yet."))
    result_list = _editable_list(award_round)
    if not award_round.is_artisan:
        snapshot = latest_snapshot(award_round)
        if result_list.snapshot_id != snapshot.pk:
            raise DomainError(
                _(
                    "The result was sealed again after the list was prepared: prepare the list again."
                )
            )
    if not result_list.entries.filter(included=True).exists():
        raise DomainError(_("The list has no dossier on it: include at least one."))
    result_list.approved_by, result_list.approved_at = by, timezone.now()
    result_list.save(update_fields=["approved_by", "approved_at"])
    return result_list


# --- 4. the decision -------------------------------------------------------------------------


def certificate_entries(result_list):
    """Entries that receive a certificate: included, not merged into another (list order)."""
    return [
        e
        for e in result_list.entries.select_related("dossier").order_by("position")
        if e.included and not e.merged_into_id
    ]


def certificate_number(*, award_round, year, seq):
    return CERTIFICATE_NUMBER.format(prefix=award_round.code_prefix, year=year, seq=seq)


def _decision_actions(award_round, entries):
    """(entry, action or None) for every entry; artisans below the top level keep their state."""
    lead_included = {e.pk: e.included for e in entries}
    plan = []
    for entry in entries:
        included = lead_included[entry.merged_into_id] if entry.merged_into_id else entry.included
        if award_round.is_artisan:
            action = "award" if included and award_round.is_top_level() else None
        else:
            action = "recognise" if included else "not_recognise"
        plan.append((entry, action))
    return plan


@transaction.atomic
def record_decision(
    *, award_round, number, signed_on, signer_name, signer_title="", by, issue_certificates=True
):
    """Record the decision and apply it to every dossier of the approved list; return it.

    Steps, in one transaction (any refusal rolls everything back): secretariat only; lock the
    round; refuse a second decision, an unapproved list, missing number/date/signer; create
    the Decision; run recognise / not_recognise (product) or award (artisan, top level) for
    every entry through the workflow; issue certificates numbered per round to the included
    entries (a product set once, on its lead dossier), valid per the rule set.
    """
    _require(
        access.is_round_secretariat(by, award_round),
        _("Only the round's secretariat may record the decision."),
    )
    award_round = _locked_round(award_round)
    _refuse_if_decided(award_round)
    result_list = result_list_of(award_round)
    if result_list is None or result_list.approved_at is None:
        raise DomainError(_("The list must be approved by the council chair before the decision."))
    number, signer_name = nfc(number or "").strip(), nfc(signer_name or "").strip()
    problems = []
    if not number:
        problems.append(_("Give the decision number."))
    if signed_on is None:
        problems.append(_("Give the date the decision was signed."))
    if not signer_name:
        problems.append(_("Give the name of the person who signed."))
    if problems:
        raise DomainError(" ".join(problems), problems=problems)
    entries = list(result_list.entries.select_related("dossier").order_by("position"))
    plan = _decision_actions(award_round, entries)
    holders = [e for e, action in plan if action in ("recognise", "award") and not e.merged_into_id]
    numbers = [
        certificate_number(award_round=award_round, year=signed_on.year, seq=seq)
        for seq in range(1, len(holders) + 1)
    ]
    taken = list(Certificate.objects.filter(number__in=numbers).values_list("number", flat=True))
    if issue_certificates and taken:
        raise DomainError(
            _(
                "Certificate number %(number)s is already used by another round; give this "
                "round a different dossier code prefix first."
            )
            % {"number": taken[0]}
        )
    decision = Decision.objects.create(
        award_round=award_round, number=number, signed_on=signed_on, signer_name=signer_name,
        signer_title=nfc(signer_title or "").strip(), recorded_by=by,
    )  # fmt: skip
    note = _("Decision no. %(number)s of %(date)s") % {
        "number": number,
        "date": f"{signed_on:%d/%m/%Y}",
    }
    with access.roles_remembered():
        for entry, action in plan:
            if action:
                run_transition(dossier=entry.dossier, action=action, by=by, note=note)
    if issue_certificates:
        valid_until = certificate_valid_until(rule_set=award_round.rule_set, issued_on=signed_on)
        Certificate.objects.bulk_create(
            Certificate(
                dossier=entry.dossier,
                decision=decision,
                number=cert_number,
                issued_on=signed_on,
                valid_until=valid_until,
            )
            for entry, cert_number in zip(holders, numbers, strict=True)
        )
    return decision


# --- 5. revocation ---------------------------------------------------------------------------


@transaction.atomic
def revoke_recognition(*, dossier, reason, by):
    """Revoke a recognition (or award) with a reason; its certificate is revoked with it."""
    reason = nfc(reason or "").strip()
    dossier = run_transition(dossier=dossier, action="revoke", by=by, note=reason)
    Certificate.objects.filter(dossier=dossier, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoke_reason=reason
    )
    return dossier


def dossier_certificate(dossier):
    """The certificate covering ``dossier``: its own, or its product set's (None otherwise)."""
    certificate = Certificate.objects.filter(dossier=dossier).select_related("decision").first()
    if certificate is not None:
        return certificate
    lead = (
        ListEntry.objects.filter(dossier=dossier, merged_into__isnull=False)
        .values_list("merged_into__dossier_id", flat=True)
        .first()
    )
    if lead is None:
        return None
    return Certificate.objects.filter(dossier_id=lead).select_related("decision").first()
