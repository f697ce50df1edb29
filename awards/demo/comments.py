"""Public comments on the Skilled Worker candidates still in public consultation.

Each comment goes through ``awards.consultation.submit_comment`` at a moment inside the
round's window (the service takes the moment it is given); the secretariat resolves one
through ``resolve_comment``, and its resolution time is then moved back to the day it
happened. A comment is looked up by (round, writer's name) and created only when missing.
"""

import datetime

from awards.consultation import resolve_comment, submit_comment
from awards.demo.timeline import at, next_working_day
from awards.enums import DossierState
from awards.models import ConsultationComment, Dossier

#: ``day``: days after the window opened; ``resolved``: days after the comment (then the next
#: working day).
COMMENTS = [
    {
        "candidate": "Lê Văn Út",
        "name": "Nguyễn Thị Mai",
        "phone": "0918 456 237",
        "address": "Ấp 3, xã Trị An, tỉnh Đồng Nai",
        "content": (
            "Tôi là hàng xóm của ông Lê Văn Út. Ông Út làm nghề đan mây tre lâu năm và có dạy "
            "nghề cho bà con trong ấp. Tuy nhiên hồ sơ ghi đã truyền nghề cho 14 người, đề nghị "
            "Hội đồng xác minh lại vì theo tôi biết có mấy người chỉ học vài buổi."
        ),
        "day": 3,
        "resolution": (
            "Tổ thư ký đã phối hợp với Ủy ban nhân dân xã Trị An xác minh: danh sách 14 người "
            "học nghề có xác nhận của Ủy ban nhân dân xã, mỗi người học từ 3 tháng trở lên. Nội "
            "dung phản ánh đã được làm rõ, không ảnh hưởng đến điều kiện xét danh hiệu; đã trả "
            "lời bà Mai qua điện thoại."
        ),
        "resolved": 4,
    },
    {
        "candidate": "Ngô Thị Thu",
        "name": "Trần Văn Lộc",
        "phone": "0979 312 845",
        "address": "Ấp Hiệp Nghĩa, xã Định Quán, tỉnh Đồng Nai",
        "content": (
            "Đề nghị Hội đồng xem lại: các mẫu giỏ tre trong hồ sơ của bà Ngô Thị Thu là sản "
            "phẩm làm chung của cả Tổ đan giỏ tre ấp Hiệp Nghĩa, không phải do riêng bà Thu làm. "
            "Tôi sẵn sàng cung cấp thêm hình ảnh nếu cần."
        ),
        "day": 9,
        "resolution": "",
        "resolved": None,
    },
]


def build_consultation_comments(demo, *, award_round):
    """The comments of ``COMMENTS`` on ``award_round``'s candidates in consultation."""
    opens, closes = award_round.consultation_opens, award_round.consultation_closes
    if not (opens and closes) or opens > demo.today:
        return
    last_day = min(closes, demo.today)
    for spec in COMMENTS:
        if ConsultationComment.objects.filter(award_round=award_round, name=spec["name"]).exists():
            continue
        dossier = Dossier.objects.filter(
            award_round=award_round, artisan__full_name=spec["candidate"],
            state=DossierState.IN_CONSULTATION,
        ).first()  # fmt: skip
        if dossier is None:
            continue
        day = min(opens + datetime.timedelta(days=spec["day"]), last_day)
        sent = at(day, 20, 15)
        comment = submit_comment(
            award_round=award_round, dossier=dossier, name=spec["name"], phone=spec["phone"],
            address=spec["address"], content=spec["content"], now=min(sent, demo.now),
        )  # fmt: skip
        demo.created["comments"] += 1
        if spec["resolution"]:
            resolve_comment(comment=comment, resolution=spec["resolution"], by=demo.users["thuky"])
            resolved = day + datetime.timedelta(days=spec["resolved"])
            moment = min(at(next_working_day(resolved), 10, 30), demo.now)
            ConsultationComment.objects.filter(pk=comment.pk).update(resolved_at=moment)
