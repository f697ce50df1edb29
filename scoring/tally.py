"""Dossier tallies: each dossier's counted sheets gathered in one row for the ranking.

A ranking reads every counted sheet of a round; a national round has 30,000 of them. The
tally (``scoring.models.DossierTally``) keeps, per dossier, the counted sheets' totals (with
their sheet and judge ids) and the sums of their group subtotals, so the ranking reads 2,000
rows and computes every figure from them.

Counted means submitted, with a total, not flagged ``excluded`` and without a conflict of
interest between judge and dossier, the same rule as everywhere else.

Keeping tallies true, the rule: whatever changes what counts calls ``refresh_tallies`` in
the same transaction:

- ``scoring.services.recompute_total`` (a sheet's total or subtotals were written: submit,
  paper import, data fixes),
- ``scoring.sheets.reopen_sheet`` (a sheet leaves the count),
- ``scoring.conflicts.declare_conflict`` and ``refresh_exclusions`` (sheets leave or return),
- closing scoring rebuilds every tally of the round before the result is sealed
  (``rebuild_round``), so a sealed result never depends on the upkeep above.

``refresh_tallies`` locks the tally rows before reading the sheets, so two judges submitting
on the same dossier at once cannot each write a tally that misses the other's sheet (the
second waits, then reads both). ``stale_tallies`` compares stored tallies with the sheets;
``manage.py verify_scores`` reports any and ``manage.py rebuild_tallies`` rewrites them.
"""

import sys
from array import array
from collections import defaultdict
from dataclasses import dataclass

import numpy
from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone

from awards.models import Dossier
from scoring.conflicts import counted_sheet_filter, excluded_sheet_filter
from scoring.groups import sheet_layout
from scoring.models import DossierTally, ScoreLine, ScoreSheet
from scoring.services import GROUP_FIELDS, STORED_GROUPS
from scoring.sql import cents, fetch_rows, id_ranges_q

#: A group sum that could not be formed (no counted sheet has that group's subtotal).
NO_SUM = -(2**63)
#: Dossiers per statement (well under SQLite's limit on query parameters).
CHUNK = 500
_SWAP = sys.byteorder != "little"


def pack(values):
    """Integers as little-endian signed 64-bit bytes (``None`` becomes ``NO_SUM``)."""
    packed = array("q", (NO_SUM if value is None else value for value in values))
    if _SWAP:
        packed.byteswap()
    return packed.tobytes()


def unpack(data):
    """The integers ``pack`` wrote (an ``array``; empty for empty or missing data)."""
    values = array("q")
    if data:
        values.frombytes(data)
        if _SWAP:
            values.byteswap()
    return values


def flat(packed):
    """The packed tallies of many dossiers, one after the other, as one int64 NumPy array."""
    data = numpy.frombuffer(b"".join(packed), dtype="<i8")
    return data.astype(numpy.int64, copy=False)


@dataclass(frozen=True, slots=True)
class Gathered:
    """One dossier's counted sheets: totals ascending (cents), ids in the same order."""

    totals: tuple = ()
    sheet_ids: tuple = ()
    judge_ids: tuple = ()
    group_codes: str = ""
    group_sums: tuple = ()

    def values(self):
        """The tally layout (``aggregation.Summariser.from_tally``): totals, sheet ids, judge
        ids, group sums, in one list."""
        return [*self.totals, *self.sheet_ids, *self.judge_ids, *self.group_sums]

    def packed(self):
        """The ``DossierTally`` columns of this gathering."""
        return {
            "sheet_count": len(self.totals),
            "packed": pack(self.values()),
            "group_codes": self.group_codes,
        }

    @classmethod
    def unpacked(cls, sheet_count, packed, group_codes):
        """The gathering a ``DossierTally`` row holds."""
        found, n = values(packed, sheet_count), sheet_count
        return cls(
            tuple(found[:n]),
            tuple(found[n : 2 * n]),
            tuple(found[2 * n : 3 * n]),
            group_codes,
            tuple(found[3 * n :]),
        )


def values(packed, sheet_count):
    """The tally layout a packed tally of ``sheet_count`` sheets holds, as a list of ints
    (``NO_SUM`` read back as None)."""
    found = unpack(packed).tolist()
    if NO_SUM in found[3 * sheet_count :]:
        return [None if value == NO_SUM else value for value in found]
    return found


def _chunks(ids):
    ids = sorted(set(ids))
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def counted_sheets(dossier_ids):
    """The counted sheets of the given dossiers (conflicts checked in SQL, not only the flag)."""
    return ScoreSheet.objects.filter(counted_sheet_filter(), dossier_id__in=dossier_ids).exclude(
        excluded_sheet_filter()
    )


def _extra_group_sums(sheet_ids, layout):
    """Sheet id → {code: subtotal in cents} for the groups past the sixth (from the lines)."""
    extra = layout.group_codes[STORED_GROUPS:]
    if not extra or not sheet_ids:
        return {}
    annotations = {
        f"group_{index}": cents(Sum("points", filter=id_ranges_q(layout.leaves_of(code))))
        for index, code in enumerate(extra)
    }
    rows = (
        ScoreLine.objects.filter(sheet_id__in=sheet_ids)
        .values("sheet_id")
        .annotate(**annotations)
        .values_list("sheet_id", *annotations)
    )
    return {row[0]: dict(zip(extra, row[1:], strict=True)) for row in rows}


def _add(total, value):
    if value is None:
        return total
    return value if total is None else total + value


def gather(*, dossier_ids, layout):
    """Dossier id → ``Gathered`` for dossiers whose rule set has ``layout`` (fixed queries).

    Dossiers without a counted sheet get an empty ``Gathered``.
    """
    stored = layout.group_codes[:STORED_GROUPS]
    columns = {
        f"g{index}": cents(F(field)) for index, field in enumerate(GROUP_FIELDS[: len(stored)])
    }
    by_dossier = defaultdict(list)
    for chunk in _chunks(dossier_ids):
        rows = fetch_rows(
            counted_sheets(chunk)
            .annotate(total_cents=cents(F("total")), **columns)
            .values_list("pk", "dossier_id", "member_id", "total_cents", *columns)
        )
        extra = _extra_group_sums([row[0] for row in rows], layout)
        for sheet_id, dossier_id, member_id, total, *groups in rows:
            subtotals = dict(zip(stored, groups, strict=True))
            subtotals.update(extra.get(sheet_id, {}))
            by_dossier[dossier_id].append((total, sheet_id, member_id, subtotals))
    result = {}
    for dossier_id in set(dossier_ids):
        sheets = sorted(by_dossier.get(dossier_id, ()), key=lambda sheet: sheet[:2])
        sums = dict.fromkeys(layout.group_codes)
        for *_ids, subtotals in sheets:
            for code in layout.group_codes:
                sums[code] = _add(sums[code], subtotals.get(code))
        result[dossier_id] = Gathered(
            totals=tuple(sheet[0] for sheet in sheets),
            sheet_ids=tuple(sheet[1] for sheet in sheets),
            judge_ids=tuple(sheet[2] for sheet in sheets),
            group_codes=layout.signature,
            group_sums=tuple(sums[code] for code in layout.group_codes) if sheets else (),
        )
    return result


def _layouts_of(dossier_ids):
    """Rule set → (its layout, the ids of the given dossiers in rounds that use it)."""
    by_rule_set = defaultdict(list)
    for dossier_id, rule_set_id in Dossier.objects.filter(pk__in=dossier_ids).values_list(
        "pk", "award_round__rule_set_id"
    ):
        by_rule_set[rule_set_id].append(dossier_id)
    return [(sheet_layout(rule_set_id), ids) for rule_set_id, ids in by_rule_set.items()]


def gather_any(dossier_ids):
    """``gather`` for dossiers of any rounds (one layout query per rule set)."""
    result = {}
    for layout, ids in _layouts_of(list(dossier_ids)):
        result.update(gather(dossier_ids=ids, layout=layout))
    return result


@transaction.atomic
def refresh_tallies(*, dossier_ids):
    """Rewrite the tallies of ``dossier_ids`` from their sheets; return how many were written.

    Steps: make sure every tally row exists, lock them in id order, read the counted sheets
    (after the lock, so a concurrent submission that committed meanwhile is seen), write.
    """
    ids = sorted(set(dossier_ids))
    if not ids:
        return 0
    for chunk in _chunks(ids):
        DossierTally.objects.bulk_create(
            [DossierTally(dossier_id=pk) for pk in chunk], ignore_conflicts=True
        )
        list(
            DossierTally.objects.select_for_update()
            .filter(pk__in=chunk)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
    now = timezone.now()
    tallies = [
        DossierTally(dossier_id=pk, refreshed_at=now, **gathered.packed())
        for pk, gathered in gather_any(ids).items()
    ]
    # The rows exist and are locked: an upsert rewrites them in one statement per batch
    # (``bulk_update`` would build one CASE per column and row, slow for a whole round).
    DossierTally.objects.bulk_create(
        tallies,
        batch_size=CHUNK // 2,
        update_conflicts=True,
        unique_fields=["dossier"],
        update_fields=["sheet_count", "packed", "group_codes", "refreshed_at"],
    )
    return len(tallies)


def rebuild_round(*, award_round):
    """Rewrite every tally of ``award_round`` from the sheets; return how many were written."""
    return refresh_tallies(
        dossier_ids=list(
            Dossier.objects.filter(award_round=award_round).values_list("pk", flat=True)
        )
    )


def stored(award_round):
    """Dossier id → ``Gathered`` as stored in the round's tallies (one query)."""
    rows = DossierTally.objects.filter(dossier__award_round=award_round).values_list(
        "dossier_id", "sheet_count", "packed", "group_codes"
    )
    return {pk: Gathered.unpacked(count, packed, codes) for pk, count, packed, codes in rows}


def stale_tallies(*, award_round):
    """Codes of the round's dossiers whose stored tally differs from their sheets, in order."""
    layout = sheet_layout(award_round.rule_set)
    dossiers = dict(award_round.dossiers.values_list("pk", "code"))
    fresh = gather(dossier_ids=list(dossiers), layout=layout)
    kept = stored(award_round)
    stale = []
    for pk, gathered in fresh.items():
        current = kept.get(pk, Gathered())
        if (current.totals or gathered.totals) and current != gathered:
            stale.append(dossiers[pk])
    return sorted(stale)
