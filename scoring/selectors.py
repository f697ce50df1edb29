"""Reads that feed the aggregation engine and the result pages.

The ranking reads a whole round with a fixed handful of queries, however many dossiers and
sheets it has: the sheet layout (criteria), the dossiers with their tallies (one row each:
the counted sheets' totals, ids and group sums, ``scoring.tally``), the assignments per
dossier, and a check for conflicts the tallies do not reflect yet. Points are integer
hundredths throughout, so no Decimal is built per row. The dossier page and the calibration
report read the sheets themselves (one dossier, or every sheet with its group subtotals).
"""

import gc
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Count, F, Sum

from awards.enums import DossierState
from awards.models import Dossier
from scoring import aggregation, aggregation_batch, calibration, tally
from scoring.conflicts import conflicted_sheets, counted_sheet_filter
from scoring.enums import PanelKind, SeatRole, SheetStatus
from scoring.groups import SheetLayout, sheet_layout  # noqa: F401 (read through this module)
from scoring.models import (
    Assignment,
    PanelMember,
    ResultSnapshot,
    ScoreLine,
    ScoreSheet,
)
from scoring.ranking import ranking_of
from scoring.sql import TimeKey, cents, fetch_rows, id_ranges_q

S = DossierState
#: Dossiers that take part in the ranking: in scoring or past it (decided ones stay visible).
#: Withdrawn, rejected and disqualified dossiers are out of the ranking.
RANKED_STATES = (S.IN_SCORING, S.SCORED, S.RECOGNISED, S.NOT_RECOGNISED, S.REVOKED)


@dataclass(frozen=True, slots=True)
class Seat:
    member_id: int
    name: str
    panel_id: int
    panel_name: str
    panel_kind: str
    role: str

    @property
    def scores(self):
        """A jury seat other than the secretary's scores dossiers."""
        return self.panel_kind == PanelKind.JURY and self.role != SeatRole.SECRETARY


def round_seats(award_round):
    """One query: every panel seat of the round, by member id."""
    rows = PanelMember.objects.filter(panel__award_round=award_round).values_list(
        "pk",
        "user__full_name",
        "user__first_name",
        "user__last_name",
        "user__username",
        "panel_id",
        "panel__name",
        "panel__kind",
        "role",
    )
    seats = {}
    for pk, full_name, first, last, username, panel_id, panel_name, kind, role in rows:
        name = full_name or f"{first} {last}".strip() or username
        seats[pk] = Seat(pk, name, panel_id, panel_name, kind, role)
    return seats


def conflicted_sheet_ids(award_round):
    """Ids of the round's sheets whose judge declared a conflict with the dossier."""
    sheets = conflicted_sheets(award_round=award_round)
    return set() if sheets is None else set(sheets.values_list("pk", flat=True))


def counted_sheets_query(award_round):
    """Submitted sheets with a total in ``award_round`` (conflicts are removed by the caller).

    The round is picked with ``dossier_id IN (SELECT … round's dossiers)`` rather than a join:
    SQLite then walks the sheets in dossier order and needs no temporary sort.
    """
    return ScoreSheet.objects.filter(
        counted_sheet_filter(), dossier_id__in=award_round.dossiers.values("pk")
    )


def counted_sheet_rows(award_round, *, excluded=frozenset(), dossier_ids=None):
    """(sheet id, dossier id, member id, total in cents) of every counted sheet (one query)."""
    query = counted_sheets_query(award_round)
    if dossier_ids is not None:
        query = query.filter(dossier_id__in=dossier_ids)
    rows = fetch_rows(
        query.annotate(total_cents=cents(F("total"))).values_list(
            "pk", "dossier_id", "member_id", "total_cents"
        )
    )
    return [row for row in rows if row[0] not in excluded]


def _group_sums(layout):
    return {
        f"group_{index}": cents(Sum("points", filter=id_ranges_q(layout.leaves_of(code))))
        for index, code in enumerate(layout.group_codes)
    }


def _lines_query(award_round, excluded):
    query = ScoreLine.objects.filter(
        counted_sheet_filter("sheet__"), sheet__dossier_id__in=award_round.dossiers.values("pk")
    )
    if excluded:
        query = query.exclude(sheet_id__in=list(excluded))
    return query


def sheet_group_subtotals(award_round, layout, *, excluded=frozenset(), dossier_ids=None):
    """Sheet id → {group code: subtotal in cents}, for counted sheets (one aggregate query)."""
    if not layout.group_codes:
        return {}
    annotations = _group_sums(layout)
    query = _lines_query(award_round, excluded)
    if dossier_ids is not None:
        query = query.filter(sheet__dossier_id__in=dossier_ids)
    rows = query.values("sheet_id").annotate(**annotations).values_list("sheet_id", *annotations)
    return {row[0]: dict(zip(layout.group_codes, row[1:], strict=True)) for row in rows}


@dataclass(frozen=True, slots=True)
class DossierRow:
    """What the result pages show about a dossier besides its figures."""

    pk: int
    code: str
    title: str
    product_group: str
    state: str
    applicant: str
    commune: str
    submitted_at: object


def _sheet_scores(sheet_rows, subtotals=None):
    """Dossier id → its counted ``SheetScore`` list (judge names are looked up when needed)."""
    by_dossier = defaultdict(list)
    sheet = aggregation.SheetScore
    if subtotals is None:
        for sheet_id, dossier_id, member_id, total in sheet_rows:
            by_dossier[dossier_id].append(sheet(sheet_id, member_id, total))
        return by_dossier
    for sheet_id, dossier_id, member_id, total in sheet_rows:
        by_dossier[dossier_id].append(
            sheet(sheet_id, member_id, total, subtotals.get(sheet_id, {}))
        )
    return by_dossier


@contextmanager
def cyclic_gc_paused():
    """Pause Python's cyclic garbage collector around a bulk computation.

    A national ranking builds some 100,000 small objects (tuples, dicts, results), none of
    them in a reference cycle; the cyclic collector would still walk them again and again
    and took about a third of the time. Reference counting frees everything as usual; the
    collector resumes (and catches up) afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def round_ranking(*, award_round, normalise=False, with_info=True):
    """The round's results in rank order (a ``ranking.Ranking``; iterate for the rows).

    Reads one row per dossier: the dossier with its tally (``scoring.tally``), plus the
    layout, the seats, the assignments and a check for conflicts the tallies do not reflect
    yet — a fixed handful of queries whatever the size. Every figure is computed here from
    the judges' totals.

    The per-judge normalised figure is computed only when asked (``normalise``: the dossier
    page, the sealed snapshot) or when the rule set needs it (official result or a tie-break
    link on it); ``ranking.normalised_shown`` says whether it was. ``with_info`` adds each
    dossier's title, applicant, commune and state for the pages (``DossierRow`` as
    ``result.info``). ``award_round.rule_set`` should be selected with the round.
    """
    with cyclic_gc_paused():
        return _round_ranking(award_round, normalise=normalise, with_info=with_info)


def _needs_normalised(rules):
    return rules.official_result_normalised or "normalised" in rules.ranking_chain()[0]


INFO_COLUMNS = (
    "title",
    "state",
    "submitted_at",
    "facility__name",
    "facility__unit__name",
    "artisan__full_name",
    "artisan__unit__name",
)


def tally_rows(award_round, *, with_info=False):
    """One query: the ranked dossiers, each with its tally.

    Rows are (pk, code, product group, submission time key, sheet count, packed tally, group
    codes[, the ``INFO_COLUMNS``]), by code. The tally columns are NULL for a dossier that
    never had a counted sheet. Without
    ``with_info`` the values come unconverted from the driver and the time key is
    ``sql.TimeKey`` (no datetime is built for 2,000 rows); with it, the time itself.
    """
    query = (
        Dossier.objects.filter(award_round=award_round, state__in=RANKED_STATES).order_by(
            "code"
        )  # the engine's tie order: already sorted, its sort is a check
    )
    columns = ["tally__sheet_count", "tally__packed", "tally__group_codes"]
    if with_info:
        return list(
            query.values_list(
                "pk", "code", "product_group", "submitted_at", *columns, *INFO_COLUMNS
            )
        )
    query = query.annotate(submission_key=TimeKey("submitted_at"))
    return fetch_rows(query.values_list("pk", "code", "product_group", "submission_key", *columns))


def untallied_conflicts(award_round):
    """Dossier id → ids of its sheets that are conflicted but not yet flagged ``excluded``.

    A conflict recorded outside ``declare_conflict`` leaves such sheets; the ranking checks
    whether their dossiers' tallies still count them.
    """
    sheets = conflicted_sheets(award_round=award_round)
    if sheets is None:
        return {}
    rows = sheets.filter(status=SheetStatus.SUBMITTED, excluded=False).values_list(
        "dossier_id", "pk"
    )
    found = defaultdict(set)
    for dossier_id, sheet_id in rows:
        found[dossier_id].add(sheet_id)
    return found


def _info(row):
    """The ``DossierRow`` of a ``tally_rows`` row read with its info columns."""
    title, state, at, facility, f_unit, artisan, a_unit = row[7:]
    applicant, commune = facility or artisan or "", f_unit or a_unit or ""
    return DossierRow(row[0], row[1], title, row[2], state, applicant, commune, at)


def _sheet_ids_of(n, packed):
    return tally.values(packed, n)[n : 2 * n]


def _all_sheets(facts, packed):
    """Every counted sheet of the ranking's dossiers as ``SheetScore`` (for normalising)."""
    sheet = aggregation.SheetScore
    sheets = []
    for fact, data in zip(facts, packed, strict=True):
        n, values = fact[6], tally.values(data, fact[6])
        sheets.extend(map(sheet, values[n : 2 * n], values[2 * n : 3 * n], values[:n]))
    return sheets


def _tally_facts(rows, *, fresh, award_round, seats, with_info):
    """(facts, packed tallies) of ``tally_rows``: per dossier ``(id, code, product group,
    submission key, info, expected judges, n)`` and the bytes of its tally layout. A dossier
    nobody was assigned to expects every scoring seat (``seats.jury_size``)."""
    assigned = assigned_counts(award_round)
    facts, packed = [], []
    for row in rows:
        pk = row[0]
        expected = assigned.get(pk)
        if expected is None:
            expected = seats.jury_size
        if fresh and pk in fresh:
            n, data = fresh[pk]
        else:
            n, data = row[4] or 0, row[5] or b""
        facts.append((pk, row[1], row[2], row[3], _info(row) if with_info else None, expected, n))
        packed.append(data)
    return facts, packed


class LazySeats:
    """The round's seats (``round_seats``), read in one query the first time they are needed.

    The ranking needs them only to name a judge far from the others (``get``: judge id →
    name, the mapping the engine asks) or to count the scoring seats for a dossier nobody was
    assigned to (``jury_size``); most rounds need neither.
    """

    def __init__(self, award_round):
        self.award_round = award_round

    @cached_property
    def seats(self):
        return round_seats(self.award_round)

    @cached_property
    def jury_size(self):
        return sum(1 for seat in self.seats.values() if seat.scores)

    def get(self, member_id, default=""):
        seat = self.seats.get(member_id)
        return seat.name if seat else default


def assigned_counts(award_round):
    """Dossier id → number of judges assigned to it (one grouped query); absent when none."""
    rows = (
        Assignment.objects.filter(dossier__award_round=award_round)
        .order_by()
        .values("dossier_id")
        .annotate(judges=Count("pk"))
        .values_list("dossier_id", "judges")
    )
    return dict(fetch_rows(rows))


def _round_ranking(award_round, *, normalise, with_info):
    rule_set = award_round.rule_set
    rules = aggregation.Rules.from_rule_set(rule_set)
    normalise = normalise or _needs_normalised(rules)
    layout = sheet_layout(rule_set)
    rows = tally_rows(award_round, with_info=with_info)
    signature = layout.signature
    # Tallies gathered for another criteria layout, or still counting a sheet whose judge has
    # a conflict recorded outside ``declare_conflict``: gather those dossiers afresh.
    conflicts = untallied_conflicts(award_round)
    regather = [
        row[0]
        for row in rows
        if (row[6] is not None and row[6] != signature)
        or (
            row[0] in conflicts
            and not conflicts[row[0]].isdisjoint(_sheet_ids_of(row[4] or 0, row[5] or b""))
        )
    ]
    fresh = {
        pk: (len(gathered.totals), tally.pack(gathered.values()))
        for pk, gathered in tally.gather(dossier_ids=regather, layout=layout).items()
    }
    seats = LazySeats(award_round)
    facts, packed = _tally_facts(
        rows, fresh=fresh, award_round=award_round, seats=seats, with_info=with_info
    )
    normalised = None
    if normalise:
        # The normalised column needs every judge's scale: the per-dossier engine computes it.
        normalised = calibration.normalise_totals(
            _all_sheets(facts, packed), scale_max=layout.scale_max
        )
        summariser = aggregation.Summariser(
            rules=rules, group_codes=layout.group_codes, normalised=normalised, judge_names=seats
        )
        results = summariser.many(
            (*fact, tally.values(data, fact[6])) for fact, data in zip(facts, packed, strict=True)
        )
    else:
        results = aggregation_batch.summarise_round(
            facts,
            tally.flat(packed),
            rules=rules,
            group_codes=layout.group_codes,
            judge_names=seats,
        )
    ranking = ranking_of(results, rules=rules, group_codes=layout.group_codes)
    ranking.layout = layout
    ranking.normalised_shown = normalised is not None
    return ranking


@dataclass
class SheetDetail:
    """One sheet of a dossier as the detail page lists it, counted or not (and why)."""

    sheet_id: int
    judge: str
    status: str
    total: object
    submitted_at: object
    groups: dict
    conflicted: bool
    counted: bool
    far: object = None  # the FarJudge entry when this judge is far from the others


def dossier_detail(*, award_round, dossier):
    """The ranking row of ``dossier`` plus every sheet of it (one dossier, fixed queries).

    The official figures of one dossier do not depend on the others except through the
    ranks and the normalised column, so the row comes from the round's ranking.
    """
    ranking = round_ranking(award_round=award_round, normalise=True)
    result = next((r for r in ranking.rows if r.dossier_id == dossier.pk), None)
    layout = ranking.layout
    seats = round_seats(award_round)
    excluded = conflicted_sheet_ids(award_round)
    subtotals = sheet_group_subtotals(award_round, layout, dossier_ids=[dossier.pk])
    far = {f.sheet_id: f for f in (result.far_judges if result else [])}
    sheets = []
    for sheet_id, member_id, status, total, submitted_at in (
        ScoreSheet.objects.filter(dossier=dossier)
        .order_by("submitted_at", "pk")
        .values_list("pk", "member_id", "status", "total", "submitted_at")
    ):
        seat = seats.get(member_id)
        conflicted = sheet_id in excluded
        counted = status == SheetStatus.SUBMITTED and total is not None and not conflicted
        groups = subtotals.get(sheet_id, {})
        sheets.append(
            SheetDetail(
                sheet_id=sheet_id,
                judge=seat.name if seat else "",
                status=status,
                total=total,
                submitted_at=submitted_at,
                groups={
                    code: aggregation.from_cents(groups.get(code)) for code in layout.group_codes
                },
                conflicted=conflicted,
                counted=counted,
                far=far.get(sheet_id),
            )
        )
    return ranking, result, sheets


def calibration_report(*, award_round):
    """Judge deviations and agreement for the round (fixed number of queries)."""
    layout = sheet_layout(award_round.rule_set)
    seats = round_seats(award_round)
    excluded = conflicted_sheet_ids(award_round)
    ranked_ids = award_round.dossiers.filter(state__in=RANKED_STATES).values("pk")
    sheet_rows = counted_sheet_rows(award_round, excluded=excluded, dossier_ids=ranked_ids)
    subtotals = sheet_group_subtotals(
        award_round, layout, excluded=excluded, dossier_ids=ranked_ids
    )
    by_dossier = _sheet_scores(sheet_rows, subtotals)
    judges = {
        seat.member_id: (seat.name, seat.panel_id, seat.panel_name)
        for seat in seats.values()
        if seat.scores
    }
    # A sheet by someone outside the scoring seats (rare) still counts: report that judge too.
    for sheets in by_dossier.values():
        for sheet in sheets:
            if sheet.judge_id not in judges:
                seat = seats.get(sheet.judge_id)
                judges[sheet.judge_id] = (
                    seat.name if seat else str(sheet.judge_id),
                    seat.panel_id if seat else None,
                    seat.panel_name if seat else "",
                )
    report = calibration.calibrate(by_dossier, judges=judges, group_codes=layout.group_codes)
    report.layout = layout
    return report


def latest_snapshot(award_round):
    """The round's most recent sealed result snapshot, or None (one query)."""
    return (
        ResultSnapshot.objects.filter(award_round=award_round)
        .select_related("created_by", "missing_sheets_confirmed_by")
        .order_by("-created_at", "-pk")
        .first()
    )
