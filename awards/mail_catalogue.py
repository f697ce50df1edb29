"""Every e-mail the system sends: its code, its seeded Vietnamese text and its placeholders.

The seeded texts become ``MailTemplate`` rows (``manage.py load_mail_templates``) that the
secretariat may edit. Subject and body are Django template text rendered with plain values
only (strings, numbers, dates already formatted), never model objects, so an edited
template cannot reach into the database. Each kind also names the English-source file
template used while its row is missing (``fallback_template``); ``fallback_subject`` gives
the subject for file templates that do not carry it on their first line.

The texts are content stored in the database, written in Vietnamese on purpose.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


@dataclass(frozen=True)
class MailKind:
    code: str
    name: str
    subject: str
    body: str
    placeholders: tuple
    fallback_template: str
    #: ``callable(context) -> str``; None when the file's first line is the subject.
    fallback_subject: object = None
    description: str = field(default="", compare=False)


#: What each placeholder means, shown next to the editor.
PLACEHOLDER_HELP = {
    "applicant_name": gettext_lazy("Name of the applicant (facility representative or artisan)"),
    "recipient_name": gettext_lazy("Name of the person the e-mail goes to"),
    "dossier_code": gettext_lazy("Dossier code, for example DN26-0001"),
    "dossier_title": gettext_lazy("Product name or candidate's name"),
    "round_name": gettext_lazy("Name of the award round"),
    "organiser_name": gettext_lazy("Organising unit of the round"),
    "note": gettext_lazy("Reason written by the secretariat or the council (may be empty)"),
    "items": gettext_lazy("The list of items (missing documents, or dossiers to score)"),
    "deadline": gettext_lazy("Deadline, dd/mm/yyyy hh:mm (may be empty)"),
    "link": gettext_lazy("The main link of the e-mail"),
    "status_url": gettext_lazy("Link to the dossier's status page"),
    "receipt_url": gettext_lazy("Link to the receipt"),
    "submitted_at": gettext_lazy("When the dossier was submitted, dd/mm/yyyy hh:mm"),
    "submission_number": gettext_lazy("Submission number (1 for the first)"),
    "document_list": gettext_lazy("Documents received with their SHA-256 checksums"),
    "email": gettext_lazy("The recipient's e-mail address (their login)"),
    "resend_link": gettext_lazy("Link to ask for a new confirmation e-mail"),
    "password_reset_link": gettext_lazy("Link to the “Forgot your password?” page"),
    "valid_days": gettext_lazy("How many days the link works"),
    "inviter_name": gettext_lazy("Name of the person who sent the invitation"),
    "panel_name": gettext_lazy("Name of the council or jury"),
    "role": gettext_lazy("Role on the panel (chair, member…)"),
    "count": gettext_lazy("How many sheets are missing"),
    "reason": gettext_lazy("Reason given by the secretariat"),
    "site_url": gettext_lazy("Address of the VinhDanh site"),
}

#: Made-up values for the editor's preview.
SAMPLE_VALUES = {
    "applicant_name": "Cơ sở Gốm Biên Hòa Tư Ba",
    "recipient_name": "Nguyễn Thị Lan",
    "dossier_code": "DN26-0001",
    "dossier_title": "Bình gốm men lam Biên Hòa",
    "round_name": "Bình chọn sản phẩm CNNT tiêu biểu tỉnh Đồng Nai năm 2026",
    "organiser_name": "Trung tâm Khuyến công Đồng Nai",
    "note": "Giấy chứng nhận đăng ký kinh doanh bị mờ, không đọc được.",
    "items": "1. Giấy chứng nhận đăng ký kinh doanh: bản chụp bị mờ\n2. Thiếu ảnh mặt sau sản phẩm",
    "deadline": "15/09/2026 17:00",
    "link": "https://vinhdanh.example.vn/portal/dossiers/1/",
    "status_url": "https://vinhdanh.example.vn/portal/dossiers/1/status/",
    "receipt_url": "https://vinhdanh.example.vn/portal/dossiers/1/receipt/?revision=1",
    "submitted_at": "01/09/2026 09:30",
    "submission_number": 1,
    "document_list": (
        "1. Giấy chứng nhận đăng ký kinh doanh: giay-phep.pdf (120 KB)\n"
        "   SHA-256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
    ),
    "email": "lan.nguyen@example.vn",
    "resend_link": "https://vinhdanh.example.vn/accounts/verify/resend/",
    "password_reset_link": "https://vinhdanh.example.vn/accounts/password-reset/",
    "valid_days": 3,
    "inviter_name": "Trần Văn Minh",
    "panel_name": "Ban giám khảo bình chọn sản phẩm CNNT tiêu biểu tỉnh Đồng Nai năm 2026",
    "role": "Thành viên",
    "count": 2,
    "reason": "Nhập nhầm điểm tiêu chí 1.2.",
    "site_url": "https://vinhdanh.example.vn",
}

#: Samples that differ by e-mail (the same placeholder means another list there).
SAMPLE_OVERRIDES = {
    "judge_reminder": {
        "items": (
            "1. DN26-0001 – Bình gốm men lam Biên Hòa\n"
            "2. DN26-0007 – Nước mắm truyền thống Phan Thiết"
        ),
    },
}


def sample_values(code=""):
    """The preview values for the e-mail ``code``."""
    return {**SAMPLE_VALUES, **SAMPLE_OVERRIDES.get(code, {})}


GREETING = "Kính gửi {{ applicant_name }},\n\n"
REASON = "{% if note %}\nLý do: {{ note }}\n{% endif %}"
FOOTER = (
    "\nTheo dõi hồ sơ của quý vị tại: {{ status_url }}\n\n"
    "Mọi thắc mắc xin liên hệ tổ thư ký của {{ organiser_name }}.\n"
    "Thư này được gửi tự động từ hệ thống VinhDanh, vui lòng không trả lời thư này.\n"
)
RECEIPT = (
    "Hồ sơ {{ dossier_code }} “{{ dossier_title }}” của quý vị đã được tiếp nhận trong đợt "
    "“{{ round_name }}” lúc {{ submitted_at }}. Đây là lần nộp thứ {{ submission_number }}.\n\n"
    "Các tài liệu đã nhận, kèm mã kiểm tra SHA-256 (chứng minh quý vị đã gửi đúng những tệp "
    "này):\n{{ document_list }}\n\n"
    "Phiếu tiếp nhận được đính kèm thư này dưới dạng tệp PDF. Quý vị cũng có thể xem phiếu "
    "tại: {{ receipt_url }}\n"
)
SIGNATURE = "\n--\nVinhDanh\n{{ site_url }}\n"

DOSSIER = ("applicant_name", "dossier_code", "dossier_title", "round_name", "organiser_name")
DOSSIER_LINKS = ("link", "status_url", "site_url")
RECEIPT_PLACEHOLDERS = (
    *DOSSIER, "submitted_at", "submission_number", "document_list", "receipt_url",
    *DOSSIER_LINKS,
)  # fmt: skip


def _dossier_kind(action, name, subject, sentence, *, placeholders=None):
    """A dossier e-mail: greeting, one sentence, the reason if any, the footer."""
    return MailKind(
        code=f"dossier_{action}",
        name=name,
        subject=subject,
        body=f"{GREETING}{sentence}\n{REASON}{FOOTER}",
        placeholders=placeholders or (*DOSSIER, "note", *DOSSIER_LINKS),
        fallback_template=f"emails/dossier_{action}.txt",
    )


def _panel_name(context):
    return context.get("panel_name") or getattr(context.get("panel"), "name", "")


MAIL_KINDS = (
    MailKind(
        code="dossier_submit",
        name="Phiếu tiếp nhận hồ sơ (khi nộp hồ sơ)",
        subject="Phiếu tiếp nhận: đã nhận hồ sơ {{ dossier_code }}",
        body=f"{GREETING}{RECEIPT}{FOOTER}",
        placeholders=RECEIPT_PLACEHOLDERS,
        fallback_template="emails/dossier_submit.txt",
    ),
    MailKind(
        code="dossier_resubmit",
        name="Phiếu tiếp nhận hồ sơ (khi nộp lại sau bổ sung)",
        subject=(
            "Phiếu tiếp nhận: đã nhận lại hồ sơ {{ dossier_code }} "
            "(lần nộp thứ {{ submission_number }})"
        ),
        body=(
            f"{GREETING}Cảm ơn quý vị đã gửi hồ sơ bổ sung. Tổ thư ký sẽ kiểm tra lại hồ sơ "
            f"của quý vị.\n\n{RECEIPT}{FOOTER}"
        ),
        placeholders=RECEIPT_PLACEHOLDERS,
        fallback_template="emails/dossier_resubmit.txt",
    ),
    MailKind(
        code="dossier_return_for_supplement",
        name="Trả hồ sơ để bổ sung, hoàn thiện",
        subject="Hồ sơ {{ dossier_code }}: đề nghị bổ sung, hoàn thiện",
        body=(
            f"{GREETING}Tổ thư ký đã kiểm tra hồ sơ {{{{ dossier_code }}}} "
            "“{{ dossier_title }}” và trả lại để quý vị bổ sung, hoàn thiện. Đề nghị quý vị "
            "bổ sung hoặc sửa những nội dung sau:\n\n{{ items }}\n\n"
            "{% if deadline %}Đề nghị nộp lại hồ sơ trước {{ deadline }}.{% else %}Đề nghị "
            "nộp lại hồ sơ sớm nhất có thể.{% endif %}\n"
            "Quý vị chỉ cần thay đổi những nội dung được yêu cầu; các tệp đã gửi trước đây vẫn "
            "được giữ lại.\nChỉnh sửa hồ sơ tại: {{ link }}\n"
            f"{FOOTER}"
        ),
        placeholders=(*DOSSIER, "items", "deadline", *DOSSIER_LINKS),
        fallback_template="emails/dossier_return_for_supplement.txt",
    ),
    _dossier_kind(
        "accept",
        "Hồ sơ được chấp nhận",
        "Hồ sơ {{ dossier_code }} đã được chấp nhận",
        "Hồ sơ {{ dossier_code }} “{{ dossier_title }}” của quý vị trong đợt "
        "“{{ round_name }}” đã được tổ thư ký chấp nhận. Hồ sơ đang chờ hội đồng đánh giá; "
        "quý vị không cần làm gì thêm.",
    ),
    _dossier_kind(
        "reject",
        "Hồ sơ bị từ chối",
        "Hồ sơ {{ dossier_code }} bị từ chối",
        "Hồ sơ {{ dossier_code }} “{{ dossier_title }}” của quý vị trong đợt "
        "“{{ round_name }}” đã bị tổ thư ký từ chối.",
    ),
    _dossier_kind(
        "withdraw",
        "Hồ sơ được rút",
        "Hồ sơ {{ dossier_code }} đã được rút",
        "Hồ sơ {{ dossier_code }} “{{ dossier_title }}” của quý vị đã được rút khỏi đợt "
        "“{{ round_name }}” và không tiếp tục tham gia đợt này. Nếu quý vị không thực hiện "
        "việc này, xin liên hệ ngay với tổ thư ký.",
    ),
    _dossier_kind(
        "disqualify",
        "Hồ sơ bị loại",
        "Hồ sơ {{ dossier_code }} bị loại",
        "Hồ sơ {{ dossier_code }} “{{ dossier_title }}” của quý vị trong đợt "
        "“{{ round_name }}” đã bị loại.",
    ),
    _dossier_kind(
        "recognise",
        "Sản phẩm được công nhận",
        "Chúc mừng: hồ sơ {{ dossier_code }} đã được công nhận",
        "Sản phẩm {{ dossier_code }} “{{ dossier_title }}” của quý vị đã được công nhận "
        "trong đợt “{{ round_name }}”. Giấy chứng nhận được cấp kèm theo quyết định công nhận.",
    ),
    _dossier_kind(
        "not_recognise",
        "Sản phẩm không được công nhận",
        "Kết quả hồ sơ {{ dossier_code }}",
        "Sản phẩm {{ dossier_code }} “{{ dossier_title }}” của quý vị chưa được công nhận "
        "trong đợt “{{ round_name }}”. Cảm ơn quý vị đã tham gia; quý vị có thể đăng ký lại "
        "ở các đợt sau.",
    ),
    _dossier_kind(
        "approve",
        "Hồ sơ được hội đồng thông qua",
        "Hồ sơ {{ dossier_code }} đã được hội đồng thông qua",
        "Hội đồng của đợt “{{ round_name }}” đã thông qua hồ sơ {{ dossier_code }} "
        "“{{ dossier_title }}” của quý vị. Hồ sơ được chuyển lên hội đồng cấp tiếp theo hoặc "
        "để cấp có thẩm quyền ra quyết định.",
    ),
    _dossier_kind(
        "not_approve",
        "Hồ sơ không được hội đồng thông qua",
        "Kết quả hồ sơ {{ dossier_code }}",
        "Hội đồng của đợt “{{ round_name }}” đã không thông qua hồ sơ {{ dossier_code }} "
        "“{{ dossier_title }}” của quý vị. Cảm ơn quý vị đã tham gia.",
    ),
    _dossier_kind(
        "award",
        "Danh hiệu được phong tặng",
        "Chúc mừng: danh hiệu đã được phong tặng (hồ sơ {{ dossier_code }})",
        "Quyết định phong tặng danh hiệu đối với hồ sơ {{ dossier_code }} "
        "“{{ dossier_title }}” của quý vị trong đợt “{{ round_name }}” đã được ghi nhận.",
    ),
    _dossier_kind(
        "revoke",
        "Thu hồi công nhận",
        "Hồ sơ {{ dossier_code }}: quyết định công nhận đã bị thu hồi",
        "Việc công nhận hồ sơ {{ dossier_code }} “{{ dossier_title }}” của quý vị trong đợt "
        "“{{ round_name }}” đã bị thu hồi.",
    ),
    MailKind(
        code="account_verification",
        name="Xác nhận địa chỉ e-mail khi đăng ký tài khoản",
        subject="Xác nhận địa chỉ e-mail của quý vị trên VinhDanh",
        body=(
            "Xin chào {{ recipient_name }},\n\n"
            "Cảm ơn quý vị đã đăng ký tài khoản VinhDanh. Vui lòng xác nhận địa chỉ e-mail "
            "bằng cách mở liên kết sau:\n\n{{ link }}\n\n"
            "Liên kết có hiệu lực trong {{ valid_days }} ngày và chỉ dùng được một lần. Tài "
            "khoản chỉ sử dụng được sau khi quý vị xác nhận.\n\n"
            "Nếu liên kết không còn dùng được, quý vị có thể yêu cầu liên kết mới tại đây:\n"
            "{{ resend_link }}\n\n"
            "Nếu quý vị không đăng ký tài khoản, xin bỏ qua thư này: tài khoản sẽ không được "
            "kích hoạt nếu không có xác nhận.\n"
            f"{SIGNATURE}"
        ),
        placeholders=("recipient_name", "email", "link", "resend_link", "valid_days", "site_url"),
        fallback_template="emails/accounts_verify.txt",
        fallback_subject=lambda context: _("Confirm your e-mail address for VinhDanh"),
    ),
    MailKind(
        code="account_password_reset",
        name="Đặt lại mật khẩu",
        subject="Đặt mật khẩu mới cho tài khoản VinhDanh",
        body=(
            "Xin chào {{ recipient_name }},\n\n"
            "Có người vừa yêu cầu đặt mật khẩu mới cho tài khoản VinhDanh của quý vị. Để đặt "
            "mật khẩu mới, vui lòng mở liên kết sau:\n\n{{ link }}\n\n"
            "Quý vị đăng nhập bằng địa chỉ e-mail này: {{ email }}\n\n"
            "Liên kết có hiệu lực trong {{ valid_days }} ngày và chỉ dùng được một lần. Nếu "
            "quý vị không yêu cầu đặt lại mật khẩu, xin bỏ qua thư này: mật khẩu của quý vị "
            "vẫn giữ nguyên.\n"
            f"{SIGNATURE}"
        ),
        placeholders=("recipient_name", "email", "link", "valid_days", "site_url"),
        fallback_template="emails/accounts_password_reset.txt",
        fallback_subject=lambda context: _("Choose a new password for VinhDanh"),
    ),
    MailKind(
        code="account_invite",
        name="Mời người nộp hồ sơ sử dụng tài khoản",
        subject="Quý vị được mời sử dụng VinhDanh",
        body=(
            "Xin chào {{ recipient_name }},\n\n"
            "{{ inviter_name }} thuộc tổ thư ký giải thưởng đã tạo cho quý vị một tài khoản "
            "VinhDanh để quý vị nộp và theo dõi hồ sơ trực tuyến.\n\n"
            "Quý vị đăng nhập bằng địa chỉ e-mail này: {{ email }}\n\n"
            "Mở liên kết sau để đặt mật khẩu:\n\n{{ link }}\n\n"
            "Liên kết có hiệu lực trong {{ valid_days }} ngày và chỉ dùng được một lần. Nếu "
            "liên kết không còn dùng được, quý vị có thể yêu cầu liên kết mới bằng chức năng "
            "“Quên mật khẩu?” tại đây:\n{{ password_reset_link }}\n\n"
            "Nếu quý vị không chờ đợi thư này, xin liên hệ tổ thư ký của đơn vị tổ chức.\n"
            f"{SIGNATURE}"
        ),
        placeholders=(
            "recipient_name",
            "inviter_name",
            "email",
            "link",
            "password_reset_link",
            "valid_days",
            "site_url",
        ),
        fallback_template="emails/accounts_invite.txt",
        fallback_subject=lambda context: _("You have been invited to VinhDanh"),
    ),
    MailKind(
        code="panel_invitation",
        name="Mời thành viên hội đồng, ban giám khảo (tài khoản mới)",
        subject="Thư mời tham gia {{ panel_name }}",
        body=(
            "Xin chào {{ recipient_name }},\n\n"
            "{{ inviter_name }} thuộc tổ thư ký giải thưởng đã bố trí quý vị tham gia "
            "{{ panel_name }} ({{ role }}) của đợt “{{ round_name }}” và tạo cho quý vị một "
            "tài khoản VinhDanh.\n\n"
            "Quý vị đăng nhập bằng địa chỉ e-mail này: {{ email }}\n\n"
            "Mở liên kết sau để đặt mật khẩu:\n\n{{ link }}\n\n"
            "Liên kết có hiệu lực trong {{ valid_days }} ngày và chỉ dùng được một lần.\n\n"
            "Nếu quý vị không chờ đợi thư này, xin liên hệ tổ thư ký của đơn vị tổ chức.\n"
            f"{SIGNATURE}"
        ),
        placeholders=(
            "recipient_name",
            "inviter_name",
            "panel_name",
            "role",
            "round_name",
            "organiser_name",
            "email",
            "link",
            "valid_days",
            "site_url",
        ),
        fallback_template="scoring/panels_email_invite.txt",
        fallback_subject=lambda context: (
            _("You are invited to %(panel)s") % {"panel": _panel_name(context)}
        ),
    ),
    MailKind(
        code="panel_seat_notice",
        name="Thông báo được bố trí vào hội đồng, ban giám khảo",
        subject="Quý vị tham gia {{ panel_name }}",
        body=(
            "Xin chào {{ recipient_name }},\n\n"
            "{{ inviter_name }} thuộc tổ thư ký giải thưởng đã bố trí quý vị tham gia "
            "{{ panel_name }} ({{ role }}) của đợt “{{ round_name }}”.\n\n"
            "Đăng nhập VinhDanh để xem công việc của quý vị:\n{{ link }}\n"
            f"{SIGNATURE}"
        ),
        placeholders=(
            "recipient_name",
            "inviter_name",
            "panel_name",
            "role",
            "round_name",
            "organiser_name",
            "link",
            "site_url",
        ),
        fallback_template="scoring/panels_email_seat.txt",
        fallback_subject=lambda context: (
            _("You have a seat on %(panel)s") % {"panel": _panel_name(context)}
        ),
    ),
    MailKind(
        code="judge_reminder",
        name="Nhắc giám khảo nộp phiếu chấm điểm",
        subject="Nhắc chấm điểm: còn {{ count }} phiếu chưa nộp – {{ round_name }}",
        body=(
            "Kính gửi {{ recipient_name }},\n\n"
            "Tổ thư ký đợt “{{ round_name }}” xin nhắc: quý vị còn {{ count }} phiếu chấm điểm "
            "chưa nộp cho các hồ sơ sau:\n\n{{ items }}\n\n"
            "{% if deadline %}Thời hạn chấm điểm: {{ deadline }}.\n{% endif %}"
            "Vui lòng chấm điểm và nộp phiếu tại: {{ link }}\n\n"
            "Nếu quý vị có xung đột lợi ích với hồ sơ nào, xin khai báo trên trang chấm điểm "
            "thay vì chấm hồ sơ đó.\n\n"
            "Trân trọng,\nTổ thư ký {{ organiser_name }}\n"
            "--\nThư này được gửi tự động từ hệ thống VinhDanh, vui lòng không trả lời thư này.\n"
        ),
        placeholders=(
            "recipient_name",
            "round_name",
            "organiser_name",
            "count",
            "items",
            "deadline",
            "link",
            "site_url",
        ),
        fallback_template="emails/judge_reminder.txt",
    ),
    MailKind(
        code="sheet_reopened",
        name="Phiếu chấm điểm được mở lại để chỉnh sửa",
        subject="Phiếu chấm điểm được mở lại: hồ sơ {{ dossier_code }}",
        body=(
            "Kính gửi {{ recipient_name }},\n\n"
            "Tổ thư ký đã mở lại phiếu chấm điểm của quý vị đối với hồ sơ {{ dossier_code }} "
            "“{{ dossier_title }}” để quý vị chỉnh sửa.\n\n"
            "Lý do: {{ reason }}\n\n"
            "Vui lòng sửa điểm và nộp lại phiếu tại: {{ link }}\n"
            f"{SIGNATURE}"
        ),
        placeholders=(
            "recipient_name",
            "dossier_code",
            "dossier_title",
            "round_name",
            "reason",
            "link",
            "site_url",
        ),
        fallback_template="emails/sheet_reopened.txt",
    ),
)

KINDS_BY_CODE = {kind.code: kind for kind in MAIL_KINDS}


def kind_of(code):
    """The catalogue entry for ``code``, or None for a code the system never sends."""
    return KINDS_BY_CODE.get(code)
