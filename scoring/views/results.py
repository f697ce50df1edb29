"""Result pages of a scored round: the ranking, one dossier's sheets, calibration, closing.

For the round's secretariat and its council members and chair; closing scoring is for the
secretariat only. Anyone else gets 404, so a round's results do not leak.

The ranking page lists every dossier (2,000 in a national round) within 500 ms of server
time. Django's template engine spends a few microseconds on every ``{{ value }}``; at 24
cells × 2,000 rows that alone would eat half the budget. So the figures are formatted once
in Python (``_display_rows``) and the table body is written by ``_rows_html`` with the
standard library's ``html.escape`` on every text cell; the rest of the page (headers,
summary, filters) stays in the template.
"""

from dataclasses import dataclass
from decimal import Decimal
from html import escape

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import get_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from awards import access
from awards.enums import AggregationMethod, DossierState, ProductGroup, Role
from awards.errors import DomainError
from awards.models import AwardRound
from scoring import selectors
from scoring.aggregation import from_cents
from scoring.seal import close_scoring, missing_sheets

#: Who may read a round's results.
READERS = {Role.SECRETARIAT, Role.SYSADMIN, Role.COUNCIL_MEMBER, Role.CHAIR}
SECRETARIAT = {Role.SECRETARIAT, Role.SYSADMIN}
#: How many missing sheets the closing page lists by name.
MISSING_LISTED = 200


def _round_or_404(request, code, *, allowed=READERS):
    award_round = get_object_or_404(
        AwardRound.objects.select_related("rule_set", "organiser"), code=code
    )
    roles = access.roles_in_round(request.user, award_round)
    if not roles & allowed:
        raise Http404
    return award_round, bool(roles & SECRETARIAT)


class _Numbers:
    """Formats two-place Decimals for the current language once per page (fast, exact)."""

    def __init__(self):
        self.separator = get_format("DECIMAL_SEPARATOR")

    def __call__(self, value):
        if value is None:
            return "—"
        text = str(value)
        return text if self.separator == "." else text.replace(".", self.separator)


@dataclass(slots=True)
class DisplayRow:
    rank: str
    group_rank: str
    pk: int
    code: str
    title: str
    group: str
    applicant: str
    commune: str
    n: str
    short: bool
    mean: str
    median: str
    sd: str
    minimum: str
    maximum: str
    groups: list
    official: str
    normalised: str
    result: str
    tone: str
    band: str
    flags: list


def _display_rows(results, group_codes):
    number = _Numbers()
    passed, failed, no_quorum = _("Passed"), _("Not passed"), _("No quorum")
    spread_text = _("Spread %(spread)s")
    far_text = _("%(judge)s off by %(deviation)s")
    rows = []
    for r in results:
        info = r.info
        if not r.quorum_reached:
            result, tone = no_quorum, "pending"
        elif r.passed is None:
            result, tone = "—", "neutral"
        else:
            result, tone = (passed, "passed") if r.passed else (failed, "failed")
        flags = []
        if r.disagreement:
            flags.append(spread_text % {"spread": number(r.spread)})
        for far in r.far_judges:
            deviation = number(far.deviation)
            if far.deviation > 0:
                deviation = f"+{deviation}"
            flags.append(far_text % {"judge": far.judge_name, "deviation": deviation})
        rows.append(
            DisplayRow(
                rank="" if r.rank is None else str(r.rank),
                group_rank="" if r.group_rank is None else str(r.group_rank),
                pk=r.dossier_id,
                code=r.code,
                title=info.title,
                group=r.product_group,
                applicant=info.applicant,
                commune=info.commune,
                n=f"{r.n}/{r.required}",
                short=not r.quorum_reached,
                mean=number(r.mean),
                median=number(r.median),
                sd=number(r.sd),
                minimum=number(r.minimum),
                maximum=number(r.maximum),
                groups=[number(r.group_means.get(code)) for code in group_codes],
                official=number(r.official),
                normalised=number(r.normalised),
                result=result,
                tone=tone,
                band=r.band or "",
                flags=flags,
            )
        )
    return rows


_ROW = (
    '<tr{css}><td>{rank}</td><td>{group_rank}</td><td class="code"><a href="{url}">{code}</a></td>'
    '<td>{title}</td><td>{group}</td><td>{applicant}<br><span class="muted">{commune}</span></td>'
    "<td>{n}</td><td>{mean}</td><td>{median}</td><td>{sd}</td><td>{minimum}</td><td>{maximum}</td>"
    '{groups}<td class="results-score">{official}</td>{normalised}'
    '<td><span class="result result--{tone}">{result}</span></td><td>{band}</td><td>{flags}</td></tr>\n'
)


def _rows_html(rows, detail_base, *, normalised=True):
    """The ranking table's body: one ``<tr>`` per row, every text escaped (see module notes)."""
    parts = []
    for row in rows:
        parts.append(
            _ROW.format(
                css=' class="is-short"' if row.short else "",
                rank=row.rank,
                group_rank=row.group_rank,
                url=escape(f"{detail_base}{row.pk}/"),
                code=escape(row.code),
                title=escape(row.title),
                group=escape(row.group),
                applicant=escape(row.applicant),
                commune=escape(row.commune),
                n=row.n,
                mean=row.mean,
                median=row.median,
                sd=row.sd,
                minimum=row.minimum,
                maximum=row.maximum,
                groups="".join(f"<td>{value}</td>" for value in row.groups),
                official=row.official,
                normalised=f'<td class="muted">{row.normalised}</td>' if normalised else "",
                tone=row.tone,
                result=escape(row.result),
                band=escape(row.band),
                flags="".join(f'<span class="flag">{escape(flag)}</span>' for flag in row.flags),
            )
        )
    # Safe: every text cell is escaped above; figures are digits and separators.
    return mark_safe("".join(parts))


def _rule_summary(rule_set, rules):
    number = _Numbers()
    if rule_set.quorum_min_sheets:
        quorum = _("at least %(count)d sheets per dossier") % {"count": rule_set.quorum_min_sheets}
    else:
        percent = (rule_set.quorum_ratio * 100).quantize(Decimal("0.01"))
        quorum = _("%(percent)s%% of the judges expected for the dossier, rounded up") % {
            "percent": number(percent)
        }
    return {
        "method": AggregationMethod(rules.method).label,
        "pass_mark": number(rule_set.pass_mark) if rule_set.pass_mark is not None else None,
        "quorum": quorum,
        "tie_breaks": [_tie_break_label(link) for link in rules.ranking_chain()[0]],
        "bands": [(label, number(from_cents(minimum))) for label, minimum in rules.bands],
        "threshold": number(from_cents(rules.disagreement_threshold)),
        "normalised_official": rules.official_result_normalised,
    }


def _tie_break_label(link):
    labels = {
        "final_score": _("official score"),
        "mean": _("mean"),
        "median": _("median"),
        "trimmed_mean": _("mean without highest and lowest"),
        "normalised": _("normalised score"),
        "min": _("lowest total"),
        "max": _("highest total"),
        "submitted_at": _("earlier submission"),
    }
    if link.startswith("group:"):
        return _("group %(code)s mean") % {"code": link[6:]}
    return labels.get(link, link)


def _filtered(rows, request):
    group = request.GET.get("group", "")
    flagged = request.GET.get("flagged") == "1"
    if group in ProductGroup.values:
        rows = [row for row in rows if row.group == group]
    if flagged:
        rows = [row for row in rows if row.flags]
    return rows, group, flagged


@login_required
def ranking(request, code):
    award_round, is_secretariat = _round_or_404(request, code)
    context = {"award_round": award_round, "is_secretariat": is_secretariat, "current": "ranking"}
    if award_round.rule_set.uses_ballot:
        return render(request, "scoring/results_ranking.html", {**context, "ballot_round": True})
    with selectors.cyclic_gc_paused():  # 2,000 rows of small objects: see the selector
        result = selectors.round_ranking(award_round=award_round)
        rows = _display_rows(result.rows, result.group_codes)
        shown, group, flagged = _filtered(rows, request)
        detail_base = reverse("scoring:results_dossier", args=[award_round.code, 0])[:-2]
        rows_html = _rows_html(shown, detail_base, normalised=result.normalised_shown)
    layout = result.layout
    context.update(
        {
            "ranking": result,
            "normalised_shown": result.normalised_shown,
            "rows": shown,
            "rows_html": rows_html,
            "counts": result.counts,
            "group_headers": [(c, layout.group_names.get(c, c)) for c in result.group_codes],
            "rules": _rule_summary(award_round.rule_set, result.rules),
            "snapshot": selectors.latest_snapshot(award_round),
            "in_scoring": any(r.info.state == DossierState.IN_SCORING for r in result.rows),
            "product_groups": ProductGroup.choices,
            "group_filter": group,
            "flagged_filter": flagged,
            "filtered": len(shown) != len(rows),
        }
    )
    return render(request, "scoring/results_ranking.html", context)


@login_required
def dossier(request, code, pk):
    award_round, is_secretariat = _round_or_404(request, code)
    target = get_object_or_404(award_round.dossiers.all(), pk=pk, state__in=selectors.RANKED_STATES)
    result_ranking, result, sheets = selectors.dossier_detail(
        award_round=award_round, dossier=target
    )
    number = _Numbers()
    rows = _display_rows([result], result_ranking.group_codes) if result else []
    sheet_rows = [
        {
            "sheet": sheet,
            "total": number(sheet.total),
            "groups": [number(sheet.groups.get(c)) for c in result_ranking.group_codes],
            "deviation": number(sheet.far.deviation) if sheet.far else "",
        }
        for sheet in sheets
    ]
    layout = result_ranking.layout
    return render(
        request,
        "scoring/results_dossier.html",
        {
            "award_round": award_round,
            "is_secretariat": is_secretariat,
            "current": "ranking",
            "dossier": target,
            "row": rows[0] if rows else None,
            "result": result,
            "sheets": sheet_rows,
            "group_headers": [
                (c, layout.group_names.get(c, c)) for c in result_ranking.group_codes
            ],
        },
    )


@login_required
def calibration(request, code):
    award_round, is_secretariat = _round_or_404(request, code)
    context = {
        "award_round": award_round,
        "is_secretariat": is_secretariat,
        "current": "calibration",
    }
    if award_round.rule_set.uses_ballot:
        return render(
            request, "scoring/results_calibration.html", {**context, "ballot_round": True}
        )
    report = selectors.calibration_report(award_round=award_round)
    number = _Numbers()

    def signed(value):
        text = number(value)
        return f"+{text}" if value is not None and value > 0 else text

    judges = [
        {
            "judge": judge,
            "mean": number(judge.mean_total),
            "sd": number(judge.sd_total),
            "deviation": signed(judge.deviation),
            "groups": [signed(v) for v in judge.group_deviation_list(report.group_codes)],
            "harsh": judge.deviation is not None and judge.deviation < 0,
        }
        for judge in report.judges
    ]
    layout = report.layout
    names = layout.group_names
    agreements = [
        {
            "agreement": agreement,
            "scope": _("Total")
            if agreement.group_code is None
            else f"{agreement.group_code}. {names.get(agreement.group_code, '')}",
            "w": number(agreement.w_display),
        }
        for agreement in report.agreements
    ]
    context.update(
        {
            "judges": judges,
            "agreements": agreements,
            "group_headers": [(c, names.get(c, c)) for c in report.group_codes],
            "normalised_official": award_round.rule_set.official_result_normalised,
            "several_juries": len({judge.panel_id for judge in report.judges}) > 1,
        }
    )
    return render(request, "scoring/results_calibration.html", context)


@login_required
def close(request, code):
    award_round, _is_secretariat = _round_or_404(request, code, allowed=SECRETARIAT)
    missing = missing_sheets(award_round=award_round)
    in_scoring = award_round.dossiers.filter(state=DossierState.IN_SCORING).count()
    problems = []
    if request.method == "POST":
        confirmed = request.POST.get("confirm_missing") == "1"
        seen = request.POST.get("missing_seen", "")
        try:
            if confirmed and seen != str(len(missing)):
                raise DomainError(
                    _(
                        "The number of missing sheets changed since the page was loaded "
                        "(now %(count)d). Check the list again before closing."
                    )
                    % {"count": len(missing)}
                )
            snapshot = close_scoring(
                award_round=award_round, by=request.user, confirm_missing=confirmed
            )
        except DomainError as error:
            messages.error(request, error.message)
            problems = error.problems
        else:
            messages.success(
                request,
                _("Scoring is closed and the result is sealed. Seal: %(head)s")
                % {"head": snapshot.chain_head},
            )
            return redirect("scoring:results_ranking", code=award_round.code)
    return render(
        request,
        "scoring/results_close.html",
        {
            "award_round": award_round,
            "is_secretariat": True,
            "current": "close",
            "missing": missing[:MISSING_LISTED],
            "missing_count": len(missing),
            "missing_more": max(0, len(missing) - MISSING_LISTED),
            "in_scoring": in_scoring,
            "problems": problems,
            "snapshot": selectors.latest_snapshot(award_round),
        },
    )
