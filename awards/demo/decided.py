"""The decided provincial product round of the year before the demo year.

Built through the real services in the order a round ends: each dossier is walked to "in
scoring" through the workflow and scored by every judge; ``scoring.seal.close_scoring``
freezes and seals the result; ``awards.decisions`` prepares the list, merges one product
set, records the chair's approval and the decision (recognise / not recognise through the
workflow, certificates). The services stamp "now"; afterwards the log rows and the times of
the snapshot, the list and the decision are moved back to the day each step happened, as
``awards.demo.dossiers`` does for a dossier's own steps.

A round whose decision is recorded is history: a later run leaves it as it is.
"""

import dataclasses
import datetime
import random

from awards import decisions
from awards.demo import products, timeline
from awards.demo.entries import build_product_dossier
from awards.enums import DossierState as S
from awards.models import Certificate, Decision, Dossier, DossierTransition, ResultList

#: The decision's number; it is signed on 15 December of the round's year.
DECISION_NUMBER = "2150/QĐ-UBND"
#: The round's code, by year: not "dn-sp-…", which names the demo year's own round.
ROUND_CODE = "dong-nai-sp-{year}"


@dataclasses.dataclass(frozen=True)
class Ending:
    """When the round's ending happened: scoring closed → list → council → decision."""

    scoring_closed: datetime.datetime
    list_prepared: datetime.datetime
    list_approved: datetime.datetime
    signed_on: datetime.date
    recorded: datetime.datetime


def ending(year):
    d, working = datetime.date, timeline.next_working_day
    signed_on = working(d(year, 12, 15))
    return Ending(
        scoring_closed=timeline.at(working(d(year, 10, 20)), 16, 0),
        list_prepared=timeline.at(working(d(year, 10, 28)), 9, 30),
        list_approved=timeline.at(working(d(year, 11, 25)), 15, 0),
        signed_on=signed_on,
        recorded=timeline.at(signed_on, 16, 30),
    )


def build_decided_round(demo, *, award_round, scores):
    """Dossiers, sheets, the sealed result, the list and the decision of ``award_round``.

    Steps: skip a decided round; build the missing dossiers (walked to "in scoring") with a
    submitted sheet from every judge; close scoring (sealed snapshot); prepare the list and
    merge the product set; the chair approves; the secretariat records the decision, which
    recognises the passing dossiers and issues their certificates; date every step.
    """
    if decisions.decision_of(award_round) is not None:
        return None
    secretary, chair = demo.users["thuky"], demo.users["chutich"]
    when = ending(award_round.year)
    schedule = timeline.provincial_product_schedule(award_round.year, demo.now)
    members = scores.jury_members(award_round)
    leaves = scores.leaf_criteria(award_round.rule_set)
    window = (award_round.scoring_opens, award_round.scoring_closes)
    for spec in products.PREVIOUS_YEAR_PRODUCTS:
        dossier = build_product_dossier(
            demo, award_round=award_round, spec={**spec, "state": S.IN_SCORING},
            schedule=schedule, secretary=secretary, chair=chair,
        )  # fmt: skip
        if dossier is not None:
            scores.score_dossier(
                dossier=dossier, state=spec["state"], members=members, leaves=leaves,
                rng=random.Random(f"scores/{dossier.code}"), window=window,
                focus_username="giamkhao", complete=True,
            )  # fmt: skip
    scores.stamp_content_hashes(award_round=award_round)

    if award_round.dossiers.filter(state=S.IN_SCORING).exists():
        scores.seal_round(award_round=award_round, by=secretary, moment=when.scoring_closed)
        _date_steps(award_round, ["close_scoring"], when.scoring_closed)
    result_list = decisions.result_list_of(award_round)
    if result_list is None:
        result_list = decisions.prepare_list(award_round=award_round, by=secretary)
        _merge_product_set(result_list, by=secretary)
        ResultList.objects.filter(pk=result_list.pk).update(prepared_at=when.list_prepared)
    if result_list.approved_at is None:
        decisions.approve_list(award_round=award_round, by=chair)
        ResultList.objects.filter(pk=result_list.pk).update(approved_at=when.list_approved)
    decision = decisions.record_decision(
        award_round=award_round, number=DECISION_NUMBER, signed_on=when.signed_on,
        signer_name=chair.full_name, signer_title=chair.job_title, by=secretary,
    )  # fmt: skip
    Decision.objects.filter(pk=decision.pk).update(recorded_at=when.recorded)
    _date_steps(award_round, ["recognise", "not_recognise"], when.recorded)
    demo.created["decisions"] += 1
    demo.created["certificates"] += decision.certificates.count()
    return decision


def _merge_product_set(result_list, *, by):
    """Merge the facility's passing entries named in ``PREVIOUS_YEAR_SET`` into one set."""
    set_name, titles = products.PREVIOUS_YEAR_SET
    entries = list(result_list.entries.filter(dossier__title__in=titles, included=True))
    if len(entries) == len(titles):
        decisions.merge_entries(entries=entries, set_name=set_name, by=by)


def _date_steps(award_round, actions, moment):
    """Move the log rows of ``actions`` in the round, and their dossiers' state time, to
    ``moment`` (the services ran "now")."""
    logs = DossierTransition.objects.filter(dossier__award_round=award_round, name__in=actions)
    Dossier.objects.filter(pk__in=list(logs.values_list("dossier_id", flat=True))).update(
        state_changed_at=moment
    )
    logs.update(at=moment)


def certificate_to_try():
    """The number of a valid certificate of the latest decided demo round (or None)."""
    certificate = (
        Certificate.objects.filter(
            decision__award_round__code__startswith=ROUND_CODE.format(year=""),
            revoked_at__isnull=True,
        )
        .order_by("-decision__award_round__year", "number")
        .first()
    )
    return certificate.number if certificate else None
