from hypothesis import given
from hypothesis import strategies as st

from awards.text import fold, nfc, vi_sort_key


def test_vietnamese_name_ordering():
    names = ["Đào", "Bình", "Ân", "Dương", "An", "Ánh"]
    assert sorted(names, key=vi_sort_key) == ["An", "Ánh", "Ân", "Bình", "Dương", "Đào"]


def test_ordering_is_case_insensitive_and_prefix_first():
    names = ["anh", "An Bình", "Ăn", "AN"]
    assert sorted(names, key=vi_sort_key) == ["AN", "An Bình", "anh", "Ăn"]


def test_tones_order_after_letters():
    # level, grave, hook, tilde, acute, dot below
    words = ["mạ", "má", "mã", "mả", "mà", "ma"]
    assert sorted(words, key=vi_sort_key) == ["ma", "mà", "mả", "mã", "má", "mạ"]


def test_fold_makes_search_accent_insensitive():
    assert fold("Gốm Biên Hòa") == "gom bien hoa"
    assert fold("ĐỒNG NAI  ") == "dong nai"
    assert "gom bien hoa" in fold("Cơ sở Gốm Biên Hòa Tân Vạn")


def test_nfc_normalises_decomposed_input():
    decomposed = "Ho\u0300a"  # "Hòa" typed with a combining grave accent
    assert nfc(decomposed) == "Hòa"
    assert vi_sort_key(decomposed) == vi_sort_key("Hòa")


@given(st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạ ", max_size=12))
def test_sort_key_uses_only_plain_ascii(word):
    key = vi_sort_key(word)
    assert key.isascii() and key.isalnum()


@given(st.lists(st.text(alphabet="abcđêơ àạ", max_size=8), max_size=6))
def test_sorting_does_not_depend_on_input_order(words):
    forward = [vi_sort_key(w) for w in sorted(words, key=vi_sort_key)]
    backward = [vi_sort_key(w) for w in sorted(reversed(words), key=vi_sort_key)]
    assert forward == backward == sorted(forward)
