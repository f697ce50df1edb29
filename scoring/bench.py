"""Benchmarks of the scoring app, run by ``manage.py bench`` (each returns (name, value, unit)).

``bench_ranking`` builds a national round of 2,000 dossiers × 15 judges × 12 criteria
(360,000 score lines) with bulk inserts, then measures, each as the median of 5 runs:

- ``ranking_compute_ms``: the whole ranking without HTML (selectors + engine: aggregation,
  quorum, pass mark, ranks, tie-breaks, bands, flags and the normalised column);
- ``ranking_sql_ms``: one hand-written SQL aggregate (count and mean per dossier) over the
  same sheets, the yardstick;
- ``ranking_ratio``: the first over the second (target ≤ 3);
- ``ranking_page_ms``: server time of the ranking page with all 2,000 rows (target ≤ 500);
- ``ranking_with_names_ms``: the computation with the dossiers' titles, applicants and
  communes, as the page asks for it;
- ``close_scoring_s``: closing scoring once (tallies rebuilt, 30,000 sheets sealed, the result
  frozen, 2,000 dossiers moved), no budget.
"""

import datetime
import gc
import random
import secrets
import statistics
import time
from decimal import Decimal

from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from awards.enums import AgencyKind, DossierState, Family, Level, ProductGroup, UnitKind
from awards.models import (
    AdminUnit,
    Agency,
    AgencyMembership,
    AwardRound,
    Criterion,
    Dossier,
    Facility,
    RuleSet,
    User,
)
from awards.text import fold, vi_sort_key
from scoring.enums import PanelKind, SheetStatus
from scoring.models import Panel, PanelMember, ScoreLine, ScoreSheet
from scoring.tally import rebuild_round

BATCH = 5000
RUNS = 5
#: Criterion groups of the national sheet (annex 4): code, maximum, sub-criteria maxima.
SHEET = [
    ("1", 40, (15, 15, 10)),
    ("2", 40, (15, 15, 10)),
    ("3", 10, (4, 3, 3)),
    ("4", 10, (4, 3, 3)),
]
GROUPS = [
    ProductGroup.HANDICRAFT,
    ProductGroup.PROCESSED_FOOD,
    ProductGroup.MACHINERY,
    ProductGroup.OTHER,
]


def _median_ms(function, runs=RUNS):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _rule_set(tag):
    rule_set = RuleSet.objects.create(
        code=f"bench-{tag}",
        name="Bộ tiêu chí cấp quốc gia (đo tốc độ)",
        family=Family.PRODUCT,
        levels=[Level.PROVINCE, Level.REGION, Level.NATIONAL],
        pass_mark=Decimal("70"),
    )
    leaves = []
    for order, (code, maximum, subs) in enumerate(SHEET, start=1):
        group = Criterion.objects.create(
            rule_set=rule_set, code=code, name=f"Nhóm {code}", max_points=maximum, order=order
        )
        for index, sub_max in enumerate(subs, start=1):
            leaves.append(
                Criterion(
                    rule_set=rule_set,
                    parent=group,
                    code=f"{code}.{index}",
                    name=f"Tiêu chí {code}.{index}",
                    max_points=sub_max,
                    order=index,
                )
            )
    return rule_set, Criterion.objects.bulk_create(leaves)


def build_national_round(*, dossiers=2000, judges=15, seed=5):
    """Create a national round in scoring with every sheet submitted; return (round, secretary).

    Rows are built in Python and written with ``bulk_create`` in batches of 5,000, inside
    one transaction (on SQLite that is what makes it fast).
    """
    rng = random.Random(seed)
    tag = secrets.token_hex(4)
    now = timezone.now()
    with transaction.atomic():
        province = AdminUnit.objects.create(
            code=f"B{tag}", name="Tỉnh Đo Tốc Độ", kind=UnitKind.PROVINCE
        )
        communes = AdminUnit.objects.bulk_create(
            AdminUnit(
                code=f"B{tag}-{i}",
                name=f"Xã Đo {i}",
                kind=UnitKind.COMMUNE,
                parent=province,
                name_sort=vi_sort_key(f"Xã Đo {i}"),
                name_folded=fold(f"Xã Đo {i}"),
            )
            for i in range(40)
        )
        agency = Agency.objects.create(name=f"Bộ Công Thương (đo {tag})", kind=AgencyKind.MINISTRY)
        secretary = User.objects.create(username=f"bench-sec-{tag}", full_name="Thư ký đo")
        AgencyMembership.objects.create(agency=agency, user=secretary)
        rule_set, leaves = _rule_set(tag)
        award_round = AwardRound.objects.create(
            code=f"bench-national-{tag}",
            code_prefix="QG",
            name="Bình chọn cấp quốc gia (đo)",
            family=Family.PRODUCT,
            level=Level.NATIONAL,
            year=2026,
            organiser=agency,
            rule_set=rule_set,
            registration_opens=now - datetime.timedelta(days=90),
            registration_closes=now - datetime.timedelta(days=30),
            scoring_opens=now - datetime.timedelta(days=20),
        )
        jury = Panel.objects.create(
            award_round=award_round, kind=PanelKind.JURY, name="Ban giám khảo quốc gia"
        )
        users = User.objects.bulk_create(
            User(username=f"bench-judge-{tag}-{i}", full_name=f"Giám khảo {i + 1}")
            for i in range(judges)
        )
        members = PanelMember.objects.bulk_create(PanelMember(panel=jury, user=u) for u in users)
        facilities = Facility.objects.bulk_create(
            (
                Facility(
                    facility_type="household",
                    name=f"Cơ sở sản xuất {i}",
                    registration_number=f"{tag}{i:06d}"[:20],
                    unit=communes[i % len(communes)],
                    representative="Nguyễn Văn A",
                    name_sort=vi_sort_key(f"Cơ sở sản xuất {i}"),
                    name_folded=fold(f"Cơ sở sản xuất {i}"),
                )
                for i in range(dossiers)
            ),
            batch_size=BATCH,
        )
        submitted = now - datetime.timedelta(days=60)
        rows = Dossier.objects.bulk_create(
            (
                Dossier(
                    award_round=award_round,
                    code=f"QG-{i + 1:05d}",
                    state=DossierState.IN_SCORING,
                    facility=facility,
                    title=f"Sản phẩm tiêu biểu {i + 1}",
                    product_group=GROUPS[i % 4],
                    submitted_at=submitted + datetime.timedelta(minutes=i),
                    title_sort=vi_sort_key(f"Sản phẩm tiêu biểu {i + 1}"),
                )
                for i, facility in enumerate(facilities)
            ),
            batch_size=BATCH,
        )
        bias = [rng.uniform(-5, 5) for _ in members]
        sheets, points = [], []
        for dossier in rows:
            quality = rng.uniform(0.45, 0.95)
            for j, member in enumerate(members):
                share = min(1.0, max(0.0, quality + bias[j] / 100))
                values = [
                    min(
                        Decimal(round(float(leaf.max_points) * share * 2 + rng.uniform(-1, 1))) / 2,
                        leaf.max_points,
                    )
                    for leaf in leaves
                ]
                values = [max(v, Decimal(0)) for v in values]
                points.append(values)
                sheets.append(
                    ScoreSheet(
                        dossier=dossier,
                        member=member,
                        status=SheetStatus.SUBMITTED,
                        total=sum(values),
                        # The subtotals recompute_total would store (groups of 3 leaves).
                        **{
                            f"group_{g + 1}_total": sum(values[3 * g : 3 * g + 3])
                            for g in range(len(SHEET))
                        },
                        submitted_at=now - datetime.timedelta(seconds=rng.randint(0, 10**6)),
                    )
                )
        ScoreSheet.objects.bulk_create(sheets, batch_size=BATCH)
        # 360,000 lines: model instances would spend most of the time in Django's insert
        # compiler, so the rows go in as plain tuples through the same cursor and transaction.
        table = ScoreLine._meta.db_table
        sql = f"INSERT INTO {table} (sheet_id, criterion_id, points, max_points) VALUES (%s, %s, %s, %s)"
        lines = [
            (sheet.pk, leaf.pk, value, leaf.max_points)
            for sheet, values in zip(sheets, points, strict=True)
            for leaf, value in zip(leaves, values, strict=True)
        ]
        with connection.cursor() as cursor:
            for start in range(0, len(lines), BATCH):
                cursor.executemany(sql, lines[start : start + BATCH])
    # The dossier tallies, as submitting the sheets through the application would leave them.
    rebuild_round(award_round=award_round)
    if connection.vendor == "postgresql":
        # A live database has planner statistics (autovacuum); a table filled a second ago
        # has none, and the planner would guess badly for both the ranking and the yardstick.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return award_round, secretary


def _sql_aggregate():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT dossier_id, COUNT(*), AVG(total) FROM scoring_scoresheet "
            "WHERE status = 'submitted' GROUP BY dossier_id"
        )
        return cursor.fetchall()


def bench_ranking():
    from scoring.selectors import round_ranking

    award_round, secretary = build_national_round()
    gc.collect()  # drop the builder's half-million objects before timing anything
    award_round = AwardRound.objects.select_related("rule_set").get(pk=award_round.pk)
    rows = round_ranking(award_round=award_round, with_info=False)
    assert len(rows) == 2000, len(rows)
    compute_ms = _median_ms(lambda: round_ranking(award_round=award_round, with_info=False))
    sql_ms = _median_ms(_sql_aggregate)
    named_ms = _median_ms(lambda: round_ranking(award_round=award_round))
    client = Client()
    client.force_login(secretary)
    url = reverse("scoring:results_ranking", args=[award_round.code])
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    page_ms = _median_ms(lambda: client.get(url))
    # Last, as it changes the round: closing scoring (rebuild the tallies, seal 30,000 sheets,
    # freeze the result, move 2,000 dossiers).
    from scoring.seal import close_scoring

    start = time.perf_counter()
    close_scoring(award_round=award_round, by=secretary, confirm_missing=True)
    close_s = time.perf_counter() - start
    return [
        ("ranking_compute_ms", round(compute_ms, 1), "ms"),
        ("ranking_sql_ms", round(sql_ms, 1), "ms"),
        ("ranking_ratio", round(compute_ms / sql_ms, 2), "x"),
        ("ranking_with_names_ms", round(named_ms, 1), "ms"),
        ("ranking_page_ms", round(page_ms, 1), "ms"),
        ("close_scoring_s", round(close_s, 1), "s"),
    ]


BENCHMARKS = [bench_ranking]


# --- score sheets (SHEETS helper) ----------------------------------------------------------


def _sheet_round(tag, *, dossiers):
    """A province round in scoring with one judge, ``dossiers`` assigned dossiers and the
    national 12-criterion sheet."""
    from awards.enums import DossierState
    from scoring.models import Assignment

    province = AdminUnit.objects.create(
        code=f"S{tag}",
        name=f"Tỉnh đo phiếu {tag}",
        kind=UnitKind.PROVINCE,
        name_sort=vi_sort_key("Tỉnh đo phiếu"),
        name_folded=fold("Tỉnh đo phiếu"),
    )
    agency = Agency.objects.create(
        name=f"Sở Công Thương (đo phiếu {tag})", kind=AgencyKind.DEPARTMENT, unit=province
    )
    rule_set = RuleSet.objects.create(
        code=f"bench-sheet-{tag}",
        name="Phiếu chấm đo",
        family=Family.PRODUCT,
        levels=[Level.PROVINCE],
        pass_mark=Decimal("70"),
    )
    for order, (code, maximum, subs) in enumerate(SHEET, start=1):
        group = Criterion.objects.create(
            rule_set=rule_set, code=code, name=f"Nhóm {code}", max_points=maximum, order=order
        )
        Criterion.objects.bulk_create(
            Criterion(
                rule_set=rule_set,
                parent=group,
                code=f"{code}.{i}",
                name=f"Tiêu chí {code}.{i}",
                max_points=sub_max,
                order=i,
            )
            for i, sub_max in enumerate(subs, start=1)
        )
    now = timezone.now()
    award_round = AwardRound.objects.create(
        code=f"bench-sheet-{tag}",
        code_prefix=f"S{tag[:6]}",
        name=f"Đo phiếu chấm {tag}",
        family=Family.PRODUCT,
        level=Level.PROVINCE,
        year=now.year,
        organiser=agency,
        unit=province,
        rule_set=rule_set,
        registration_opens=now - datetime.timedelta(days=60),
        registration_closes=now - datetime.timedelta(days=30),
        scoring_closes=now + datetime.timedelta(days=7),
    )
    judge = User.objects.create(username=f"bench-judge-{tag}", full_name="Giám khảo đo")
    jury = Panel.objects.create(award_round=award_round, kind=PanelKind.JURY, name="Ban giám khảo")
    member = PanelMember.objects.create(panel=jury, user=judge)
    owner = User.objects.create(username=f"bench-owner-{tag}")
    facility = Facility.objects.create(
        owner=owner,
        facility_type="household",
        name=f"Cơ sở đo {tag}",
        registration_number=f"S{tag}"[:20],
        unit=province,
        representative="Người đo",
    )
    rows = [
        Dossier.objects.create(
            award_round=award_round,
            code=f"S-{i:04d}",
            facility=facility,
            owner=owner,
            title=f"Sản phẩm đo {i}",
            product_group=ProductGroup.HANDICRAFT,
        )
        for i in range(dossiers)
    ]
    Dossier.objects.filter(pk__in=[d.pk for d in rows]).update(state=DossierState.IN_SCORING)
    Assignment.objects.bulk_create(Assignment(member=member, dossier=d) for d in rows)
    leaves = list(Criterion.objects.filter(rule_set=rule_set, parent__isnull=False))
    return judge, member, rows, leaves


def _timed_ms(request):
    start = time.perf_counter()
    response = request()
    elapsed = (time.perf_counter() - start) * 1000
    assert response.status_code in (200, 302), response.status_code
    return elapsed


def sheet_save_ms():
    """Server time of saving a full 12-criterion draft, of the htmx live check, and of
    submitting a sheet (each the median of 5 requests through django.test.Client)."""
    tag = secrets.token_hex(4)
    judge, member, dossiers, leaves = _sheet_round(tag, dossiers=RUNS)
    client = Client()
    client.force_login(judge)

    def form(dossier, run, action="save"):
        sheet = ScoreSheet.objects.filter(member=member, dossier=dossier).first()
        data = {"action": action, "comment": f"Lần {run}", "version": ""}
        if sheet is not None:
            data["version"] = sheet.updated_at.isoformat()
        for index, leaf in enumerate(leaves):
            data[f"points-{leaf.pk}"] = str(min(leaf.max_points, Decimal(index % 4 + run) / 2))
        return data

    first = dossiers[0]
    save_url = reverse("scoring:judge_sheet_save", args=[first.pk])
    check_url = reverse("scoring:judge_sheet_check", args=[first.pk])
    client.post(save_url, form(first, 0))  # the sheet exists from here on, as after a first save
    saves, checks, submits = [], [], []
    for run in range(1, RUNS + 1):
        data = form(first, run)
        saves.append(_timed_ms(lambda data=data: client.post(save_url, data)))
        checks.append(_timed_ms(lambda data=data: client.post(check_url, data)))
    for run, dossier in enumerate(dossiers, start=1):
        client.post(reverse("scoring:judge_sheet_save", args=[dossier.pk]), form(dossier, run))
        url = reverse("scoring:judge_sheet_submit", args=[dossier.pk])
        data = {"version": form(dossier, run)["version"]}
        submits.append(_timed_ms(lambda url=url, data=data: client.post(url, data)))
    submitted = ScoreSheet.objects.filter(member=member, status=SheetStatus.SUBMITTED).count()
    assert submitted == len(dossiers), submitted
    return [
        ("sheet_save_ms", round(statistics.median(saves), 1), "ms"),
        ("sheet_check_ms", round(statistics.median(checks), 1), "ms"),
        ("sheet_submit_ms", round(statistics.median(submits), 1), "ms"),
    ]


BENCHMARKS.append(sheet_save_ms)
