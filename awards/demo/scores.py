"""Demo councils, juries and score sheets (the scoring app's side of the demo).

Imported by the builder inside its function, so ``awards`` still never imports ``scoring``
at module level.
"""

import datetime
import random
from decimal import Decimal

from scoring.enums import PanelKind, SeatRole, SheetStatus
from scoring.models import Panel, PanelMember, ResultSnapshot, ScoreLine, ScoreSheet
from scoring.seal import close_scoring, sheet_digests
from scoring.services import recompute_total

COUNCIL, JURY = PanelKind.COUNCIL, PanelKind.JURY
SEAT_ROLES = {
    "chair": SeatRole.CHAIR,
    "vice_chair": SeatRole.VICE_CHAIR,
    "member": SeatRole.MEMBER,
    "secretary": SeatRole.SECRETARY,
}
COMMENTS = [
    "Sản phẩm có mẫu mã đẹp, cần cải tiến bao bì để tăng sức cạnh tranh.",
    "Chất lượng ổn định, đã có thị trường tiêu thụ ngoài tỉnh.",
    "Đề nghị cơ sở đăng ký nhãn hiệu và đẩy mạnh bán hàng qua sàn thương mại điện tử.",
    "Sản phẩm mang đậm nét văn hóa địa phương.",
    "Quy trình sản xuất cần bổ sung biện pháp bảo vệ môi trường.",
    "Năng lực sản xuất còn nhỏ, chưa đáp ứng được đơn hàng lớn.",
    "",
    "",
]
PASS_MARK = Decimal("70")


def ensure_panel(*, award_round, kind, name, established_by, seats):
    """The round's panel of ``kind`` with ``seats`` (user, role name); existing rows are kept."""
    panel, _created = Panel.objects.get_or_create(
        award_round=award_round, kind=kind,
        defaults={"name": name, "established_by": established_by},
    )  # fmt: skip
    for user, role in seats:
        PanelMember.objects.get_or_create(
            panel=panel, user=user,
            defaults={"role": SEAT_ROLES[role], "title": user.job_title},
        )  # fmt: skip
    return panel


def jury_members(award_round):
    return list(
        PanelMember.objects.filter(panel__award_round=award_round, panel__kind=JURY)
        .select_related("user")
        .order_by("pk")
    )


def leaf_criteria(rule_set):
    """The criteria judges score: those without sub-criteria, in sheet order."""
    criteria = list(rule_set.criteria.select_related("parent").order_by("order", "code"))
    parents = {c.parent_id for c in criteria if c.parent_id}
    leaves = [c for c in criteria if c.pk not in parents]
    group_order = {c.pk: (c.order, c.code) for c in criteria if c.parent_id is None}
    return sorted(
        leaves, key=lambda c: (group_order.get(c.parent_id, (c.order, c.code)), c.order, c.code)
    )


def _line_points(leaves, target, rng):
    points = []
    for leaf in leaves:
        maximum = float(leaf.max_points)
        share = min(1.0, max(0.2, target / 100 + rng.gauss(0, 0.07)))
        halves = round(maximum * share * 2)
        points.append(min(Decimal(halves) / 2, leaf.max_points))
    return points


def _judge_bias(member):
    return random.Random(f"bias/{member.user.username}").uniform(-4, 4)


def plan_sheets(*, members, state, rng, focus_username, complete=False):
    """Which judges have a submitted sheet, a draft or nothing, for a dossier in ``state``.

    Decided dossiers have every sheet submitted (now and then one judge is missing); a
    dossier still in scoring has a mix, and the demo's own judge (``focus_username``) always
    has work left on it. ``complete`` gives every judge a submitted sheet.
    """
    if complete:
        return {member.pk: SheetStatus.SUBMITTED for member in members}
    plan = {}
    if state != "in_scoring":
        absent = rng.choice(members[1:]) if rng.random() < 0.25 else None
        for member in members:
            plan[member.pk] = None if member is absent else SheetStatus.SUBMITTED
        return plan
    for member in members:
        if member.user.username == focus_username:
            plan[member.pk] = rng.choice([None, SheetStatus.DRAFT])
        else:
            plan[member.pk] = rng.choices(
                [SheetStatus.SUBMITTED, SheetStatus.DRAFT, None], weights=[6, 1, 1]
            )[0]
    return plan


def _quality(state, rng):
    ranges = {
        "recognised": (74, 91),
        "revoked": (72, 80),
        "not_recognised": (54, 66),
        "scored": (60, 87),
        "in_scoring": (58, 89),
    }
    low, high = ranges.get(state, (60, 85))
    return rng.uniform(low, high)


def score_dossier(*, dossier, state, members, leaves, rng, window, focus_username, complete=False):
    """Score sheets for ``dossier``: recognised means ≥ the pass mark, not recognised below.

    ``complete``: every judge submitted (a round whose scoring was closed without a gap).
    """
    plan = plan_sheets(
        members=members, state=state, rng=rng, focus_username=focus_username, complete=complete
    )
    quality = _quality(state, rng)
    for _attempt in range(12):
        sheets = {
            member.pk: _line_points(leaves, quality + _judge_bias(member) + rng.gauss(0, 3), rng)
            for member in members
            if plan[member.pk]
        }
        submitted = [sum(sheets[m.pk]) for m in members if plan[m.pk] == SheetStatus.SUBMITTED]
        mean = sum(submitted) / len(submitted) if submitted else None
        if state in ("recognised", "revoked") and mean is not None and mean < PASS_MARK + 1:
            quality += 2
        elif state == "not_recognised" and mean is not None and mean >= PASS_MARK - 1:
            quality -= 2
        else:
            break
    opens, closes = window
    span = max(int((closes - opens).total_seconds() // 3600) - 48, 1)
    for member in members:
        status = plan[member.pk]
        if status is None:
            continue
        points = list(sheets[member.pk])
        if status == SheetStatus.DRAFT:
            cut = rng.randint(len(points) // 3, len(points) - 1)
            points = points[:cut] + [None] * (len(points) - cut)
        submitted_at = None
        if status == SheetStatus.SUBMITTED:
            submitted_at = opens + datetime.timedelta(hours=rng.randint(24, span))
        sheet = ScoreSheet.objects.create(
            dossier=dossier, member=member, status=status, submitted_at=submitted_at,
            comment=rng.choice(COMMENTS) if status == SheetStatus.SUBMITTED else "",
            place="Đồng Nai", entered_by=member.user,
        )  # fmt: skip
        ScoreLine.objects.bulk_create(
            ScoreLine(sheet=sheet, criterion=leaf, points=value, max_points=leaf.max_points)
            for leaf, value in zip(leaves, points, strict=True)
        )
        recompute_total(sheet=sheet)


def stamp_content_hashes(*, award_round):
    """Store each submitted sheet's canonical hash, as submitting through the app does."""
    pending = ScoreSheet.objects.filter(
        dossier__award_round=award_round, status=SheetStatus.SUBMITTED, content_hash=""
    ).values_list("pk", flat=True)
    digests = sheet_digests(pending)
    ScoreSheet.objects.bulk_update(
        [ScoreSheet(pk=pk, content_hash=digest) for pk, digest in digests.items()],
        ["content_hash"],
    )


def seal_round(*, award_round, by, moment):
    """Close scoring through ``scoring.seal.close_scoring``; the snapshot is dated ``moment``."""
    snapshot = close_scoring(award_round=award_round, by=by)
    ResultSnapshot.objects.filter(pk=snapshot.pk).update(created_at=moment)
    return snapshot
