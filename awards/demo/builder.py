"""Build the demo: organising units, accounts, rounds, panels and dossiers in every state,
and last year's provincial product round decided, with its certificates.

``build_demo`` is idempotent: every object is looked up by its natural key (agency name,
username, round code, facility registration number, artisan identity number, dossier
(round, title), panel (round, kind)) and only created when missing, so a second run adds
nothing and a partly built demo is completed. Rounds are created only through
``create_round`` (which copies the preset), dossiers through ``create_dossier``, and every
state change goes through the workflow.
"""

import datetime
import random

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from awards.demo import artisans, decided, people, products, timeline
from awards.demo.comments import build_consultation_comments
from awards.demo.context import Demo, DemoError, commune_unit, ensure_user, lower_first
from awards.demo.entries import PRODUCT_FACTS, build_artisan_dossier, build_product_dossier
from awards.enums import AgencyKind, Family, Level, Title
from awards.models import AdminUnit, Agency, AgencyMembership, AwardRound, Dossier, RuleSet
from awards.rulesets import consultation_closes
from awards.services import create_round
from awards.workflow import announcements_muted

PROVINCE_CODE = "75"
__all__ = ["DemoError", "build_demo"]


def build_demo(*, now=None):
    """Build (or complete) the demo and return a Counter of the objects created.

    Steps: check the presets → organising units → accounts and secretariat memberships →
    rounds → councils and juries → facilities and candidates → dossiers walked through the
    workflow, with score sheets → last year's round through its sealed result, list and
    decision → nominations to the national round → public consultation comments.
    """
    # Imported here: awards never imports the scoring app at module level.
    from awards.demo import scores

    now = now or timezone.now()
    presets = {
        code: RuleSet.objects.latest_preset(code)
        for code in ("product-tt26", "provincial-title-dongnai")
    }
    province = AdminUnit.objects.filter(code=PROVINCE_CODE).first()
    if province is None or None in presets.values():
        raise DemoError("Chưa có dữ liệu nền: hãy chạy “manage.py load_presets” trước.")
    demo = Demo(
        now=now,
        year=timeline.demo_year(timezone.localdate(now)),
        password_hash=make_password(people.DEMO_PASSWORD),
        province=province,
        communes={
            unit.name: unit
            for unit in AdminUnit.objects.filter(parent=province, valid_to__isnull=True)
        },
    )
    # Muted around the commit: the replayed history must not e-mail the demo applicants.
    with announcements_muted(), transaction.atomic():
        agencies = build_agencies(demo)
        build_accounts(demo, agencies)
        rounds = build_rounds(demo, agencies, presets)
        build_panels(demo, rounds, scores)
        build_provincial_products(demo, rounds, scores)
        decided.build_decided_round(demo, award_round=rounds["previous"], scores=scores)
        build_nominations(demo, rounds)
        build_commune_products(demo, rounds)
        build_candidates(demo, rounds)
        build_consultation_comments(demo, award_round=rounds["skilled"])
    return demo.created


# --- organising units and accounts -----------------------------------------------------------


def _agency(demo, name, **fields):
    agency, created = Agency.objects.get_or_create(name=name, defaults=fields)
    demo.created["agencies"] += created
    return agency


def build_agencies(demo):
    province = demo.province
    department = _agency(
        demo, "Sở Công Thương tỉnh Đồng Nai", short_name="Sở Công Thương Đồng Nai",
        kind=AgencyKind.DEPARTMENT, unit=province, issuing_body="ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI",
    )  # fmt: skip
    centre = _agency(
        demo, "Trung tâm Khuyến công và Tư vấn phát triển công nghiệp Đồng Nai",
        short_name="Trung tâm Khuyến công Đồng Nai", kind=AgencyKind.PROMOTION_CENTRE,
        unit=province, parent=department, issuing_body="ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI",
    )  # fmt: skip
    ministry = _agency(
        demo, "Bộ Công Thương", short_name="Bộ Công Thương", kind=AgencyKind.MINISTRY,
        issuing_body="BỘ CÔNG THƯƠNG",
    )  # fmt: skip
    national = _agency(
        demo, "Cục Đổi mới sáng tạo, Chuyển đổi xanh và Khuyến công",
        short_name="Cục Đổi mới sáng tạo, Chuyển đổi xanh và Khuyến công",
        kind=AgencyKind.MINISTRY, parent=ministry, issuing_body="BỘ CÔNG THƯƠNG",
    )  # fmt: skip
    _agency(
        demo, "Sở Công Thương Thành phố Hồ Chí Minh", short_name="Sở Công Thương TP. Hồ Chí Minh",
        kind=AgencyKind.DEPARTMENT, unit=AdminUnit.objects.filter(code="79").first(),
        issuing_body="ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH",
    )  # fmt: skip
    ward = commune_unit(demo, "Phường Trấn Biên")
    ward_committee = _agency(
        demo, f"Ủy ban nhân dân {lower_first(ward.name)}",
        short_name=f"UBND {ward.name}", kind=AgencyKind.PEOPLES_COMMITTEE, unit=ward,
        issuing_body=f"ỦY BAN NHÂN DÂN {ward.name.upper()}",
    )  # fmt: skip
    return {"centre": centre, "national": national, "ward": ward_committee}


def build_accounts(demo, agencies):
    for login in people.LOGINS:
        ensure_user(
            demo, login["username"], full_name=login["full_name"], job_title=login["job_title"],
            superuser=login["username"] == "admin",
        )  # fmt: skip
    for username, full_name, job_title, _role in people.JURY + people.COUNCIL:
        ensure_user(demo, username, full_name=full_name, job_title=job_title)
    for username, agency, position in (
        ("thuky", agencies["centre"], "Tổ thư ký Hội đồng bình chọn"),
        ("thuky.bo", agencies["national"], "Tổ giúp việc Hội đồng bình chọn cấp quốc gia"),
    ):
        _membership, created = AgencyMembership.objects.get_or_create(
            agency=agency, user=demo.users[username], defaults={"position": position}
        )
        demo.created["memberships"] += created


# --- rounds and panels -----------------------------------------------------------------------


def _round(demo, code, *, preset, **fields):
    award_round = AwardRound.objects.filter(code=code).first()
    if award_round is None:
        award_round = create_round(preset=preset, code=code, **fields)
        demo.created["rounds"] += 1
    return award_round


def build_rounds(demo, agencies, presets):
    year, next_year = demo.year, demo.year + 1
    product, titles = presets["product-tt26"], presets["provincial-title-dongnai"]
    opens, closes = timeline.open_window(demo.today)
    national = _round(
        demo, f"qg-sp-{next_year}", preset=product, code_prefix=f"QG{next_year % 100}",
        name=f"Bình chọn sản phẩm công nghiệp nông thôn tiêu biểu cấp quốc gia năm {next_year}",
        family=Family.PRODUCT, level=Level.NATIONAL, year=next_year,
        organiser=agencies["national"], unit=None,
        registration_opens=opens, registration_closes=closes,
        description=(
            "Vòng bình chọn cấp quốc gia do Bộ Công Thương tổ chức; các tỉnh đề cử sản phẩm đã "
            "được công nhận cấp tỉnh, kèm Giấy chứng nhận còn hiệu lực."
        ),
    )  # fmt: skip
    provincial = _round(
        demo, f"dn-sp-{year}", preset=product, code_prefix=f"SPDN{year % 100}",
        name=f"Bình chọn sản phẩm công nghiệp nông thôn tiêu biểu cấp tỉnh Đồng Nai năm {year}",
        family=Family.PRODUCT, level=Level.PROVINCE, year=year, organiser=agencies["centre"],
        unit=demo.province, parent=national, target_count=20, budget=350_000_000,
        description=(
            f"Thực hiện Kế hoạch số 112/KH-SCT ngày 15/3/{year} của Sở Công Thương về bình "
            "chọn sản phẩm công nghiệp nông thôn tiêu biểu cấp tỉnh; chỉ tiêu công nhận 20 sản "
            "phẩm, đề cử các sản phẩm đạt điểm cao lên cấp quốc gia."
        ),
        **timeline.provincial_product_calendar(year),
    )  # fmt: skip
    last_year = year - 1
    previous = _round(
        demo, decided.ROUND_CODE.format(year=last_year), preset=product,
        code_prefix=f"SPDN{last_year % 100}",
        name=f"Bình chọn sản phẩm công nghiệp nông thôn tiêu biểu cấp tỉnh Đồng Nai năm {last_year}",
        family=Family.PRODUCT, level=Level.PROVINCE, year=last_year, organiser=agencies["centre"],
        unit=demo.province, target_count=10, budget=300_000_000,
        description=(
            f"Thực hiện Kế hoạch số 96/KH-SCT ngày 10/3/{last_year} của Sở Công Thương; vòng đã "
            "kết thúc: Ủy ban nhân dân tỉnh đã ban hành Quyết định công nhận và cấp Giấy chứng nhận."
        ),
        **timeline.provincial_product_calendar(last_year),
    )  # fmt: skip
    closes_on = consultation_closes(rule_set=titles, opens=datetime.date(year, 10, 15))
    skilled = _round(
        demo, f"dn-tg-{year}", preset=titles, code_prefix=f"TGDN{year % 100}",
        name=f"Xét công nhận danh hiệu Thợ giỏi tỉnh Đồng Nai năm {year}",
        family=Family.PROVINCIAL_TITLE, level=Level.PROVINCE, year=year,
        organiser=agencies["centre"], unit=demo.province, titles=[Title.SKILLED_WORKER],
        target_count=55, budget=250_000_000,
        description=(
            "Xét công nhận danh hiệu Thợ giỏi cho người lao động có tay nghề cao trong các ngành "
            "nghề nông thôn; danh sách được niêm yết lấy ý kiến nhân dân 15 ngày trước khi Hội "
            "đồng bỏ phiếu kín."
        ),
        **timeline.skilled_worker_calendar(year, closes_on),
    )  # fmt: skip
    ward = agencies["ward"]
    commune = _round(
        demo, f"tb-sp-{next_year}", preset=product, code_prefix=f"TB{next_year % 100}",
        name=(
            "Bình chọn sản phẩm công nghiệp nông thôn tiêu biểu cấp xã "
            f"{lower_first(ward.unit.name)} năm {next_year}"
        ),
        family=Family.PRODUCT, level=Level.COMMUNE, year=next_year, organiser=ward,
        unit=ward.unit, target_count=5, budget=30_000_000,
        registration_opens=opens, registration_closes=closes,
        description="Vòng cấp xã đầu tiên theo Thông tư 38/2025/TT-BCT; chọn sản phẩm đề cử lên cấp tỉnh.",
    )  # fmt: skip
    open_titles = _round(
        demo, f"dn-nn-{next_year}", preset=titles, code_prefix=f"NNDN{next_year % 100}",
        name=(
            "Xét công nhận danh hiệu Nghệ nhân, Thợ giỏi, Người có công đưa nghề về địa phương "
            f"tỉnh Đồng Nai năm {next_year}"
        ),
        family=Family.PROVINCIAL_TITLE, level=Level.PROVINCE, year=next_year,
        organiser=agencies["centre"], unit=demo.province,
        titles=[Title.PROVINCIAL_ARTISAN, Title.SKILLED_WORKER, Title.CRAFT_BRINGER],
        target_count=60, registration_opens=opens, registration_closes=closes,
    )  # fmt: skip
    return {
        "national": national, "provincial": provincial, "skilled": skilled,
        "commune": commune, "open_titles": open_titles, "previous": previous,
    }  # fmt: skip


def build_panels(demo, rounds, scores):
    users = demo.users
    year = demo.year
    jury_seats = [(users[username], role) for username, _n, _t, role in people.JURY]
    council_seats = [(users["chutich"], "chair"), (users["hoidong2"], "vice_chair"),
                     (users["hoidong"], "member")]  # fmt: skip
    council_seats += [(users[u], role) for u, _n, _t, role in people.COUNCIL if u != "hoidong2"]
    # (round, its year, the council's and the jury's establishing decisions)
    for key, round_year, council_act, jury_act in (
        ("provincial", year, "2087/QĐ-UBND ngày 15/8", "15/QĐ-HĐBC ngày 28/8"),
        ("previous", year - 1, "1875/QĐ-UBND ngày 12/8", "11/QĐ-HĐBC ngày 25/8"),
    ):
        subject = f"sản phẩm công nghiệp nông thôn tiêu biểu cấp tỉnh Đồng Nai năm {round_year}"
        scores.ensure_panel(
            award_round=rounds[key], kind=scores.JURY, name=f"Ban Giám khảo bình chọn {subject}",
            established_by=f"Quyết định số {jury_act}/{round_year} của Hội đồng bình chọn",
            seats=jury_seats,
        )  # fmt: skip
        scores.ensure_panel(
            award_round=rounds[key], kind=scores.COUNCIL, name=f"Hội đồng bình chọn {subject}",
            established_by=f"Quyết định số {council_act}/{round_year} của Ủy ban nhân dân tỉnh",
            seats=council_seats,
        )  # fmt: skip
    scores.ensure_panel(
        award_round=rounds["skilled"], kind=scores.COUNCIL,
        name=f"Hội đồng xét công nhận danh hiệu Thợ giỏi tỉnh Đồng Nai năm {year}",
        established_by=f"Quyết định số 2391/QĐ-UBND ngày 30/9/{year} của Ủy ban nhân dân tỉnh",
        seats=council_seats,
    )  # fmt: skip


# --- dossiers of each round ---------------------------------------------------------------


def build_provincial_products(demo, rounds, scores):
    award_round = rounds["provincial"]
    schedule = timeline.provincial_product_schedule(demo.year, demo.now)
    members = scores.jury_members(award_round)
    leaves = scores.leaf_criteria(award_round.rule_set)
    window = (award_round.scoring_opens, award_round.scoring_closes)
    for spec in products.PROVINCIAL_PRODUCTS:
        dossier = build_product_dossier(
            demo, award_round=award_round, spec=spec, schedule=schedule,
            secretary=demo.users["thuky"], chair=demo.users["chutich"],
        )  # fmt: skip
        if dossier is not None and spec["state"] in timeline.SCORED_STATES:
            scores.score_dossier(
                dossier=dossier, state=spec["state"], members=members, leaves=leaves,
                rng=random.Random(f"scores/{dossier.code}"), window=window,
                focus_username="giamkhao",
            )  # fmt: skip


def build_nominations(demo, rounds):
    provincial, national = rounds["provincial"], rounds["national"]
    schedule = timeline.open_round_schedule(demo.now)
    for title, state in products.NOMINATIONS:
        source = Dossier.objects.filter(award_round=provincial, title=title).first()
        if source is None:
            continue
        spec = {name: getattr(source, name) for name in PRODUCT_FACTS}
        spec.update(facility=source.facility.registration_number, state=state)
        build_product_dossier(
            demo, award_round=national, spec=spec, schedule=schedule,
            secretary=demo.users["thuky.bo"], chair=None, source=source,
        )  # fmt: skip


def build_commune_products(demo, rounds):
    schedule = timeline.open_round_schedule(demo.now)
    for spec in products.COMMUNE_PRODUCTS:
        build_product_dossier(
            demo, award_round=rounds["commune"], spec=spec, schedule=schedule,
            secretary=demo.users["admin"], chair=None,
        )  # fmt: skip


def build_candidates(demo, rounds):
    skilled = rounds["skilled"]
    schedule = timeline.skilled_worker_schedule(demo.year, demo.now, skilled.consultation_closes)
    for spec in artisans.SKILLED_WORKER_CANDIDATES:
        build_artisan_dossier(
            demo, award_round=skilled, spec=spec, schedule=schedule,
            secretary=demo.users["thuky"], chair=demo.users["chutich"],
        )  # fmt: skip
    schedule = timeline.open_round_schedule(demo.now)
    for spec in artisans.OPEN_ROUND_CANDIDATES:
        build_artisan_dossier(
            demo, award_round=rounds["open_titles"], spec=spec, schedule=schedule,
            secretary=demo.users["thuky"], chair=None,
        )  # fmt: skip
