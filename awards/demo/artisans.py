"""Demo candidates for Đồng Nai's provincial titles (Skilled Worker, provincial Artisan).

Names and identity numbers are invented. A citizen identity number is 12 digits: the
province of birth registration (075 Đồng Nai, 070 Bình Phước), a digit for sex and century
(0 man, 1 woman, born 1900–1999), the last two digits of the birth year and six digits.
"""

DONG_NAI, BINH_PHUOC = "075", "070"


def identity_number(province, sex, birth_year, serial):
    century_sex = {"M": 0, "F": 1}[sex] + (2 if birth_year >= 2000 else 0)
    return f"{province}{century_sex}{birth_year % 100:02d}{serial:06d}"


def _a(name, sex, born, province, serial, craft, since, commune, workplace, state, works,
       works_count, trainees, prizes="", *, title="skilled_worker", resubmitted=False,
       owner=""):  # fmt: skip
    return {
        "full_name": name,
        "birth_year": born,
        "identity_number": identity_number(province, sex, born, serial),
        "craft": craft,
        "craft_since_year": since,
        "commune": commune,
        "workplace": workplace,
        "state": state,
        "title_sought": title,
        "works": works,
        "works_count": works_count,
        "trainees_count": trainees,
        "prizes": prizes,
        "resubmitted": resubmitted,
        "owner": owner,
    }


GOM, MAY_TRE = "Gốm mỹ nghệ", "Mây tre đan"

#: The Skilled Worker round of the current year: about twenty candidates in every state.
SKILLED_WORKER_CANDIDATES = [
    _a("Nguyễn Văn Tám", "M", 1968, DONG_NAI, 214587, GOM, 1986, "Phường Trấn Biên",
       "Hộ kinh doanh Gốm mỹ nghệ Phúc Tân Vạn", "awarded",
       "Bình đắp nổi men đồng trổ; chóe gốm rồng mây; bộ lục bình Tân Vạn", 24, 35,
       "Giải Ba Hội thi sản phẩm thủ công mỹ nghệ tỉnh Đồng Nai năm 2024"),
    _a("Trần Thị Lệ", "F", 1975, DONG_NAI, 301258, "Đan lát mây tre", 1992, "Phường Tân Triều",
       "Hợp tác xã Mây tre đan Tân Triều", "awarded",
       "Giỏ mây hoa văn mắt cáo; bộ khay đan lá dừa nước; đèn mây treo trần", 18, 60,
       "Giải Nhì Hội thi tay nghề mây tre đan tỉnh Đồng Nai năm 2023", resubmitted=True),
    _a("Điểu Thị Mơ", "F", 1979, BINH_PHUOC, 118745, "Dệt thổ cẩm của đồng bào S'tiêng", 1994,
       "Xã Bom Bo", "Hộ kinh doanh Thổ cẩm S'tiêng Bom Bo", "awarded",
       "Khăn choàng hoa văn cây rừng; váy thổ cẩm truyền thống; túi dệt hoa văn chim", 15, 42,
       "Giải Nhất Hội thi dệt thổ cẩm các dân tộc tỉnh Bình Phước năm 2022"),
    _a("Lâm Văn Sáu", "M", 1972, DONG_NAI, 457812, "Chạm khắc gỗ", 1990, "Phường Hố Nai",
       "Hộ kinh doanh Mỹ nghệ gỗ Hố Nai", "awarded",
       "Tranh gỗ làng quê Nam Bộ; hoành phi câu đối; tượng Phật Di Lặc gỗ gõ", 30, 28,
       "Giải Ba Triển lãm sản phẩm công nghiệp nông thôn khu vực phía Nam năm 2024"),
    _a("Phạm Thị Hoa", "F", 1981, DONG_NAI, 520147, "Đan lát lục bình", 2003, "Xã Phú Lý",
       "Tổ hợp tác Đan lát lục bình Phú Lý", "approved",
       "Khay lục bình khung sắt; giỏ đựng đồ giặt; thảm lục bình", 12, 45),
    _a("Võ Văn Thành", "M", 1977, DONG_NAI, 336921, "Gốm đất nung", 1995, "Phường Tam Phước",
       "Hộ kinh doanh Đất nung Tam Phước", "approved",
       "Tượng linh vật đất nung; chậu đất nung chạm hoa văn; phù điêu làng nghề", 16, 20),
    _a("Lý Văn Hùng", "M", 1970, DONG_NAI, 145236, "Chế tác đồ da thủ công", 1989,
       "Phường Long Bình", "Hộ kinh doanh Đồ da thủ công Long Bình", "approved",
       "Túi xách da bò khâu tay; ví da khắc laser; dây lưng da thuộc thảo mộc", 20, 15),
    _a("Thị Nhung", "F", 1986, DONG_NAI, 625874, "Dệt thổ cẩm của đồng bào Chơ Ro", 2004,
       "Xã Xuân Lộc", "Tổ dệt thổ cẩm ấp Bàu Sầm", "not_approved",
       "Khăn dệt hoa văn Chơ Ro; túi thổ cẩm", 7, 12),
    _a("Đinh Văn Lâm", "M", 1965, DONG_NAI, 258963, "Rèn dao, nông cụ thủ công", 1983,
       "Xã Tân Phú", "Lò rèn gia đình ấp 5", "not_approved",
       "Dao phay, rựa phát, cuốc bàn rèn tay", 9, 6),
    _a("Hồ Thị Thanh Tâm", "F", 1983, DONG_NAI, 741258, "Vẽ men gốm", 2002, "Phường Biên Hòa",
       "Hộ kinh doanh Gốm Lam Hiệp Hòa", "voting",
       "Bộ ấm trà men lam vẽ sen; đĩa treo tường phong cảnh; bình hoa men lam", 14, 18),
    _a("Kim Văn Tài", "M", 1976, DONG_NAI, 369852, "Chạm khắc đá mỹ nghệ", 1996,
       "Phường Trấn Biên", "Cơ sở chạm khắc đá Bửu Long", "voting",
       "Sư tử đá; bia đá khắc chữ; chậu đá chạm hoa văn", 11, 9),
    _a("Trương Thị Ngọc Diễm", "F", 1988, DONG_NAI, 852369, "Thêu tay", 2008,
       "Phường Long Khánh", "Cơ sở thêu tay Ngọc Diễm", "voting",
       "Tranh thêu phong cảnh; áo dài thêu tay; khăn thêu hoa", 8, 22),
    _a("Lê Văn Út", "M", 1974, DONG_NAI, 963258, MAY_TRE, 1991, "Xã Trị An",
       "Hộ kinh doanh Mây tre lá Trị An", "in_consultation",
       "Bộ bàn ghế tre; đèn tre; giỏ mây hai lớp", 10, 14),
    _a("Ngô Thị Thu", "F", 1980, DONG_NAI, 174125, "Đan giỏ tre", 2000, "Xã Định Quán",
       "Tổ đan giỏ tre ấp Hiệp Nghĩa", "in_consultation",
       "Giỏ tre đựng trái cây; nia, sàng đan tay", 6, 10),
    _a("Dương Văn Khoa", "M", 1979, DONG_NAI, 285471, "Mộc mỹ nghệ", 1998, "Xã Trảng Bom",
       "Hộ kinh doanh Gỗ mỹ nghệ Quang Minh", "accepted",
       "Tủ thờ chạm hoa văn; bàn trà gỗ me tây; khay trà gỗ", 13, 8),
    _a("Châu Thị Kim Liên", "F", 1986, DONG_NAI, 396582, "Làm nón lá", 2005, "Xã Long Thành",
       "Tổ nón lá ấp Phước Lý", "returned", "Nón lá bài thơ; nón lá vẽ tranh quê", 6, 5),
    _a("Trần Văn Đức", "M", 1982, DONG_NAI, 417852, "Tạo hình gốm", 2001, "Phường Trấn Biên",
       "Hộ kinh doanh Gốm Minh Châu", "submitted",
       "Bình gốm dáng cao đắp nổi; tượng gốm men rạn", 9, 4),
    _a("Đỗ Thị Hạnh", "F", 1978, DONG_NAI, 528741, "Thêu ren", 1997, "Xã Nhơn Trạch",
       "Cơ sở thêu ren Hạnh Phát", "submitted", "Khăn trải bàn thêu ren; gối thêu", 11, 16),
    _a("Lưu Văn Phước", "M", 1973, BINH_PHUOC, 639852, "Điêu khắc gỗ mỹ nghệ", 1994,
       "Xã Bù Đăng", "Xưởng điêu khắc gỗ Phước Lưu", "withdrawn",
       "Tượng gỗ cẩm lai; tranh gỗ ghép", 10, 7),
    _a("Bùi Văn Tư", "M", 1985, BINH_PHUOC, 741963, "Rèn nông cụ", 2006, "Xã Lộc Ninh",
       "Lò rèn Tư Bùi", "rejected", "Dao cạo mủ cao su; cuốc, xẻng rèn tay", 6, 3),
    _a("Mai Thị Yến", "F", 1990, DONG_NAI, 852147, MAY_TRE, 2010, "Phường Tân Triều",
       "Hợp tác xã Mây tre đan Tân Triều", "draft", "Giỏ mây mini; hộp đựng mây", 5, 0),
]  # fmt: skip

#: The titles round open for registration now: ``nghenhan`` has a draft, a 2026 Skilled
#: Worker applies for the provincial Artisan title.
OPEN_ROUND_CANDIDATES = [
    _a("Điểu Thị Hạnh", "F", 1984, BINH_PHUOC, 206314, "Dệt thổ cẩm của đồng bào S'tiêng", 2002,
       "Xã Bù Đăng", "Tổ hợp tác dệt thổ cẩm sóc Bom Bo", "draft",
       "Tấm choàng hoa văn trống đồng; địu em bé dệt tay; bộ khăn bàn thổ cẩm; túi đeo; "
       "tranh dệt cây lúa", 9, 12, "Giấy khen Hội thi dệt thổ cẩm huyện Bù Đăng năm 2023",
       owner="nghenhan"),
    _a("Nguyễn Văn Tám", "M", 1968, DONG_NAI, 214587, GOM, 1986, "Phường Trấn Biên",
       "Hộ kinh doanh Gốm mỹ nghệ Phúc Tân Vạn", "submitted",
       "Bình đắp nổi men đồng trổ; chóe gốm rồng mây; bộ lục bình Tân Vạn; tượng Quan Âm men "
       "xanh đồng", 26, 38, "Thợ giỏi tỉnh Đồng Nai; Giải Ba Hội thi sản phẩm thủ công mỹ nghệ "
       "tỉnh Đồng Nai năm 2024", title="provincial_artisan"),
]  # fmt: skip
