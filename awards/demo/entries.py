"""One demo entry at a time: an applicant, its dossier, its files and its path.

A dossier is looked up by (round, title) for products and (round, candidate) for artisans
and built only when missing. Its path of actions runs through the real workflow; see
``awards.demo.dossiers`` for how the steps are dated.
"""

import datetime
import random

from django.utils import timezone

from awards.demo import facilities, media, timeline
from awards.demo.context import commune_unit, ensure_user
from awards.demo.dossiers import (
    add_documents,
    add_photos,
    backdate_creation,
    supplement_deadline,
    walk,
)
from awards.enums import CheckKind
from awards.models import Artisan, Dossier, Facility
from awards.services import create_dossier

PRODUCT_FACTS = [
    "title", "product_group", "is_product_set", "description", "raw_materials",
    "production_capacity", "annual_revenue", "jobs", "markets", "standards",
]  # fmt: skip
CHAIR_ACTIONS = {"recognise", "not_recognise", "revoke", "approve", "not_approve"}
UNFINISHED_PRODUCT_DOCUMENTS = ("registration_form", "business_registration")


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
    decided = timezone.localdate(schedule.fixed.get("recognise", demo.now))
    notes["recognise"] = (
        f"Quyết định số 3125/QĐ-UBND ngày {decided:%d/%m/%Y} của Ủy ban nhân dân tỉnh "
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
