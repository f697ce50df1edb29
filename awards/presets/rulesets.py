"""Rule-set presets as data (domain.md §2–§5).

Each preset is a plain dict: the RuleSet fields, then ``criteria`` (groups with ``children``),
``requirements`` (the document checklist, one row per level) and ``checks`` (eligibility).
``awards.presets.loader.load_rule_set_presets`` writes them to the database, matched by
``(code, version)``; rows inside a preset are matched by their ``code``.

To change a preset that rounds may already have copied, edit it here and load again: rounds
keep their own copies. To publish a new edition side by side with the old one (new law,
new circular), copy the dict and raise ``version``. Figures marked configurable in
domain.md are defaults a round changes on its own copy.

Texts are Vietnamese because they are printed on official forms; the model fields around
them carry the translated labels.
"""

from decimal import Decimal

from awards.enums import (
    AggregationMethod,
    CheckKind,
    DayKind,
    EvaluationMode,
    Family,
    Level,
    Title,
    ValidityKind,
    VoteDenominator,
)

PDF = ["pdf"]
PDF_OR_IMAGE = ["pdf", "jpg", "png"]


def _group(code, name, max_points, children, description=""):
    return {
        "code": code,
        "name": name,
        "max_points": max_points,
        "description": description,
        "children": [
            {"code": sub_code, "name": sub_name, "max_points": sub_max, "description": sub_desc}
            for sub_code, sub_name, sub_max, sub_desc in children
        ],
    }


def _doc(level, code, name, *, mandatory=True, kinds=PDF, description="", title=""):
    return {
        "level": level,
        "code": code,
        "name": name,
        "mandatory": mandatory,
        "accepted_kinds": list(kinds),
        "description": description,
        "title": title,
    }


def _declaration(code, label, *, title=""):
    return {
        "code": code,
        "kind": CheckKind.DECLARATION,
        "label": label,
        "field": "",
        "minimum": None,
        "title": title,
    }


def _minimum(code, field, minimum, label, *, title=""):
    return {
        "code": code,
        "kind": CheckKind.MINIMUM,
        "field": field,
        "minimum": minimum,
        "label": label,
        "title": title,
    }


# --- Product award: typical rural industrial products ------------------------------------

PRODUCT_CRITERIA = [
    _group(
        "1",
        "Nhóm 1: Đáp ứng nhu cầu thị trường và khả năng phát triển sản xuất",
        40,
        [
            (
                "1.1",
                "Khả năng đáp ứng nhu cầu thị trường (trong tỉnh, ngoài tỉnh, xuất khẩu)",
                15,
                "Thị trường tiêu thụ hiện có, độ rộng và tính ổn định của thị trường.",
            ),
            (
                "1.2",
                "Quy mô và năng lực sản xuất, khả năng sản xuất hàng loạt",
                10,
                "Công suất, khả năng đáp ứng đơn hàng lớn và ổn định.",
            ),
            (
                "1.3",
                "Hiệu quả kinh tế, doanh thu từ sản phẩm",
                10,
                "Doanh thu, lợi nhuận và mức tăng trưởng trong 2 năm gần nhất.",
            ),
            (
                "1.4",
                "Khả năng phát triển, mở rộng sản xuất",
                5,
                "Kế hoạch đầu tư, cải tiến, mở rộng sản xuất kinh doanh.",
            ),
        ],
    ),
    _group(
        "2",
        "Nhóm 2: Kinh tế – kỹ thuật – xã hội và môi trường",
        40,
        [
            ("2.1", "Sử dụng nguyên liệu, vật tư trong nước và tại địa phương", 10, ""),
            ("2.2", "Quy trình công nghệ, chất lượng sản phẩm và tiêu chuẩn áp dụng", 10, ""),
            ("2.3", "Tạo việc làm, tăng thu nhập cho lao động nông thôn", 10, ""),
            ("2.4", "An toàn lao động, an toàn thực phẩm và bảo vệ môi trường", 10, ""),
        ],
    ),
    _group(
        "3",
        "Nhóm 3: Tính văn hóa, tính thẩm mỹ",
        10,
        [
            ("3.1", "Thể hiện bản sắc văn hóa dân tộc, truyền thống địa phương", 5, ""),
            ("3.2", "Kiểu dáng, mẫu mã, màu sắc của sản phẩm", 3, ""),
            ("3.3", "Bao bì, nhãn mác và thông tin sản phẩm", 2, ""),
        ],
    ),
    _group(
        "4",
        "Nhóm 4: Tiêu chí khác",
        10,
        [
            ("4.1", "Đăng ký nhãn hiệu, bảo hộ sở hữu trí tuệ", 4, ""),
            ("4.2", "Giải thưởng, chứng nhận sản phẩm đã đạt được", 3, ""),
            ("4.3", "Quảng bá, xúc tiến thương mại, thương mại điện tử", 3, ""),
        ],
    ),
]


def _product_base_checklist(level):
    return [
        _doc(level, "registration_form", "Phiếu đăng ký tham gia bình chọn sản phẩm"),
        _doc(
            level,
            "business_registration",
            "Bản sao chứng thực Giấy chứng nhận đăng ký doanh nghiệp, hợp tác xã hoặc hộ kinh doanh",
            kinds=PDF_OR_IMAGE,
        ),
        _doc(
            level,
            "product_description",
            "Bản thuyết minh sản phẩm",
            description="Kèm ít nhất 3 ảnh màu của sản phẩm (tải lên ở mục ảnh sản phẩm).",
        ),
        _doc(
            level,
            "quality_certificates",
            "Giấy chứng nhận chất lượng, tiêu chuẩn, quy chuẩn áp dụng cho sản phẩm",
            mandatory=False,
            kinds=PDF_OR_IMAGE,
        ),
        _doc(
            level,
            "food_safety",
            "Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm",
            mandatory=False,
            kinds=PDF_OR_IMAGE,
            description=(
                "Cần có đối với sản phẩm nhóm 2 (chế biến nông, lâm, thủy sản và thực phẩm); "
                "để tùy chọn vì không áp dụng cho các nhóm khác, tổ thư ký kiểm tra khi tiếp nhận."
            ),
        ),
        _doc(
            level,
            "merit_awards",
            "Bằng khen, giấy khen, giải thưởng của sản phẩm",
            mandatory=False,
            kinds=PDF_OR_IMAGE,
        ),
    ]


def _product_checklist():
    rows = []
    # District rows serve rounds before 1/7/2025, whose copied chain starts at the district.
    for level in (Level.DISTRICT, Level.COMMUNE, Level.PROVINCE):
        rows += _product_base_checklist(level)
    rows += _product_base_checklist(Level.REGION)
    rows += [
        _doc(
            Level.REGION,
            "province_decision",
            "Quyết định công nhận sản phẩm công nghiệp nông thôn tiêu biểu cấp tỉnh",
            kinds=PDF_OR_IMAGE,
        ),
        _doc(
            Level.REGION,
            "province_certificate",
            "Giấy chứng nhận sản phẩm công nghiệp nông thôn tiêu biểu cấp tỉnh còn hiệu lực",
            kinds=PDF_OR_IMAGE,
        ),
    ]
    rows += _product_base_checklist(Level.NATIONAL)
    rows += [
        _doc(
            Level.NATIONAL,
            "region_certificate",
            "Giấy chứng nhận sản phẩm công nghiệp nông thôn tiêu biểu cấp khu vực còn hiệu lực",
            kinds=PDF_OR_IMAGE,
        ),
    ]
    return rows


PRODUCT_DECLARATIONS = [
    _declaration("own_production", "Sản phẩm do chính cơ sở sản xuất"),
    _declaration(
        "no_violation",
        "Không vi phạm về sở hữu trí tuệ, chất lượng, an toàn lao động, an toàn thực phẩm, "
        "môi trường",
    ),
    _declaration(
        "mass_producible",
        "Sản phẩm có khả năng sản xuất hàng loạt, không phải sản phẩm độc bản",
    ),
]

PRODUCT_TT26 = {
    "code": "product-tt26",
    "version": 1,
    "name": "Bình chọn sản phẩm công nghiệp nông thôn tiêu biểu",
    "family": Family.PRODUCT,
    "legal_basis": (
        "Thông tư 26/2014/TT-BCT, sửa đổi, bổ sung bởi Thông tư 14/2018/TT-BCT; "
        "Thông tư 38/2025/TT-BCT (từ 01/7/2025 cấp xã thay cấp huyện)."
    ),
    "levels": [Level.COMMUNE, Level.PROVINCE, Level.REGION, Level.NATIONAL],
    "evaluation_mode": EvaluationMode.SCORE_SHEET,
    "pass_mark": Decimal("70"),
    "aggregation_method": AggregationMethod.MEAN,
    "quorum_ratio": Decimal("0.6667"),
    "quorum_min_sheets": None,
    "vote_quorum_pct": None,
    "vote_approval_pct": None,
    "vote_denominator": VoteDenominator.LISTED,
    "nomination_quota": None,
    "bands": [],
    "tie_breaks": ["final_score", "group:1", "group:2", "median", "submitted_at"],
    "certificate_validity_kind": ValidityKind.END_OF_YEAR,
    "certificate_validity_value": 4,
    "consultation_days": None,
    "consultation_day_kind": DayKind.CALENDAR,
    "consultation_levels": [],
    "min_photos": 3,
    "notes": (
        "Thang điểm chi tiết trong từng nhóm là đề xuất; hội đồng mỗi cấp phê duyệt thang điểm "
        "của vòng mình, tổng mỗi nhóm giữ đúng 40/40/10/10. Điểm đạt 70/100 (cấp tỉnh theo thực "
        "tế; cấp khu vực, quốc gia cấu hình được). Giấy chứng nhận có hiệu lực đến 31/12 của năm "
        "thứ tư, tính cả năm cấp. Danh mục hồ sơ cấp huyện dùng cho các vòng trước 01/7/2025."
    ),
    "criteria": PRODUCT_CRITERIA,
    "requirements": _product_checklist(),
    "checks": PRODUCT_DECLARATIONS,
}


# --- National artisan titles (Decree 43/2024/NĐ-CP) --------------------------------------


def _artisan_checklist(level):
    return [
        _doc(
            level,
            "achievement_form_01",
            "Bản thành tích đề nghị xét tặng danh hiệu Nghệ nhân Nhân dân (Mẫu số 01)",
            title=Title.PEOPLES_ARTISAN,
        ),
        _doc(
            level,
            "achievement_form_02",
            "Bản thành tích đề nghị xét tặng danh hiệu Nghệ nhân Ưu tú (Mẫu số 02)",
            title=Title.MERITORIOUS_ARTISAN,
        ),
        _doc(
            level,
            "craft_evidence",
            "Tài liệu chứng minh việc gìn giữ, truyền dạy nghề (ảnh, đường dẫn video)",
            description="Gộp ảnh và đường dẫn video vào một tệp PDF.",
        ),
        _doc(
            level,
            "prizes",
            "Bản sao giải thưởng, bằng khen, giấy chứng nhận của tác phẩm",
            kinds=PDF_OR_IMAGE,
        ),
        _doc(
            level,
            "commune_confirmation",
            "Xác nhận của Ủy ban nhân dân cấp xã nơi cư trú hoặc nơi hành nghề",
            kinds=PDF_OR_IMAGE,
        ),
    ]


def _artisan_nd43_checklist():
    return (
        _artisan_checklist(Level.PROVINCE)
        + _artisan_checklist(Level.MINISTRY)
        + [
            _doc(
                Level.MINISTRY,
                "province_council_minutes",
                "Biên bản họp và kết quả bỏ phiếu của Hội đồng cấp tỉnh",
            ),
            _doc(
                Level.MINISTRY,
                "province_proposal",
                "Tờ trình đề nghị của Ủy ban nhân dân cấp tỉnh",
            ),
        ]
        + _artisan_checklist(Level.STATE)
        + [
            _doc(
                Level.STATE,
                "ministry_council_minutes",
                "Biên bản họp và kết quả bỏ phiếu của Hội đồng cấp Bộ",
            ),
            _doc(
                Level.STATE,
                "ministry_proposal",
                "Tờ trình đề nghị của Bộ Công Thương",
            ),
        ]
    )


ARTISAN_ND43 = {
    "code": "artisan-nd43",
    "version": 1,
    "name": "Xét tặng danh hiệu Nghệ nhân Nhân dân, Nghệ nhân Ưu tú (nghề thủ công mỹ nghệ)",
    "family": Family.NATIONAL_ARTISAN,
    "legal_basis": (
        "Nghị định 43/2024/NĐ-CP (hiệu lực từ 06/6/2024); hồ sơ nộp trước ngày này áp dụng "
        "Nghị định 123/2014/NĐ-CP."
    ),
    "levels": [Level.PROVINCE, Level.MINISTRY, Level.STATE],
    "evaluation_mode": EvaluationMode.SECRET_BALLOT,
    "pass_mark": None,
    "aggregation_method": AggregationMethod.MEAN,
    "quorum_ratio": Decimal("0.6667"),
    "quorum_min_sheets": None,
    "vote_quorum_pct": Decimal("75"),
    "vote_approval_pct": Decimal("90"),
    "vote_denominator": VoteDenominator.LISTED,
    "nomination_quota": None,
    "bands": [],
    "tie_breaks": [],
    "certificate_validity_kind": ValidityKind.PERMANENT,
    "certificate_validity_value": 0,
    "consultation_days": 20,
    "consultation_day_kind": DayKind.CALENDAR,
    "consultation_levels": [Level.STATE],
    "min_photos": 0,
    "notes": (
        "Tỷ lệ có mặt 75 % và tỷ lệ đồng ý 90 % tính trên tổng số thành viên hội đồng là mặc định "
        "cấu hình được cho từng hội đồng. Lấy ý kiến nhân dân 20 ngày trước khi Hội đồng cấp Nhà "
        "nước bỏ phiếu (Nghị định 123/2014: 15 ngày làm việc). Ngưỡng Nghệ nhân Ưu tú (15 năm, "
        "1 tác phẩm, 50 người được truyền nghề) là mặc định cấu hình được; nghề có nguy cơ mai "
        "một có thể hạ số người được truyền nghề."
    ),
    "criteria": [],
    "requirements": _artisan_nd43_checklist(),
    "checks": [
        _declaration(
            "peoples_holds_meritorious",
            "Đã được phong tặng danh hiệu Nghệ nhân Ưu tú trong nghề thủ công mỹ nghệ",
            title=Title.PEOPLES_ARTISAN,
        ),
        _minimum(
            "peoples_years",
            "years_in_craft",
            20,
            "Có ít nhất 20 năm hành nghề",
            title=Title.PEOPLES_ARTISAN,
        ),
        _minimum(
            "peoples_works",
            "works_count",
            2,
            "Có ít nhất 2 tác phẩm mới sau khi được phong tặng Nghệ nhân Ưu tú, đạt giải Nhì "
            "trở lên cấp quốc gia hoặc tương đương",
            title=Title.PEOPLES_ARTISAN,
        ),
        _minimum(
            "peoples_trainees",
            "trainees_count",
            150,
            "Đã truyền nghề cho ít nhất 150 người",
            title=Title.PEOPLES_ARTISAN,
        ),
        _minimum(
            "meritorious_years",
            "years_in_craft",
            15,
            "Có ít nhất 15 năm hành nghề",
            title=Title.MERITORIOUS_ARTISAN,
        ),
        _minimum(
            "meritorious_works",
            "works_count",
            1,
            "Có ít nhất 1 tác phẩm đạt giải thưởng hoặc được công nhận",
            title=Title.MERITORIOUS_ARTISAN,
        ),
        _minimum(
            "meritorious_trainees",
            "trainees_count",
            50,
            "Đã truyền nghề cho ít nhất 50 người",
            title=Title.MERITORIOUS_ARTISAN,
        ),
    ],
}


# --- Provincial titles, Đồng Nai -------------------------------------------------------------


PROVINCIAL_TITLE_DONGNAI = {
    "code": "provincial-title-dongnai",
    "version": 1,
    "name": "Xét tặng danh hiệu Nghệ nhân, Thợ giỏi, Người có công đưa nghề về địa phương",
    "family": Family.PROVINCIAL_TITLE,
    "legal_basis": (
        "Quyết định 38/2015/QĐ-UBND và Quyết định 20/2018/QĐ-UBND của Ủy ban nhân dân tỉnh "
        "Đồng Nai (cấu hình được theo văn bản hiện hành của tỉnh)."
    ),
    "levels": [Level.PROVINCE],
    "evaluation_mode": EvaluationMode.SECRET_BALLOT,
    "pass_mark": None,
    "aggregation_method": AggregationMethod.MEAN,
    "quorum_ratio": Decimal("0.6667"),
    "quorum_min_sheets": None,
    "vote_quorum_pct": Decimal("66.67"),
    "vote_approval_pct": Decimal("50"),
    "vote_denominator": VoteDenominator.PRESENT,
    "nomination_quota": None,
    "bands": [],
    "tie_breaks": [],
    "certificate_validity_kind": ValidityKind.PERMANENT,
    "certificate_validity_value": 0,
    "consultation_days": 15,
    "consultation_day_kind": DayKind.CALENDAR,
    "consultation_levels": [Level.PROVINCE],
    "min_photos": 0,
    "notes": (
        "Tỷ lệ có mặt, tỷ lệ đồng ý, thời gian lấy ý kiến và các ngưỡng tối thiểu là giá trị mặc "
        "định tham khảo (theo thực tế các tỉnh); Sở Công Thương Đồng Nai nhập số liệu chính thức "
        "của tỉnh."
    ),
    "criteria": [],
    "requirements": [
        _doc(Level.PROVINCE, "application", "Đơn đề nghị xét tặng danh hiệu"),
        _doc(
            Level.PROVINCE,
            "achievement_report",
            "Báo cáo thành tích có xác nhận của Ủy ban nhân dân cấp xã",
        ),
        _doc(
            Level.PROVINCE,
            "works_photos",
            "Hình ảnh tác phẩm, sản phẩm tiêu biểu",
            kinds=PDF_OR_IMAGE,
        ),
        _doc(
            Level.PROVINCE,
            "prizes",
            "Bản sao giải thưởng, bằng khen, giấy chứng nhận",
            mandatory=False,
            kinds=PDF_OR_IMAGE,
        ),
        _doc(
            Level.PROVINCE,
            "trainees_list_artisan",
            "Danh sách người đã được truyền nghề, có xác nhận của Ủy ban nhân dân cấp xã",
            title=Title.PROVINCIAL_ARTISAN,
        ),
        _doc(
            Level.PROVINCE,
            "trainees_list_bringer",
            "Danh sách lao động đã được truyền nghề, có xác nhận của Ủy ban nhân dân cấp xã",
            title=Title.CRAFT_BRINGER,
        ),
    ],
    "checks": [
        _minimum(
            "skilled_worker_years",
            "years_in_craft",
            5,
            "Có ít nhất 5 năm làm nghề",
            title=Title.SKILLED_WORKER,
        ),
        _minimum(
            "skilled_worker_works",
            "works_count",
            5,
            "Có ít nhất 5 tác phẩm, sản phẩm do mình làm ra",
            title=Title.SKILLED_WORKER,
        ),
        _minimum(
            "artisan_years",
            "years_in_craft",
            10,
            "Có ít nhất 10 năm làm nghề",
            title=Title.PROVINCIAL_ARTISAN,
        ),
        _minimum(
            "artisan_works",
            "works_count",
            10,
            "Có ít nhất 10 tác phẩm, sản phẩm do mình làm ra",
            title=Title.PROVINCIAL_ARTISAN,
        ),
        _minimum(
            "artisan_trainees",
            "trainees_count",
            30,
            "Đã truyền nghề cho ít nhất 30 người",
            title=Title.PROVINCIAL_ARTISAN,
        ),
        _minimum(
            "craft_bringer_trainees",
            "trainees_count",
            30,
            "Đã truyền nghề cho ít nhất 30 lao động",
            title=Title.CRAFT_BRINGER,
        ),
    ],
}


# --- OCOP star rating (reference preset) ------------------------------------------------------

OCOP_CRITERIA = [
    _group(
        "A",
        "Phần A: Sản phẩm và sức mạnh cộng đồng",
        40,
        [
            ("A.1", "Tổ chức sản xuất: nguồn nguyên liệu, liên kết, hình thức tổ chức", 15, ""),
            ("A.2", "Phát triển sản phẩm: gia tăng giá trị, bao bì, công nghệ", 10, ""),
            ("A.3", "Sức mạnh cộng đồng: sử dụng lao động địa phương, quản trị, kế toán", 15, ""),
        ],
    ),
    _group(
        "B",
        "Phần B: Khả năng tiếp thị",
        25,
        [
            ("B.1", "Tiếp thị: kênh phân phối, quy mô thị trường", 10, ""),
            ("B.2", "Quảng bá, xúc tiến thương mại", 8, ""),
            ("B.3", "Câu chuyện sản phẩm", 7, ""),
        ],
    ),
    _group(
        "C",
        "Phần C: Chất lượng sản phẩm",
        35,
        [
            ("C.1", "Chất lượng cảm quan, tính độc đáo của sản phẩm", 15, ""),
            ("C.2", "Tiêu chuẩn chất lượng, an toàn thực phẩm, công bố sản phẩm", 12, ""),
            ("C.3", "Khả năng xuất khẩu, mở rộng thị trường", 8, ""),
        ],
    ),
]


def _ocop_checklist(level):
    return [
        _doc(level, "registration_form", "Phiếu đăng ký sản phẩm tham gia đánh giá, phân hạng"),
        _doc(
            level,
            "business_registration",
            "Bản sao Giấy chứng nhận đăng ký kinh doanh của chủ thể",
            kinds=PDF_OR_IMAGE,
        ),
        _doc(level, "product_plan", "Phương án hoặc kế hoạch kinh doanh sản phẩm"),
        _doc(
            level,
            "quality_standard",
            "Bản công bố tiêu chuẩn chất lượng sản phẩm",
            mandatory=False,
            kinds=PDF_OR_IMAGE,
        ),
        _doc(
            level,
            "food_safety",
            "Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm",
            mandatory=False,
            kinds=PDF_OR_IMAGE,
            description="Cần có đối với sản phẩm thực phẩm.",
        ),
        _doc(
            level,
            "product_story",
            "Câu chuyện sản phẩm",
            mandatory=False,
        ),
    ]


OCOP_2023 = {
    "code": "ocop-2023",
    "version": 1,
    "name": "Đánh giá, phân hạng sản phẩm OCOP (tham khảo)",
    "family": Family.PRODUCT,
    "legal_basis": "Quyết định 148/QĐ-TTg năm 2023 về Bộ tiêu chí và quy trình đánh giá, phân hạng sản phẩm OCOP.",
    "levels": [Level.PROVINCE, Level.NATIONAL],
    "evaluation_mode": EvaluationMode.SCORE_SHEET,
    "pass_mark": Decimal("50"),
    "aggregation_method": AggregationMethod.MEAN,
    "quorum_ratio": Decimal("0.6667"),
    "quorum_min_sheets": None,
    "vote_quorum_pct": None,
    "vote_approval_pct": None,
    "vote_denominator": VoteDenominator.LISTED,
    "nomination_quota": None,
    "bands": [
        {"label": "5 sao", "min": 90},
        {"label": "4 sao", "min": 70},
        {"label": "3 sao", "min": 50},
        {"label": "2 sao", "min": 30},
        {"label": "1 sao", "min": 0},
    ],
    "tie_breaks": ["final_score", "group:A", "group:C", "median", "submitted_at"],
    "certificate_validity_kind": ValidityKind.MONTHS,
    "certificate_validity_value": 36,
    "consultation_days": None,
    "consultation_day_kind": DayKind.CALENDAR,
    "consultation_levels": [],
    "min_photos": 3,
    "notes": (
        "Bộ mẫu tham khảo cho thấy bộ quy tắc diễn đạt được phân hạng sao (từ 50 điểm: 3 sao, đạt "
        "OCOP) và hiệu lực giấy chứng nhận 36 tháng. Thang điểm chi tiết trong từng phần là đề xuất."
    ),
    "criteria": OCOP_CRITERIA,
    "requirements": _ocop_checklist(Level.PROVINCE)
    + _ocop_checklist(Level.NATIONAL)
    + [
        _doc(
            Level.NATIONAL,
            "province_rating_certificate",
            "Giấy chứng nhận sản phẩm OCOP cấp tỉnh (4 sao) còn hiệu lực",
            kinds=PDF_OR_IMAGE,
        ),
    ],
    "checks": PRODUCT_DECLARATIONS[:2],
}


#: Every preset the loader writes, in load order.
PRESETS = [PRODUCT_TT26, ARTISAN_ND43, PROVINCIAL_TITLE_DONGNAI, OCOP_2023]
