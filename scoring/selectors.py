"""Reads that feed the aggregation engine and the result pages.

A whole round is read with a fixed handful of queries, however many dossiers and sheets it
has: the sheet layout (criteria), the seats, the conflicted sheets, the counted sheets with
their totals, the group sums (one aggregate over the score lines), the expected judges per
dossier (one grouped count of assignments) and the dossiers with their facility and commune.
Points come out of SQL as integer hundredths, so no Decimal is built per row.
"""

import gc
import operator
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass
from functools import reduce

from django.db import connections
from django.db.models import (
    Aggregate,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    IntegerField,
    Q,
    Sum,
    TextField,
)
from django.db.models.functions import Cast, Round

from awards.enums import DossierState
from scoring import aggregation, calibration
from scoring.conflicts import excluded_sheet_filter
from scoring.enums import PanelKind, SeatRole, SheetStatus
from scoring.models import (
    Assignment,
    Conflict,
    PanelMember,
    ResultSnapshot,
    ScoreLine,
    ScoreSheet,
)
from scoring.services import GROUP_FIELDS, STORED_GROUPS

S = DossierState
#: Dossiers that take part in the ranking: in scoring or past it (decided ones stay visible).
#: Withdrawn, rejected and disqualified dossiers are out of the ranking.
RANKED_STATES = (S.IN_SCORING, S.SCORED, S.RECOGNISED, S.NOT_RECOGNISED, S.REVOKED)


def cents(expression):
    """SQL: ``expression`` (points) as integer hundredths."""
    scaled = ExpressionWrapper(
        expression * 100, output_field=DecimalField(max_digits=14, decimal_places=2)
    )
    return Cast(Round(scaled), output_field=IntegerField())


@dataclass(frozen=True, slots=True)
class SheetLayout:
    """The round's criterion groups in sheet order and which group each leaf belongs to."""

    group_codes: tuple
    group_names: dict
    group_max: dict  # code → maximum in cents
    leaf_groups: dict  # leaf criterion id → group code
    scale_max: int  # cents

    def leaves_of(self, code):
        return [leaf for leaf, group in self.leaf_groups.items() if group == code]


def sheet_layout(rule_set):
    """One query: the criteria tree of ``rule_set`` reduced to groups and leaves."""
    rows = list(
        rule_set.criteria.order_by("order", "code").values_list(
            "pk", "code", "name", "parent_id", "max_points"
        )
    )
    parents = {parent for _pk, _code, _name, parent, _max in rows if parent}
    groups = [
        (pk, code, name, maximum) for pk, code, name, parent, maximum in rows if parent is None
    ]
    code_of = {pk: code for pk, code, _name, _max in groups}
    leaf_groups = {}
    for pk, code, _name, parent, _max in rows:
        if pk in parents:
            continue
        # A group without sub-criteria is scored directly: it is its own leaf.
        leaf_groups[pk] = code_of[parent] if parent else code
    return SheetLayout(
        group_codes=tuple(code for _pk, code, _name, _max in groups),
        group_names={code: name for _pk, code, name, _max in groups},
        group_max={code: aggregation.to_cents(maximum) for _pk, code, _n, maximum in groups},
        leaf_groups=leaf_groups,
        scale_max=sum(aggregation.to_cents(maximum) for _pk, _c, _n, maximum in groups),
    )


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


def jury_size(seats):
    return sum(1 for seat in seats.values() if seat.scores)


def conflicted_sheet_ids(award_round):
    """Ids of the round's sheets whose judge declared a conflict with the dossier (one query).

    Only the sheets of members with at least one conflict are examined, so a round without
    conflicts costs one index probe.
    """
    conflicted_members = Conflict.objects.filter(member__panel__award_round=award_round).values(
        "member_id"
    )
    return set(
        ScoreSheet.objects.filter(member_id__in=conflicted_members)
        .filter(excluded_sheet_filter())
        .values_list("pk", flat=True)
    )


def counted_sheets_query(award_round):
    """Submitted sheets with a total in ``award_round`` (conflicts are removed by the caller).

    The round is picked with ``dossier_id IN (SELECT … round's dossiers)`` rather than a join:
    SQLite then walks the sheets in dossier order and needs no temporary sort.
    """
    return ScoreSheet.objects.filter(
        dossier_id__in=award_round.dossiers.values("pk"),
        status=SheetStatus.SUBMITTED,
        total__isnull=False,
        excluded=False,
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


def id_ranges_q(ids, field="criterion_id"):
    """``Q`` matching ``field`` in ``ids``, written as ranges of consecutive ids.

    A group's leaves are usually created together, so their ids form one range; on 360,000
    score lines a range test costs SQLite about a third less than an ``IN`` list.
    """
    parts = []
    ordered = sorted(ids)
    start = 0
    while start < len(ordered):
        end = start
        while end + 1 < len(ordered) and ordered[end + 1] == ordered[end] + 1:
            end += 1
        low, high = ordered[start], ordered[end]
        if low == high:
            parts.append(Q(**{field: low}))
        else:
            parts.append(Q(**{f"{field}__gte": low, f"{field}__lte": high}))
        start = end + 1
    return reduce(operator.or_, parts)


def _group_sums(layout):
    return {
        f"group_{index}": cents(Sum("points", filter=id_ranges_q(layout.leaves_of(code))))
        for index, code in enumerate(layout.group_codes)
    }


def fetch_rows(queryset):
    """The rows of a ``values_list`` queryset of integers, straight from the cursor.

    The SQL is Django's own (``sql_with_params``); only the per-row iteration is skipped,
    which saves about a microsecond per value (30 ms on a national round's 30,000 sheets).
    Use it only where every column is an integer or NULL, so no conversion is needed.
    """
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _lines_query(award_round, excluded):
    query = ScoreLine.objects.filter(
        sheet__dossier_id__in=award_round.dossiers.values("pk"),
        sheet__status=SheetStatus.SUBMITTED,
        sheet__total__isnull=False,
        sheet__excluded=False,
    )
    if excluded:
        query = query.exclude(sheet_id__in=list(excluded))
    return query


def dossier_group_sums(award_round, layout, *, excluded=frozenset()):
    """Dossier id → {group code: sum of that group's points over counted sheets, in cents}.

    One aggregate over the counted sheets' stored subtotals (``group_1_total`` …
    ``group_6_total``, written by ``scoring.services.recompute_total``), grouped by dossier.
    A rule set with more than six groups gets the extra groups from the score lines (the
    slower path, one more aggregate).
    """
    if not layout.group_codes:
        return {}
    stored = layout.group_codes[:STORED_GROUPS]
    annotations = {
        f"group_{index}": cents(Sum(field))
        for index, field in enumerate(GROUP_FIELDS[: len(stored)])
    }
    query = counted_sheets_query(award_round)
    if excluded:
        query = query.exclude(pk__in=list(excluded))
    rows = fetch_rows(
        query.values("dossier_id").annotate(**annotations).values_list("dossier_id", *annotations)
    )
    sums = {row[0]: dict(zip(stored, row[1:], strict=True)) for row in rows}
    extra = layout.group_codes[STORED_GROUPS:]
    if extra:
        annotations = {
            f"group_{index}": cents(Sum("points", filter=id_ranges_q(layout.leaves_of(code))))
            for index, code in enumerate(extra)
        }
        for row in fetch_rows(
            _lines_query(award_round, excluded)
            .values("sheet__dossier_id")
            .annotate(**annotations)
            .values_list("sheet__dossier_id", *annotations)
        ):
            sums.setdefault(row[0], {}).update(zip(extra, row[1:], strict=True))
    return sums


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


def assigned_counts(award_round):
    """Dossier id → number of judges assigned to it (one grouped query); absent when none."""
    rows = (
        Assignment.objects.filter(dossier__award_round=award_round)
        .values("dossier_id")
        .annotate(judges=Count("pk"))
        .values_list("dossier_id", "judges")
    )
    return dict(rows)


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


def ranked_dossiers(award_round, *, dossier_ids=None):
    """One query: the round's dossiers that take part in the ranking, with applicant and commune."""
    query = award_round.dossiers.filter(state__in=RANKED_STATES)
    if dossier_ids is not None:
        query = query.filter(pk__in=dossier_ids)
    rows = query.values_list(
        "pk",
        "code",
        "title",
        "product_group",
        "state",
        "submitted_at",
        "facility__name",
        "facility__unit__name",
        "artisan__full_name",
        "artisan__unit__name",
    )
    return [
        DossierRow(
            pk, code, title, group, state, facility or artisan or "", f_unit or a_unit or "", at
        )
        for pk, code, title, group, state, at, facility, f_unit, artisan, a_unit in rows
    ]


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


def _dossier_inputs(dossiers, by_dossier, *, seats, assigned, group_sums=None, totals=None):
    size = jury_size(seats)
    totals = totals or {}
    return [
        aggregation.DossierScores(
            dossier_id=row.pk,
            sheets=by_dossier.get(row.pk, []),
            totals=totals.get(row.pk),
            expected_judges=assigned.get(row.pk, size),
            code=row.code,
            product_group=row.product_group,
            submitted_at=row.submitted_at,
            group_sums=None if group_sums is None else group_sums.get(row.pk, {}),
            info=row,
        )
        for row in dossiers
    ]


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


def round_ranking(*, award_round, normalise=False):
    """The round's results in rank order (an ``aggregation.Ranking``; iterate for the rows).

    The per-judge normalised figure needs every sheet of the round, so it is computed only
    when asked (``normalise``: the dossier page, the sealed snapshot) or when the rule set
    needs it (official result or a tie-break link on it); ``ranking.normalised_shown`` says
    whether it was. Without it the sheets are read as one aggregate per dossier.
    ``award_round.rule_set`` should be selected with the round.
    """
    with cyclic_gc_paused():
        return _round_ranking(award_round, normalise=normalise)


def _needs_normalised(rules):
    return rules.official_result_normalised or "normalised" in rules.ranking_chain()[0]


class TotalsList(Aggregate):
    """SQL: the group's values joined by commas, as text (order irrelevant)."""

    function = "GROUP_CONCAT"
    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            function="STRING_AGG",
            template="%(function)s(CAST(%(expressions)s AS text), ',')",
            **extra_context,
        )


def dossier_aggregates(award_round, layout, *, excluded=frozenset()):
    """Dossier id → (totals in cents, {group code: sum in cents}) over its counted sheets.

    One aggregate query over the counted sheets' stored totals and group subtotals (the
    score lines are read only for groups past the sixth, see ``dossier_group_sums``).
    """
    stored = layout.group_codes[:STORED_GROUPS]
    annotations = {
        f"group_{index}": cents(Sum(field))
        for index, field in enumerate(GROUP_FIELDS[: len(stored)])
    }
    query = counted_sheets_query(award_round)
    if excluded:
        query = query.exclude(pk__in=list(excluded))
    rows = fetch_rows(
        query.values("dossier_id")
        .annotate(totals=TotalsList(cents(F("total"))), **annotations)
        .values_list("dossier_id", "totals", *annotations)
    )
    result = {}
    for row in rows:
        totals = [int(value) for value in row[1].split(",")] if row[1] else []
        result[row[0]] = (totals, dict(zip(stored, row[2:], strict=True)))
    if layout.group_codes[STORED_GROUPS:]:
        for dossier_id, groups in dossier_group_sums(
            award_round, layout, excluded=excluded
        ).items():
            if dossier_id in result:
                result[dossier_id][1].update(groups)
    return result


def _may_have_far_judges(totals, rules):
    n = len(totals)
    if n < 2:
        return False
    total_sum = sum(totals)
    threshold = rules.far_threshold * (n - 1)
    return n * max(totals) - total_sum > threshold or total_sum - n * min(totals) > threshold


def _round_ranking(award_round, *, normalise):
    rule_set = award_round.rule_set
    rules = aggregation.Rules.from_rule_set(rule_set)
    normalise = normalise or _needs_normalised(rules)
    layout = sheet_layout(rule_set)
    seats = round_seats(award_round)
    excluded = conflicted_sheet_ids(award_round)
    assigned = assigned_counts(award_round)
    dossiers = ranked_dossiers(award_round)
    normalised = totals = None
    if normalise:
        sheet_rows = counted_sheet_rows(award_round, excluded=excluded)
        group_sums = dossier_group_sums(award_round, layout, excluded=excluded)
        by_dossier = _sheet_scores(sheet_rows)
        all_sheets = [sheet for row in dossiers for sheet in by_dossier.get(row.pk, ())]
        normalised = calibration.normalise_totals(all_sheets, scale_max=layout.scale_max)
    else:
        aggregates = dossier_aggregates(award_round, layout, excluded=excluded)
        group_sums = {pk: groups for pk, (_totals, groups) in aggregates.items()}
        # Judge identities matter only where a judge may be far from the others: read those
        # dossiers' sheets (one query); elsewhere the totals alone make the figures.
        far_ids = [
            pk for pk, (values, _g) in aggregates.items() if _may_have_far_judges(values, rules)
        ]
        by_dossier = {}
        if far_ids:
            by_dossier = _sheet_scores(
                counted_sheet_rows(award_round, excluded=excluded, dossier_ids=far_ids)
            )
        totals = {
            pk: dossier_totals
            for pk, (dossier_totals, _groups) in aggregates.items()
            if pk not in by_dossier
        }
    inputs = _dossier_inputs(
        dossiers,
        by_dossier,
        seats=seats,
        assigned=assigned,
        group_sums=group_sums,
        totals=totals,
    )
    ranking = aggregation.rank_round(
        inputs,
        rules=rules,
        group_codes=layout.group_codes,
        normalised=normalised,
        judge_names={pk: seat.name for pk, seat in seats.items()},
    )
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
