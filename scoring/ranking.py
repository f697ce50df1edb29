"""A round's ranking: order by the tie-break chain, competition ranks in the round and in each
product group, and the JSON row the sealed snapshot keeps.

The per-dossier figures come from ``scoring.aggregation`` (or its vectorised twin,
``scoring.aggregation_batch``); this module only orders them. The rules it applies are the
module notes of ``scoring.aggregation`` (ranks, tie-break links, missing values).
"""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import groupby
from operator import attrgetter
from typing import Any

from scoring.aggregation import FIGURE_LINKS, DossierScores, Rules, Summariser

_MISSING = math.inf  # a missing figure sorts after every present one (keys are negated)
_MISSING_LAST = (1, 0)


#: Figures present on every dossier with quorum (at least one sheet): read as they are.
_ALWAYS_PRESENT = {"official", "mean", "median", "trimmed_mean", "minimum", "maximum"}


def _figure_getter(attribute):
    def value(result):
        figure = getattr(result, attribute)
        return _MISSING if figure is None else -figure

    return value


def _group_getter(index):
    def value(result):
        figure = None if index is None else result.group_means_c[index]
        return _MISSING if figure is None else -figure

    return value


def _submitted_key(result):
    moment = result.submitted_at
    return _MISSING_LAST if moment is None else (0, moment)


def _key_links(chain, group_codes):
    """(value of a ranked row, sort descending?) for each link of the chain.

    A figure every ranked row has is read as it is and sorted descending (C-level
    ``attrgetter``); a link that may be missing is negated, with ``_MISSING`` last.
    """
    links = []
    for link in chain:
        if link == "submitted_at":
            links.append((_submitted_key, False))
        elif link.startswith("group:"):
            code = link[6:]
            index = group_codes.index(code) if code in group_codes else None
            links.append((_group_getter(index), False))
        elif FIGURE_LINKS[link] in _ALWAYS_PRESENT:
            links.append((attrgetter(FIGURE_LINKS[link] + "_c"), True))
        else:
            links.append((_figure_getter(FIGURE_LINKS[link] + "_c"), False))
    return links


def _order(rows, links, depth, prefix):
    """``rows`` (in code order) ordered by the links from ``depth`` on, each given its key.

    Only rows still tied are compared on the next link, so most rows are read on one or two
    links. A row's ``sort_key`` is the values that placed it (its prefix of the chain): two
    rows share a key exactly when they are equal on every link of the chain.
    """
    if depth == len(links):
        for row in rows:
            row.sort_key = prefix
        return rows
    value_of, descending = links[depth]
    ordered = []
    for value, run in groupby(sorted(rows, key=value_of, reverse=descending), key=value_of):
        run = list(run)
        key = (*prefix, value)
        if len(run) == 1:
            run[0].sort_key = key
            ordered.append(run[0])
        else:
            ordered.extend(_order(run, links, depth + 1, key))
    return ordered


def _assign_ranks(ordered):
    """Competition ranks (1, 2, 2, 4) in the round and in each product group."""
    previous_key, previous_rank = None, 0
    groups = {}  # product group → [rows seen, last key, last rank]
    for position, result in enumerate(ordered, start=1):
        key = result.sort_key
        if key != previous_key:
            previous_key, previous_rank = key, position
        result.rank = previous_rank
        seen = groups.get(result.product_group)
        if seen is None:
            seen = groups[result.product_group] = [0, None, 0]
        seen[0] += 1
        if key != seen[1]:
            seen[1], seen[2] = key, seen[0]
        result.group_rank = seen[2]


_code_of = attrgetter("code")


def rank_results(results, *, rules):
    """Rank ``results`` in place and return them in rank order, unranked ones last by code.

    Rows are ordered by the tie-break chain (official score first); a link is read only for
    rows still tied on the links before it. Returns (rows, unknown tie-break links).
    """
    chain, unknown = rules.ranking_chain()
    links = _key_links(chain, results[0].group_codes if results else ())
    ranked, unranked = [], []
    for result in results:
        if result.quorum_reached:
            ranked.append(result)
        else:
            result.rank = result.group_rank = None
            result.sort_key = ()
            unranked.append(result)
    ranked.sort(key=_code_of)  # the order of rows tied on every link
    ranked = _order(ranked, links, 0, ())
    _assign_ranks(ranked)
    unranked.sort(key=_code_of)
    return ranked + unranked, unknown


@dataclass
class Ranking:
    """A round's results in rank order, with what a page needs to present them."""

    rows: list
    rules: Rules
    group_codes: Sequence[str] = ()
    unknown_tie_breaks: list = field(default_factory=list)
    layout: Any = None  # the selectors attach the sheet layout (group names, maxima)

    def __iter__(self):
        return iter(self.rows)

    def __len__(self):
        return len(self.rows)

    @property
    def counts(self):
        with_quorum = sum(1 for r in self.rows if r.quorum_reached)
        passed = sum(1 for r in self.rows if r.passed)
        flagged = sum(1 for r in self.rows if r.flagged)
        return {
            "total": len(self.rows),
            "with_quorum": with_quorum,
            "passed": passed,
            "flagged": flagged,
        }


def rank_round(
    dossiers: Iterable[DossierScores], *, rules, group_codes=(), normalised=None, judge_names=None
):
    """Summarise every dossier and rank them: the whole computation for one round."""
    group_codes = tuple(group_codes)
    summary = Summariser(
        rules=rules, group_codes=group_codes, normalised=normalised, judge_names=judge_names
    )
    return ranking_of(
        [summary(dossier) for dossier in dossiers], rules=rules, group_codes=group_codes
    )


def ranking_of(results, *, rules, group_codes=()):
    """Rank summarised dossiers (``DossierResult``) into the round's ``Ranking``."""
    rows, unknown = rank_results(results, rules=rules)
    return Ranking(
        rows=rows, rules=rules, group_codes=tuple(group_codes), unknown_tie_breaks=unknown
    )


def result_as_json(result, *, group_codes=()):
    """A JSON-safe dict of one result (Decimals as strings), for the sealed snapshot."""

    def text(value):
        return None if value is None else str(value)

    info = result.info
    return {
        "dossier": result.dossier_id,
        "code": result.code,
        "title": getattr(info, "title", ""),
        "product_group": result.product_group,
        "rank": result.rank,
        "group_rank": result.group_rank,
        "n": result.n,
        "required": result.required,
        "mean": text(result.mean),
        "median": text(result.median),
        "sd": text(result.sd),
        "min": text(result.minimum),
        "max": text(result.maximum),
        "group_means": {code: text(result.group_means.get(code)) for code in group_codes},
        "official": text(result.official),
        "raw_official": text(result.raw_official),
        "normalised": text(result.normalised),
        "quorum_reached": result.quorum_reached,
        "passed": result.passed,
        "band": result.band,
        "disagreement": result.disagreement,
        "far_judges": [
            {"sheet": far.sheet_id, "judge": far.judge_name, "deviation": text(far.deviation)}
            for far in result.far_judges
        ],
    }
