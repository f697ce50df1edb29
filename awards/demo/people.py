"""Demo accounts: one predictable login per role, plus the other panel members.

Every demo account shares ``DEMO_PASSWORD``. Names and positions are invented; none is a
real official.
"""

DEMO_PASSWORD = "vinhdanh2026"
EMAIL_DOMAIN = "vinhdanh.local"

#: The logins printed at the end of ``load_demo``: username, full name, position,
#: role (Vietnamese, for the console) and what to try.
LOGINS = [
    {
        "username": "admin",
        "full_name": "Quản trị viên hệ thống",
        "job_title": "Quản trị hệ thống VinhDanh",
        "role": "Quản trị hệ thống",
        "try": "Trang quản trị /admin/, xem mọi vòng, đứng thay tổ thư ký",
    },
    {
        "username": "thuky",
        "full_name": "Lê Thị Thu Hà",
        "job_title": "Chuyên viên Trung tâm Khuyến công và Tư vấn phát triển công nghiệp Đồng Nai",
        "role": "Tổ thư ký cấp tỉnh (Trung tâm Khuyến công Đồng Nai)",
        "try": "Tiếp nhận, trả bổ sung, mở chấm điểm; theo dõi vòng Thợ giỏi",
    },
    {
        "username": "thuky.bo",
        "full_name": "Phạm Quốc Hưng",
        "job_title": "Chuyên viên Cục Đổi mới sáng tạo, Chuyển đổi xanh và Khuyến công, Bộ Công Thương",
        "role": "Tổ thư ký cấp quốc gia (Bộ Công Thương)",
        "try": "Tiếp nhận hồ sơ được đề cử lên vòng cấp quốc gia",
    },
    {
        "username": "chutich",
        "full_name": "Trần Văn Khải",
        "job_title": "Phó Chủ tịch Ủy ban nhân dân tỉnh Đồng Nai",
        "role": "Chủ tịch Hội đồng bình chọn cấp tỉnh",
        "try": "Công nhận kết quả chấm điểm, ghi kết quả bỏ phiếu Thợ giỏi",
    },
    {
        "username": "hoidong",
        "full_name": "Nguyễn Thị Thanh Hương",
        "job_title": "Trưởng phòng Quản lý công nghiệp, Sở Công Thương tỉnh Đồng Nai",
        "role": "Thành viên Hội đồng",
        "try": "Xem bảng tổng hợp điểm và danh sách ứng viên Thợ giỏi",
    },
    {
        "username": "giamkhao",
        "full_name": "Đỗ Minh Tuấn",
        "job_title": "Giảng viên Trường Cao đẳng Mỹ thuật Trang trí Đồng Nai",
        "role": "Thành viên Ban Giám khảo",
        "try": "Chấm điểm các hồ sơ đang chấm (còn phiếu nháp và phiếu chưa chấm)",
    },
    {
        "username": "nghenhan",
        "full_name": "Điểu Thị Hạnh",
        "job_title": "Thợ dệt thổ cẩm, xã Bù Đăng",
        "role": "Người đề nghị (nghệ nhân)",
        "try": "Hoàn thiện và nộp hồ sơ xét danh hiệu năm sau (đang mở đăng ký)",
    },
    {
        "username": "coso",
        "full_name": "Nguyễn Văn Phúc",
        "job_title": "Chủ hộ kinh doanh Gốm mỹ nghệ Phúc Tân Vạn",
        "role": "Người đề nghị (cơ sở sản xuất)",
        "try": "Nộp hồ sơ nháp vòng cấp xã; xem hồ sơ được đề cử cấp quốc gia",
    },
]

#: The provincial product jury (Ban Giám khảo): username, full name, position, seat role.
JURY = [
    ("giamkhao2", "Hoàng Văn Bình", "Phó Giám đốc Sở Công Thương tỉnh Đồng Nai", "chair"),
    ("giamkhao", "Đỗ Minh Tuấn", "Giảng viên Trường Cao đẳng Mỹ thuật Trang trí Đồng Nai", "member"),
    ("giamkhao3", "Lê Thị Ngọc Ánh", "Phó Chánh Văn phòng Sở Khoa học và Công nghệ tỉnh Đồng Nai", "member"),
    ("giamkhao4", "Phan Thanh Sơn", "Phó Trưởng phòng Quản lý chất lượng, Sở Nông nghiệp và Môi trường", "member"),
    ("giamkhao5", "Vũ Thị Kim Oanh", "Phó Trưởng phòng Quản lý văn hóa, Sở Văn hóa, Thể thao và Du lịch", "member"),
    ("giamkhao6", "Trịnh Quang Vinh", "Phó Chủ tịch Liên minh Hợp tác xã tỉnh Đồng Nai", "member"),
    ("giamkhao7", "Bùi Thị Thu Trang", "Giảng viên Khoa Công nghệ thực phẩm, Trường Đại học Lạc Hồng", "member"),
    ("giamkhao8", "Ngô Đức Thắng", "Phó Chủ tịch Hội Doanh nghiệp nhỏ và vừa tỉnh Đồng Nai", "member"),
    ("giamkhao9", "Huỳnh Thị Mỹ Linh", "Phó Giám đốc Trung tâm Khuyến công và Tư vấn phát triển công nghiệp Đồng Nai", "secretary"),
]  # fmt: skip

#: Council members besides ``chutich`` (chair) and ``hoidong``: username, name, position, seat.
COUNCIL = [
    ("hoidong2", "Lương Minh Trí", "Giám đốc Sở Công Thương tỉnh Đồng Nai", "vice_chair"),
    ("hoidong3", "Đặng Thị Bích Ngọc", "Phó Giám đốc Sở Tài chính tỉnh Đồng Nai", "member"),
    ("hoidong4", "Châu Văn Lộc", "Phó Giám đốc Sở Nông nghiệp và Môi trường tỉnh Đồng Nai", "member"),
    ("hoidong5", "Tạ Thị Hồng Nhung", "Phó Giám đốc Sở Văn hóa, Thể thao và Du lịch tỉnh Đồng Nai", "member"),
    ("hoidong6", "Mai Xuân Trường", "Phó Chủ tịch Hội Nông dân tỉnh Đồng Nai", "member"),
    ("hoidong7", "Kiều Thị Hải Yến", "Phó Chủ tịch Hội Liên hiệp Phụ nữ tỉnh Đồng Nai", "member"),
]  # fmt: skip
