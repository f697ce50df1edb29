"""Hand-written dossiers for the engine's tests (pure values, no database)."""

from decimal import Decimal

from scoring.aggregation import DossierScores, SheetScore

D = Decimal


def dossier(
    pk, *totals, groups=None, expected=None, product_group="1", submitted_at=None, code=None
):
    """A dossier whose judges gave ``totals`` (points); ``groups`` a list of {code: points}."""
    sheets = [
        SheetScore.of(
            sheet_id=pk * 100 + index,
            judge_id=index + 1,
            total=D(str(total)),
            groups=None if groups is None else groups[index],
            judge_name=f"Giám khảo {index + 1}",
        )
        for index, total in enumerate(totals)
    ]
    return DossierScores(
        dossier_id=pk,
        sheets=sheets,
        expected_judges=len(totals) if expected is None else expected,
        code=code or f"D-{pk:03d}",
        product_group=product_group,
        submitted_at=submitted_at,
    )


def by_code(ranking):
    return {row.code: row for row in ranking.rows}
