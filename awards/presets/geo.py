"""Administrative units: the 34 provincial units since 1/7/2025, the 63 before, and Đồng Nai.

This is **editable data**, written from general knowledge and public lists. Check it against
the official texts when a client supplies them, and edit it here, then run
``manage.py load_presets`` again (units are matched by ``code``, so edits update rows in place):

- provincial units: Resolution 202/2025/QH15 (merger of provinces) and the code list of
  Decision 19/2025/QĐ-TTg. The codes below are the official two-digit codes of the new units:
  where a merged province took the code of the province hosting the new administrative centre
  (Lào Cai 15, Bắc Ninh 24, Quảng Trị 44, Gia Lai 52, Tây Ninh 80, Đồng Tháp 82, An Giang 91)
  that code is used, otherwise the code of the province that kept its name;
- Đồng Nai's communes and wards: Resolution 1662/NQ-UBTVQH15 (95 units: 23 wards, 72 communes)
  as in force on 1/7/2025. The codes "75-W…" (wards) and "75-C…" (communes) are local and
  stable, not the official five-digit codes; replace them only together with the data that
  points at them. Later changes (communes turned into wards, a centrally-run Đồng Nai City)
  are new rows with their own validity dates and successor links, never edits of these;
- legacy provinces use "L" + their old GSO code; legacy districts of old Đồng Nai use
  "L75-" + their old GSO district code.

The region of a unit is the default for the product award's regional round (domain §1).
"""

import datetime

from awards.enums import Region, UnitKind

MERGER_DAY = datetime.date(2025, 7, 1)
LAST_LEGACY_DAY = datetime.date(2025, 6, 30)

N, C, S = Region.NORTH, Region.CENTRAL, Region.SOUTH

#: The 34 provincial units in force since 1/7/2025: (code, name, kind, region).
PROVINCES = [
    ("01", "Hà Nội", UnitKind.CITY, N),
    ("04", "Cao Bằng", UnitKind.PROVINCE, N),
    ("08", "Tuyên Quang", UnitKind.PROVINCE, N),
    ("11", "Điện Biên", UnitKind.PROVINCE, N),
    ("12", "Lai Châu", UnitKind.PROVINCE, N),
    ("14", "Sơn La", UnitKind.PROVINCE, N),
    ("15", "Lào Cai", UnitKind.PROVINCE, N),
    ("19", "Thái Nguyên", UnitKind.PROVINCE, N),
    ("20", "Lạng Sơn", UnitKind.PROVINCE, N),
    ("22", "Quảng Ninh", UnitKind.PROVINCE, N),
    ("24", "Bắc Ninh", UnitKind.PROVINCE, N),
    ("25", "Phú Thọ", UnitKind.PROVINCE, N),
    ("31", "Hải Phòng", UnitKind.CITY, N),
    ("33", "Hưng Yên", UnitKind.PROVINCE, N),
    ("37", "Ninh Bình", UnitKind.PROVINCE, N),
    ("38", "Thanh Hóa", UnitKind.PROVINCE, C),
    ("40", "Nghệ An", UnitKind.PROVINCE, C),
    ("42", "Hà Tĩnh", UnitKind.PROVINCE, C),
    ("44", "Quảng Trị", UnitKind.PROVINCE, C),
    ("46", "Huế", UnitKind.CITY, C),
    ("48", "Đà Nẵng", UnitKind.CITY, C),
    ("51", "Quảng Ngãi", UnitKind.PROVINCE, C),
    ("52", "Gia Lai", UnitKind.PROVINCE, C),
    ("56", "Khánh Hòa", UnitKind.PROVINCE, C),
    ("66", "Đắk Lắk", UnitKind.PROVINCE, C),
    ("68", "Lâm Đồng", UnitKind.PROVINCE, C),
    ("75", "Đồng Nai", UnitKind.PROVINCE, S),
    ("79", "Hồ Chí Minh", UnitKind.CITY, S),
    ("80", "Tây Ninh", UnitKind.PROVINCE, S),
    ("82", "Đồng Tháp", UnitKind.PROVINCE, S),
    ("86", "Vĩnh Long", UnitKind.PROVINCE, S),
    ("91", "An Giang", UnitKind.PROVINCE, S),
    ("92", "Cần Thơ", UnitKind.CITY, S),
    ("96", "Cà Mau", UnitKind.PROVINCE, S),
]

#: The 63 provincial units before 1/7/2025: (old GSO code, name, kind, code of the successor).
#: Huế became a centrally-run city on 1/1/2025; its legacy row keeps the province's old name.
LEGACY_PROVINCES = [
    ("01", "Hà Nội", UnitKind.CITY, "01"),
    ("02", "Hà Giang", UnitKind.PROVINCE, "08"),
    ("04", "Cao Bằng", UnitKind.PROVINCE, "04"),
    ("06", "Bắc Kạn", UnitKind.PROVINCE, "19"),
    ("08", "Tuyên Quang", UnitKind.PROVINCE, "08"),
    ("10", "Lào Cai", UnitKind.PROVINCE, "15"),
    ("11", "Điện Biên", UnitKind.PROVINCE, "11"),
    ("12", "Lai Châu", UnitKind.PROVINCE, "12"),
    ("14", "Sơn La", UnitKind.PROVINCE, "14"),
    ("15", "Yên Bái", UnitKind.PROVINCE, "15"),
    ("17", "Hòa Bình", UnitKind.PROVINCE, "25"),
    ("19", "Thái Nguyên", UnitKind.PROVINCE, "19"),
    ("20", "Lạng Sơn", UnitKind.PROVINCE, "20"),
    ("22", "Quảng Ninh", UnitKind.PROVINCE, "22"),
    ("24", "Bắc Giang", UnitKind.PROVINCE, "24"),
    ("25", "Phú Thọ", UnitKind.PROVINCE, "25"),
    ("26", "Vĩnh Phúc", UnitKind.PROVINCE, "25"),
    ("27", "Bắc Ninh", UnitKind.PROVINCE, "24"),
    ("30", "Hải Dương", UnitKind.PROVINCE, "31"),
    ("31", "Hải Phòng", UnitKind.CITY, "31"),
    ("33", "Hưng Yên", UnitKind.PROVINCE, "33"),
    ("34", "Thái Bình", UnitKind.PROVINCE, "33"),
    ("35", "Hà Nam", UnitKind.PROVINCE, "37"),
    ("36", "Nam Định", UnitKind.PROVINCE, "37"),
    ("37", "Ninh Bình", UnitKind.PROVINCE, "37"),
    ("38", "Thanh Hóa", UnitKind.PROVINCE, "38"),
    ("40", "Nghệ An", UnitKind.PROVINCE, "40"),
    ("42", "Hà Tĩnh", UnitKind.PROVINCE, "42"),
    ("44", "Quảng Bình", UnitKind.PROVINCE, "44"),
    ("45", "Quảng Trị", UnitKind.PROVINCE, "44"),
    ("46", "Thừa Thiên Huế", UnitKind.CITY, "46"),
    ("48", "Đà Nẵng", UnitKind.CITY, "48"),
    ("49", "Quảng Nam", UnitKind.PROVINCE, "48"),
    ("51", "Quảng Ngãi", UnitKind.PROVINCE, "51"),
    ("52", "Bình Định", UnitKind.PROVINCE, "52"),
    ("54", "Phú Yên", UnitKind.PROVINCE, "66"),
    ("56", "Khánh Hòa", UnitKind.PROVINCE, "56"),
    ("58", "Ninh Thuận", UnitKind.PROVINCE, "56"),
    ("60", "Bình Thuận", UnitKind.PROVINCE, "68"),
    ("62", "Kon Tum", UnitKind.PROVINCE, "51"),
    ("64", "Gia Lai", UnitKind.PROVINCE, "52"),
    ("66", "Đắk Lắk", UnitKind.PROVINCE, "66"),
    ("67", "Đắk Nông", UnitKind.PROVINCE, "68"),
    ("68", "Lâm Đồng", UnitKind.PROVINCE, "68"),
    ("70", "Bình Phước", UnitKind.PROVINCE, "75"),
    ("72", "Tây Ninh", UnitKind.PROVINCE, "80"),
    ("74", "Bình Dương", UnitKind.PROVINCE, "79"),
    ("75", "Đồng Nai", UnitKind.PROVINCE, "75"),
    ("77", "Bà Rịa – Vũng Tàu", UnitKind.PROVINCE, "79"),
    ("79", "Hồ Chí Minh", UnitKind.CITY, "79"),
    ("80", "Long An", UnitKind.PROVINCE, "80"),
    ("82", "Tiền Giang", UnitKind.PROVINCE, "82"),
    ("83", "Bến Tre", UnitKind.PROVINCE, "86"),
    ("84", "Trà Vinh", UnitKind.PROVINCE, "86"),
    ("86", "Vĩnh Long", UnitKind.PROVINCE, "86"),
    ("87", "Đồng Tháp", UnitKind.PROVINCE, "82"),
    ("89", "An Giang", UnitKind.PROVINCE, "91"),
    ("91", "Kiên Giang", UnitKind.PROVINCE, "91"),
    ("92", "Cần Thơ", UnitKind.CITY, "92"),
    ("93", "Hậu Giang", UnitKind.PROVINCE, "92"),
    ("94", "Sóc Trăng", UnitKind.PROVINCE, "92"),
    ("95", "Bạc Liêu", UnitKind.PROVINCE, "96"),
    ("96", "Cà Mau", UnitKind.PROVINCE, "96"),
]

#: Districts of old Đồng Nai (abolished 1/7/2025): (old GSO district code, name).
LEGACY_DONG_NAI_DISTRICTS = [
    ("731", "Thành phố Biên Hòa"),
    ("732", "Thành phố Long Khánh"),
    ("734", "Huyện Tân Phú"),
    ("735", "Huyện Vĩnh Cửu"),
    ("736", "Huyện Định Quán"),
    ("737", "Huyện Trảng Bom"),
    ("738", "Huyện Thống Nhất"),
    ("739", "Huyện Cẩm Mỹ"),
    ("740", "Huyện Long Thành"),
    ("741", "Huyện Xuân Lộc"),
    ("742", "Huyện Nhơn Trạch"),
]

#: Wards and communes of the new Đồng Nai since 1/7/2025: (stable local code, name).
#: The kind follows the name ("Phường" ward, "Xã" commune, "Đặc khu" special zone).
DONG_NAI_COMMUNES = [
    ("75-W001", "Phường An Lộc"),
    ("75-W002", "Phường Bảo Vinh"),
    ("75-W003", "Phường Biên Hòa"),
    ("75-W004", "Phường Bình Lộc"),
    ("75-W005", "Phường Bình Long"),
    ("75-W006", "Phường Bình Phước"),
    ("75-W007", "Phường Chơn Thành"),
    ("75-W008", "Phường Đồng Xoài"),
    ("75-W009", "Phường Hàng Gòn"),
    ("75-W010", "Phường Hố Nai"),
    ("75-W011", "Phường Long Bình"),
    ("75-W012", "Phường Long Hưng"),
    ("75-W013", "Phường Long Khánh"),
    ("75-W014", "Phường Minh Hưng"),
    ("75-W015", "Phường Phước Bình"),
    ("75-W016", "Phường Phước Long"),
    ("75-W017", "Phường Phước Tân"),
    ("75-W018", "Phường Tam Hiệp"),
    ("75-W019", "Phường Tam Phước"),
    ("75-W020", "Phường Tân Triều"),
    ("75-W021", "Phường Trấn Biên"),
    ("75-W022", "Phường Trảng Dài"),
    ("75-W023", "Phường Xuân Lập"),
    ("75-C001", "Xã An Phước"),
    ("75-C002", "Xã An Viễn"),
    ("75-C003", "Xã Bàu Hàm"),
    ("75-C004", "Xã Bình An"),
    ("75-C005", "Xã Bình Minh"),
    ("75-C006", "Xã Bình Tân"),
    ("75-C007", "Xã Bom Bo"),
    ("75-C008", "Xã Bù Đăng"),
    ("75-C009", "Xã Bù Gia Mập"),
    ("75-C010", "Xã Cẩm Mỹ"),
    ("75-C011", "Xã Đa Kia"),
    ("75-C012", "Xã Đại Phước"),
    ("75-C013", "Xã Đak Lua"),
    ("75-C014", "Xã Đak Nhau"),
    ("75-C015", "Xã Đăk Ơ"),
    ("75-C016", "Xã Dầu Giây"),
    ("75-C017", "Xã Định Quán"),
    ("75-C018", "Xã Đồng Phú"),
    ("75-C019", "Xã Đồng Tâm"),
    ("75-C020", "Xã Gia Kiệm"),
    ("75-C021", "Xã Hưng Phước"),
    ("75-C022", "Xã Hưng Thịnh"),
    ("75-C023", "Xã La Ngà"),
    ("75-C024", "Xã Lộc Hưng"),
    ("75-C025", "Xã Lộc Ninh"),
    ("75-C026", "Xã Lộc Quang"),
    ("75-C027", "Xã Lộc Tấn"),
    ("75-C028", "Xã Lộc Thạnh"),
    ("75-C029", "Xã Lộc Thành"),
    ("75-C030", "Xã Long Hà"),
    ("75-C031", "Xã Long Phước"),
    ("75-C032", "Xã Long Thành"),
    ("75-C033", "Xã Minh Đức"),
    ("75-C034", "Xã Nam Cát Tiên"),
    ("75-C035", "Xã Nghĩa Trung"),
    ("75-C036", "Xã Nha Bích"),
    ("75-C037", "Xã Nhơn Trạch"),
    ("75-C038", "Xã Phú Hòa"),
    ("75-C039", "Xã Phú Lâm"),
    ("75-C040", "Xã Phú Lý"),
    ("75-C041", "Xã Phú Nghĩa"),
    ("75-C042", "Xã Phú Riềng"),
    ("75-C043", "Xã Phú Trung"),
    ("75-C044", "Xã Phú Vinh"),
    ("75-C045", "Xã Phước An"),
    ("75-C046", "Xã Phước Sơn"),
    ("75-C047", "Xã Phước Thái"),
    ("75-C048", "Xã Sông Ray"),
    ("75-C049", "Xã Tà Lài"),
    ("75-C050", "Xã Tân An"),
    ("75-C051", "Xã Tân Hưng"),
    ("75-C052", "Xã Tân Khai"),
    ("75-C053", "Xã Tân Lợi"),
    ("75-C054", "Xã Tân Phú"),
    ("75-C055", "Xã Tân Quan"),
    ("75-C056", "Xã Tân Tiến"),
    ("75-C057", "Xã Thanh Sơn"),
    ("75-C058", "Xã Thiện Hưng"),
    ("75-C059", "Xã Thọ Sơn"),
    ("75-C060", "Xã Thống Nhất"),
    ("75-C061", "Xã Thuận Lợi"),
    ("75-C062", "Xã Trảng Bom"),
    ("75-C063", "Xã Trị An"),
    ("75-C064", "Xã Xuân Bắc"),
    ("75-C065", "Xã Xuân Định"),
    ("75-C066", "Xã Xuân Đông"),
    ("75-C067", "Xã Xuân Đường"),
    ("75-C068", "Xã Xuân Hòa"),
    ("75-C069", "Xã Xuân Lộc"),
    ("75-C070", "Xã Xuân Phú"),
    ("75-C071", "Xã Xuân Quế"),
    ("75-C072", "Xã Xuân Thành"),
]

_KIND_PREFIXES = (
    ("Phường ", UnitKind.WARD),
    ("Xã ", UnitKind.COMMUNE),
    ("Đặc khu ", UnitKind.SPECIAL_ZONE),
)


def local_kind(name):
    """The kind of a commune-level unit, read from the word its official name starts with."""
    for prefix, kind in _KIND_PREFIXES:
        if name.startswith(prefix):
            return kind
    raise ValueError(f"cannot tell the kind of the unit {name!r}")


def legacy_code(old_code):
    return f"L{old_code}"


def _unit(
    code, name, kind, *, region="", valid_from=None, valid_to=None, parent=None, successor=None
):
    return {
        "code": code,
        "name": name,
        "kind": kind,
        "region": region,
        "valid_from": valid_from,
        "valid_to": valid_to,
        "parent_code": parent,
        "successor_code": successor,
    }


def admin_units():
    """Every unit as a dict of AdminUnit fields plus ``parent_code`` and ``successor_code``.

    A legacy province takes the default region of the unit that absorbed it. The loader
    links parents and successors only after all units exist, so the order does not matter.
    """
    regions = {code: region for code, _name, _kind, region in PROVINCES}
    units = [
        _unit(code, name, kind, region=region, valid_from=MERGER_DAY)
        for code, name, kind, region in PROVINCES
    ]
    units += [
        _unit(
            legacy_code(old),
            name,
            kind,
            region=regions[successor],
            valid_to=LAST_LEGACY_DAY,
            successor=successor,
        )
        for old, name, kind, successor in LEGACY_PROVINCES
    ]
    units += [
        _unit(
            f"L75-{old}",
            name,
            UnitKind.DISTRICT,
            valid_to=LAST_LEGACY_DAY,
            parent=legacy_code("75"),
            successor="75",
        )
        for old, name in LEGACY_DONG_NAI_DISTRICTS
    ]
    units += [
        _unit(code, name, local_kind(name), valid_from=MERGER_DAY, parent="75")
        for code, name in DONG_NAI_COMMUNES
    ]
    return units
