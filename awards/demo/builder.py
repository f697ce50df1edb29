"""Build the demo: organising units, accounts, rounds, panels and dossiers in every state.

``build_demo`` is idempotent: every object is looked up by its natural key (agency name,
username, round code, facility registration number, artisan identity number, dossier
(round, title), panel (round, kind)) and only created when missing, so a second run adds
nothing and a partly built demo is completed. Rounds are created only through
``create_round`` (which copies the preset), dossiers through ``create_dossier``, and every
state change goes through the workflow.
"""

import dataclasses
import datetime
import random
import zlib
from collections import Counter

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from awards.demo import artisans, facilities, media, people, products, timeline
from awards.demo.dossiers import (
    add_documents,
    add_photos,
    backdate_creation,
    supplement_deadline,
    walk,
)
from awards.enums import AgencyKind, CheckKind, Family, Level, Title
from awards.errors import DomainError
from awards.models import (
    AdminUnit,
    Agency,
    AgencyMembership,
    Artisan,
    AwardRound,
    Dossier,
    Facility,
    RuleSet,
    User,
)
from awards.rulesets import consultation_closes
from awards.services import create_dossier, create_round

PROVINCE_CODE = "75"
PRODUCT_FACTS = [
    "title", "product_group", "is_product_set", "description", "raw_materials",
    "production_capacity", "annual_revenue", "jobs", "markets", "standards",
]  # fmt: skip
CHAIR_ACTIONS = {"recognise", "not_recognise", "revoke", "approve", "not_approve"}
UNFINISHED_PRODUCT_DOCUMENTS = ("registration_form", "business_registration")


class DemoError(DomainError):
    """The demo cannot be built (for example the presets are not loaded yet)."""


@dataclasses.dataclass
class Demo:
    now: datetime.datetime
    year: int
    password_hash: str
    province: AdminUnit
    communes: dict
    created: Counter = dataclasses.field(default_factory=Counter)
    users: dict = dataclasses.field(default_factory=dict)
    photos: dict = dataclasses.field(default_factory=dict)

    @property
    def today(self):
        return timezone.localdate(self.now)


def build_demo(*, now=None):
    """Build (or complete) the demo and return a Counter of the objects created.

    Steps: check the presets → organising units → accounts and secretariat memberships →
    rounds → councils and juries → facilities and candidates → dossiers walked through the
    workflow, with score sheets → nominations to the national round.
    """
    from awards.demo import scores  # the scoring side; see the module docstring

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
    with transaction.atomic():
        agencies = build_agencies(demo)
        build_accounts(demo, agencies)
        rounds = build_rounds(demo, agencies, presets)
        build_panels(demo, rounds, scores)
        build_provincial_products(demo, rounds, scores)
        build_nominations(demo, rounds)
        build_commune_products(demo, rounds)
        build_candidates(demo, rounds)
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
        demo, f"Ủy ban nhân dân {_lower_first(ward.name)}",
        short_name=f"UBND {ward.name}", kind=AgencyKind.PEOPLES_COMMITTEE, unit=ward,
        issuing_body=f"ỦY BAN NHÂN DÂN {ward.name.upper()}",
    )  # fmt: skip
    return {"centre": centre, "national": national, "ward": ward_committee}


def _lower_first(name):
    """ "Phường Trấn Biên" inside a sentence reads "phường Trấn Biên"."""
    return name[:1].lower() + name[1:]


def ensure_user(demo, username, *, full_name, job_title="", active=True, superuser=False):
    user = demo.users.get(username) or User.objects.filter(username=username).first()
    if user is None:
        user = User(
            username=username, full_name=full_name, job_title=job_title,
            email=f"{username}@{people.EMAIL_DOMAIN}", is_active=active,
            is_superuser=superuser, is_staff=superuser,
        )  # fmt: skip
        # One hash for every demo account: hashing ~60 passwords would take seconds.
        user.password = demo.password_hash if active else make_password(None)
        user.save()
        demo.created["users"] += 1
    demo.users[username] = user
    return user


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


def commune_unit(demo, name):
    """The current commune or ward called ``name``, or a stable stand-in when it is missing."""
    if name in demo.communes:
        return demo.communes[name]
    if not demo.communes:
        return demo.province
    names = sorted(demo.communes)
    return demo.communes[names[zlib.crc32(name.encode()) % len(names)]]


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
            f"{_lower_first(ward.unit.name)} năm {next_year}"
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
        "commune": commune, "open_titles": open_titles,
    }  # fmt: skip


def build_panels(demo, rounds, scores):
    users = demo.users
    year = demo.year
    scores.ensure_panel(
        award_round=rounds["provincial"], kind=scores.JURY,
        name=f"Ban Giám khảo bình chọn sản phẩm công nghiệp nông thôn tiêu biểu cấp tỉnh Đồng Nai năm {year}",
        established_by=f"Quyết định số 15/QĐ-HĐBC ngày 28/8/{year} của Hội đồng bình chọn",
        seats=[(users[username], role) for username, _n, _t, role in people.JURY],
    )  # fmt: skip
    council_seats = [(users["chutich"], "chair"), (users["hoidong2"], "vice_chair"),
                     (users["hoidong"], "member")]  # fmt: skip
    council_seats += [(users[u], role) for u, _n, _t, role in people.COUNCIL if u != "hoidong2"]
    scores.ensure_panel(
        award_round=rounds["provincial"], kind=scores.COUNCIL,
        name=f"Hội đồng bình chọn sản phẩm công nghiệp nông thôn tiêu biểu cấp tỉnh Đồng Nai năm {year}",
        established_by=f"Quyết định số 2087/QĐ-UBND ngày 15/8/{year} của Ủy ban nhân dân tỉnh",
        seats=council_seats,
    )  # fmt: skip
    scores.ensure_panel(
        award_round=rounds["skilled"], kind=scores.COUNCIL,
        name=f"Hội đồng xét công nhận danh hiệu Thợ giỏi tỉnh Đồng Nai năm {year}",
        established_by=f"Quyết định số 2391/QĐ-UBND ngày 30/9/{year} của Ủy ban nhân dân tỉnh",
        seats=council_seats,
    )  # fmt: skip


# --- applicants --------------------------------------------------------------------------------


def facility_for(demo, registration_number):
    facility = Facility.objects.filter(registration_number=registration_number).first()
    if facility is not None:
        return facility
    spec = next(f for f in facilities.FACILITIES if f["registration_number"] == registration_number)
    owner = spec["owner"] or f"cs{registration_number}"
    user = ensure_user(
        demo, owner, full_name=spec["representative"], active=bool(spec["owner"]),
        job_title=f"{spec['representative_title']}, {spec['name']}",
    )  # fmt: skip
    fields = {k: v for k, v in spec.items() if k not in ("owner", "commune")}
    facility = Facility.objects.create(
        owner=user, unit=commune_unit(demo, spec["commune"]),
        email=user.email if spec["owner"] else "", **fields,
    )  # fmt: skip
    demo.created["facilities"] += 1
    return facility


def artisan_for(demo, spec):
    artisan = Artisan.objects.filter(identity_number=spec["identity_number"]).first()
    if artisan is not None:
        return artisan
    owner = spec["owner"] or f"nn{spec['identity_number']}"
    user = ensure_user(
        demo, owner, full_name=spec["full_name"], active=bool(spec["owner"]),
        job_title=spec["workplace"],
    )  # fmt: skip
    artisan = Artisan.objects.create(
        owner=user, full_name=spec["full_name"], birth_year=spec["birth_year"],
        identity_number=spec["identity_number"], craft=spec["craft"],
        craft_since_year=spec["craft_since_year"], unit=commune_unit(demo, spec["commune"]),
        workplace=spec["workplace"], email=user.email if spec["owner"] else "",
    )  # fmt: skip
    demo.created["artisans"] += 1
    return artisan


def declarations_for(rule_set):
    """Tick every declaration the rule set asks for (the demo applicants declare truthfully)."""
    return {
        check.code: True for check in rule_set.eligibility_checks.filter(kind=CheckKind.DECLARATION)
    }


# --- walking dossiers ------------------------------------------------------------------------

PRODUCT_NOTES = {
    "accept": "Hồ sơ đầy đủ, hợp lệ; đã nhận bộ hồ sơ giấy.",
    "open_scoring": "Chuyển Ban Giám khảo chấm điểm.",
    "close_scoring": "Kết thúc chấm điểm, tổng hợp kết quả trình Hội đồng.",
    "not_recognise": "Điểm bình quân dưới 70 điểm, không đề nghị công nhận.",
    "revoke": (
        "Thu hồi Giấy chứng nhận do cơ sở bị xử phạt vi phạm hành chính về an toàn thực phẩm "
        "sau khi được công nhận (Quyết định số 215/QĐ-XPHC)."
    ),
    "withdraw": "Cơ sở xin rút hồ sơ do đang thay đổi bao bì, nhãn hiệu sản phẩm.",
    "reject": (
        "Sản phẩm làm theo đơn đặt hàng riêng, mỗi chiếc một kiểu (sản phẩm độc bản), không đáp "
        "ứng điều kiện sản xuất hàng loạt."
    ),
    "disqualify": (
        "Kiểm tra thực tế tại cơ sở cho thấy sản phẩm được gia công ở nơi khác, không do cơ sở "
        "trực tiếp sản xuất."
    ),
    "resubmit": "Đã bổ sung đầy đủ theo yêu cầu của Tổ thư ký.",
}
ARTISAN_NOTES = {
    "accept": "Hồ sơ hợp lệ.",
    "open_voting": "Hết thời hạn lấy ý kiến nhân dân, không có ý kiến phản ánh; đưa ra Hội đồng bỏ phiếu kín.",
    "approve": "Hội đồng bỏ phiếu kín: 7/8 phiếu đồng ý.",
    "not_approve": "Hội đồng bỏ phiếu kín: 3/8 phiếu đồng ý, chưa đạt tỷ lệ quy định.",
    "withdraw": "Ứng viên xin rút hồ sơ vì lý do sức khỏe.",
    "reject": (
        "Xác minh tại địa phương cho thấy một số tác phẩm kê khai không do ứng viên trực tiếp "
        "thực hiện."
    ),
    "resubmit": "Đã bổ sung theo yêu cầu.",
}


def _return_note(*, artisan, group=""):
    if artisan:
        return (
            "Đề nghị bổ sung: (1) Báo cáo thành tích chưa có xác nhận của Ủy ban nhân dân cấp xã; "
            "(2) Hình ảnh tác phẩm chưa rõ, đề nghị chụp lại đủ 5 tác phẩm tiêu biểu."
        )
    third = (
        "Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm còn hiệu lực"
        if group == "2"
        else "Bản thuyết minh ghi rõ công suất và thị trường tiêu thụ trong 2 năm gần nhất"
    )
    return (
        "Đề nghị bổ sung: (1) Bản sao chứng thực Giấy chứng nhận đăng ký hộ kinh doanh (bản đã "
        "nộp không rõ chữ); (2) Ảnh màu sản phẩm chụp rõ nhãn mác, bao bì; "
        f"(3) {third}."
    )


def _steps(demo, *, dossier, actions, schedule, rng, secretary, chair, notes):
    """(action, moment, actor, note, params) for each action, in calendar order.

    A return names its deadline in the note. The deadline field only matters while the
    dossier waits: a dossier still returned gets a deadline ahead of today; for an earlier
    return the field holds a future date until the resubmission clears it, because the
    resubmit guard compares it with the real clock.
    """
    steps, previous = [], dossier.created_at
    for index, action in enumerate(actions):
        note = notes.get(action, "")
        params = {}
        waiting = action == "return_for_supplement" and index == len(actions) - 1
        if waiting:
            # Still waiting for the supplement: returned a few days ago.
            recent = (demo.now - datetime.timedelta(days=3)).replace(second=0, microsecond=0)
            moment = max(previous + datetime.timedelta(hours=1), recent)
            moment = min(moment, demo.now - datetime.timedelta(minutes=30))
        else:
            moment = schedule.moment(action, previous, rng)
        if action == "return_for_supplement":
            deadline = timeline.at(timezone.localdate(moment) + datetime.timedelta(days=10), 17)
            params["deadline"] = max(deadline, supplement_deadline(demo.now))
            shown = params["deadline"] if waiting else deadline
            note = f"{note} Thời hạn bổ sung: 17:00 ngày {timezone.localtime(shown):%d/%m/%Y}."
        if action in timeline.APPLICANT_ACTIONS:
            actor = dossier.owner
        elif action in CHAIR_ACTIONS and chair is not None:
            actor = chair
        else:
            actor = secretary
        steps.append((action, moment, actor, note, params))
        previous = moment
    return steps


def _photos_for(demo, spec):
    title, group = spec["title"], spec["product_group"]
    if title not in demo.photos:
        demo.photos[title] = [
            (f"{media.PHOTO_VIEWS[view]}: {title}", media.product_photo(title=title, group=group, view=view))
            for view in range(3)
        ]  # fmt: skip
    return demo.photos[title]


def build_product_dossier(demo, *, award_round, spec, schedule, secretary, chair, source=None):
    """Create one product dossier and walk it to ``spec['state']``; None when it exists."""
    if Dossier.objects.filter(award_round=award_round, title=spec["title"]).exists():
        return None
    rng = random.Random(f"{award_round.code}/{spec['title']}")
    facility = facility_for(demo, spec["facility"])
    state = spec["state"]
    dossier = create_dossier(
        award_round=award_round, owner=facility.owner, facility=facility, source=source,
        declarations=declarations_for(award_round.rule_set),
        **{name: spec[name] for name in PRODUCT_FACTS if spec.get(name) is not None},
    )  # fmt: skip
    backdate_creation(dossier, schedule.creation(rng))
    uploaded = dossier.created_at + datetime.timedelta(hours=2)
    unfinished = state == "draft" and not award_round.registration_is_open(demo.now)
    optional = []
    if spec.get("standards"):
        optional.append("quality_certificates")
    if spec["product_group"] == "2":
        optional.append("food_safety")
    lines = [
        f"Tên sản phẩm: {spec['title']}",
        f"Cơ sở: {facility.name}",
        f"Địa chỉ: {facility.street_address}, {facility.unit.name}, tỉnh Đồng Nai",
        f"Người đại diện: {facility.representative} – {facility.representative_title}",
        f"Mã số thuế: {facility.registration_number}",
        f"Mô tả: {spec['description']}",
    ]
    # An unfinished draft has only the registration papers so far, and two photos.
    add_documents(
        dossier=dossier, by=facility.owner, when=uploaded, issuer=facility.name, lines=lines,
        optional=optional, only=UNFINISHED_PRODUCT_DOCUMENTS if unfinished else None,
    )  # fmt: skip
    photos = _photos_for(demo, spec)
    add_photos(dossier=dossier, photos=photos[:2] if unfinished else photos, when=uploaded)
    notes = dict(PRODUCT_NOTES)
    notes["return_for_supplement"] = _return_note(artisan=False, group=spec["product_group"])
    notes["recognise"] = (
        f"Quyết định số 3125/QĐ-UBND ngày 06/11/{award_round.year} của Ủy ban nhân dân tỉnh "
        "công nhận sản phẩm công nghiệp nông thôn tiêu biểu cấp tỉnh."
    )
    actions = timeline.path_to(state, artisan=False, resubmitted=spec.get("resubmitted", False))
    steps = _steps(
        demo, dossier=dossier, actions=actions, schedule=schedule, rng=rng,
        secretary=secretary, chair=chair, notes=notes,
    )  # fmt: skip
    walk(dossier=dossier, steps=steps, now=demo.now)
    demo.created["dossiers"] += 1
    return dossier


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


def build_artisan_dossier(demo, *, award_round, spec, schedule, secretary, chair):
    """Create one candidate's dossier and walk it to ``spec['state']``; None when it exists."""
    artisan = artisan_for(demo, spec)
    if Dossier.objects.filter(award_round=award_round, artisan=artisan).exists():
        return None
    rng = random.Random(f"{award_round.code}/{spec['identity_number']}")
    state = spec["state"]
    years = award_round.year - spec["craft_since_year"]
    dossier = create_dossier(
        award_round=award_round, owner=artisan.owner, artisan=artisan, title=artisan.full_name,
        title_sought=spec["title_sought"], craft=spec["craft"], years_in_craft=years,
        works=spec["works"], works_count=spec["works_count"], prizes=spec["prizes"],
        trainees_count=spec["trainees_count"],
        declarations=declarations_for(award_round.rule_set),
    )  # fmt: skip
    backdate_creation(dossier, schedule.creation(rng))
    lines = [
        f"Họ và tên: {artisan.full_name}, sinh năm {artisan.birth_year}",
        f"Nghề: {spec['craft']}; số năm làm nghề: {years}",
        f"Nơi làm việc: {spec['workplace']}, {artisan.unit.name}, tỉnh Đồng Nai",
        f"Tác phẩm tiêu biểu: {spec['works']}",
        f"Số người đã truyền nghề: {spec['trainees_count']}",
    ]
    if spec["prizes"]:
        lines.append(f"Giải thưởng: {spec['prizes']}")
    unfinished = state == "draft" and not award_round.registration_is_open(demo.now)
    add_documents(
        dossier=dossier, by=artisan.owner, when=dossier.created_at + datetime.timedelta(hours=3),
        issuer=artisan.full_name, lines=lines, optional=("prizes",) if spec["prizes"] else (),
        only=("application",) if unfinished else None,
    )  # fmt: skip
    rule_set = award_round.rule_set
    notes = dict(ARTISAN_NOTES)
    notes["return_for_supplement"] = _return_note(artisan=True)
    if award_round.consultation_opens and award_round.consultation_closes:
        notes["open_consultation"] = (
            "Niêm yết công khai danh sách và lấy ý kiến nhân dân từ "
            f"{award_round.consultation_opens:%d/%m/%Y} đến {award_round.consultation_closes:%d/%m/%Y}."
        )
    decided = timezone.localdate(schedule.fixed.get("award", demo.now))
    notes["award"] = (
        f"Quyết định số 3340/QĐ-UBND ngày {decided:%d/%m/%Y} của Chủ tịch Ủy ban nhân dân tỉnh "
        "công nhận danh hiệu Thợ giỏi."
    )
    actions = timeline.path_to(
        state, artisan=True, resubmitted=spec.get("resubmitted", False),
        consultation=rule_set.has_consultation_at(award_round.level),
    )  # fmt: skip
    steps = _steps(
        demo, dossier=dossier, actions=actions, schedule=schedule, rng=rng,
        secretary=secretary, chair=chair, notes=notes,
    )  # fmt: skip
    walk(dossier=dossier, steps=steps, now=demo.now)
    demo.created["dossiers"] += 1
    return dossier


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
