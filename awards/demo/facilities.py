"""Demo rural industrial facilities of Đồng Nai (including the former Bình Phước).

Names, numbers and people are invented. Registration numbers are 10-digit tax codes: 36…
for the old Đồng Nai, 38… for the old Bình Phước. About 85 % are household businesses, as
in Đồng Nai's statistics (domain.md §8). ``commune`` is the name of a current ward or
commune of Đồng Nai; ``owner`` names a demo login when the facility belongs to one.
"""

H, E, C, G = "household", "enterprise", "cooperative", "cooperative_group"


def _f(reg, kind, name, commune, street, representative, title, phone, owner=""):
    return {
        "registration_number": reg,
        "facility_type": kind,
        "name": name,
        "commune": commune,
        "street_address": street,
        "representative": representative,
        "representative_title": title,
        "phone": phone,
        "owner": owner,
    }


OWNER = "Chủ hộ kinh doanh"

FACILITIES = [
    _f("3600874125", H, "Hộ kinh doanh Gốm mỹ nghệ Phúc Tân Vạn", "Phường Trấn Biên",
       "Số 45/3, khu phố 4", "Nguyễn Văn Phúc", OWNER, "0913 645 128", owner="coso"),
    _f("3601258746", H, "Hộ kinh doanh Gốm Lam Hiệp Hòa", "Phường Biên Hòa",
       "Số 112, đường Nguyễn Văn Trị", "Trương Thị Kim Loan", OWNER, "0908 214 375"),
    _f("3602147896", H, "Hộ kinh doanh Đất nung Tam Phước", "Phường Tam Phước",
       "Tổ 7, khu phố Long Đức", "Võ Văn Thành", OWNER, "0937 558 602"),
    _f("3600962318", C, "Hợp tác xã Mây tre đan Tân Triều", "Phường Tân Triều",
       "Ấp Tân Triều", "Lê Văn Út", "Giám đốc hợp tác xã", "0251 3865 214"),
    _f("3603215478", H, "Hộ kinh doanh Mây tre lá Trị An", "Xã Trị An",
       "Ấp 3", "Nguyễn Thị Lan", OWNER, "0918 332 507"),
    _f("3603541287", G, "Tổ hợp tác Đan lát lục bình Phú Lý", "Xã Phú Lý",
       "Ấp Bình Phước", "Phạm Thị Hoa", "Tổ trưởng tổ hợp tác", "0977 125 846"),
    _f("3601478523", H, "Hộ kinh doanh Mỹ nghệ gỗ Hố Nai", "Phường Hố Nai",
       "Số 28, khu phố 5", "Lâm Văn Sáu", OWNER, "0903 781 254"),
    _f("3602589634", H, "Hộ kinh doanh Gỗ mỹ nghệ Quang Minh", "Xã Trảng Bom",
       "Ấp Quảng Đà", "Trần Quang Minh", OWNER, "0989 654 120"),
    _f("3603698521", H, "Hộ kinh doanh Đồ da thủ công Long Bình", "Phường Long Bình",
       "Số 9, đường Bùi Văn Hòa", "Lý Văn Hùng", OWNER, "0932 456 781"),
    _f("3800425187", H, "Hộ kinh doanh Thổ cẩm S'tiêng Bom Bo", "Xã Bom Bo",
       "Sóc Bom Bo", "Điểu Thị Mơ", OWNER, "0971 203 468"),
    _f("3604125896", H, "Hộ kinh doanh Đèn tre Long Hưng", "Phường Long Hưng",
       "Tổ 12, khu phố Phước Hội", "Đặng Văn Lợi", OWNER, "0945 312 076"),
    _f("3801236547", E, "Công ty TNHH Chế biến Điều Bình Phước Xanh", "Phường Đồng Xoài",
       "Lô B2, Khu công nghiệp Đồng Xoài I", "Nguyễn Hữu Tài", "Giám đốc", "0271 3887 456"),
    _f("3801587426", H, "Hộ kinh doanh Điều rang củi Thanh Tâm", "Xã Bù Đăng",
       "Thôn 4", "Hoàng Thị Thanh Tâm", OWNER, "0966 874 213"),
    _f("3604587412", H, "Hộ kinh doanh Cà phê Suối Cát", "Xã Xuân Lộc",
       "Ấp Suối Cát 1", "Phan Văn Tâm", OWNER, "0914 725 836"),
    _f("3801896325", H, "Hộ kinh doanh Tiêu sạch Lộc Ninh", "Xã Lộc Ninh",
       "Ấp 5", "Trần Văn Lực", OWNER, "0985 236 741"),
    _f("3604896321", H, "Hộ kinh doanh Nông sản sấy Bảo Vinh", "Phường Bảo Vinh",
       "Số 56, đường Hồ Thị Hương", "Nguyễn Thị Bảo Trân", OWNER, "0919 874 530"),
    _f("3605124789", H, "Hộ kinh doanh Đặc sản bưởi Tân Triều", "Phường Tân Triều",
       "Ấp Vàm", "Huỳnh Văn Bảy", OWNER, "0907 632 158"),
    _f("3605369874", H, "Hộ kinh doanh Rượu truyền thống Bàu Hàm", "Xã Bàu Hàm",
       "Ấp Bàu Hàm 2", "Cao Văn Mười", OWNER, "0938 147 296"),
    _f("3605614785", H, "Hộ kinh doanh Nước mắm Phước An", "Xã Phước An",
       "Ấp Bà Ký", "Lê Thị Ngọc", OWNER, "0976 358 104"),
    _f("3605896214", H, "Hộ kinh doanh Bánh tráng Dầu Giây", "Xã Dầu Giây",
       "Ấp Trần Cao Vân", "Võ Thị Hồng", OWNER, "0909 415 263"),
    _f("3606147852", H, "Hộ kinh doanh Trái cây sấy Xuân Lập", "Phường Xuân Lập",
       "Ấp Trung Tâm", "Đoàn Văn Hậu", OWNER, "0947 520 369"),
    _f("3602369854", C, "Hợp tác xã Ca cao Hưng Thịnh", "Xã Hưng Thịnh",
       "Ấp Hưng Long", "Nguyễn Văn Hiếu", "Giám đốc hợp tác xã", "0251 3924 587"),
    _f("3802147596", H, "Hộ kinh doanh Mật ong Đồng Phú", "Xã Đồng Phú",
       "Ấp Thuận Phú", "Lương Văn Khánh", OWNER, "0988 741 052"),
    _f("3606478512", H, "Hộ kinh doanh Chuối sấy Phú Vinh", "Xã Phú Vinh",
       "Ấp 4", "Phạm Thị Thu Hằng", OWNER, "0916 285 407"),
    _f("3600415236", E, "Công ty TNHH Cơ khí Nông nghiệp Trảng Bom", "Xã Trảng Bom",
       "Khu công nghiệp Bàu Xéo", "Đinh Công Trứ", "Giám đốc", "0251 3675 142"),
    _f("3802369147", H, "Hộ kinh doanh Cơ khí Minh Hưng", "Phường Minh Hưng",
       "Khu phố 2", "Tạ Văn Minh", OWNER, "0983 652 417"),
    _f("3606785214", H, "Hộ kinh doanh Cơ khí Gia Kiệm", "Xã Gia Kiệm",
       "Ấp Tây Kim", "Phạm Đình Vượng", OWNER, "0935 418 260"),
    _f("3606985412", H, "Hộ kinh doanh Cơ khí chính xác Tam Hiệp", "Phường Tam Hiệp",
       "Số 71, đường Phạm Văn Thuận", "Nguyễn Minh Khang", OWNER, "0908 963 214"),
    _f("3607125486", H, "Hộ kinh doanh Thiết bị tưới Cẩm Mỹ", "Xã Cẩm Mỹ",
       "Ấp 1", "Lê Hoàng Nam", OWNER, "0972 146 385"),
    _f("3607365214", H, "Hộ kinh doanh Cơ khí Long Thành", "Xã Long Thành",
       "Khu phố Phước Hải", "Trịnh Văn Quý", OWNER, "0917 203 648"),
    _f("3607589632", H, "Hộ kinh doanh Phân bón hữu cơ Xuân Đường", "Xã Xuân Đường",
       "Ấp 2", "Hồ Văn Sang", OWNER, "0964 781 325"),
    _f("3802589417", H, "Hộ kinh doanh Than sinh học Phú Riềng", "Xã Phú Riềng",
       "Thôn Phú Thịnh", "Vi Văn Thắng", OWNER, "0986 310 574"),
    _f("3607841256", H, "Hộ kinh doanh Xà bông thiên nhiên Tân Triều", "Phường Tân Triều",
       "Ấp Tân Triều", "Lý Thị Mỹ Duyên", OWNER, "0903 527 814"),
    _f("3608124753", H, "Hộ kinh doanh Nhang sạch Thống Nhất", "Xã Thống Nhất",
       "Ấp Lê Lợi", "Đỗ Văn Tín", OWNER, "0939 654 178"),
    _f("3608365147", H, "Hộ kinh doanh Giá thể Nhơn Trạch", "Xã Nhơn Trạch",
       "Ấp Bến Cam", "Nguyễn Thị Xuân", OWNER, "0912 478 036"),
    _f("3608547219", H, "Hộ kinh doanh Vật liệu xây dựng Phước Tân", "Phường Phước Tân",
       "Khu phố Tân Cang", "Bùi Văn Chiến", OWNER, "0967 213 850"),
    _f("3608789541", H, "Hộ kinh doanh Gốm Minh Châu", "Phường Trấn Biên",
       "Số 18/2, khu phố 2", "Lương Minh Châu", OWNER, "0905 374 612"),
]  # fmt: skip
