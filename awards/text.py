"""Vietnamese text helpers: NFC normalisation, accent folding and collation keys.

Python's ``sorted`` and most database collations order "Đ" after "Z" and mix toned vowels
arbitrarily. ``vi_sort_key`` produces a plain ASCII key ([0-9a-z] only) that sorts the same
way under every collation, so it can be stored in a column and used by ``ORDER BY`` on
SQLite and PostgreSQL alike.
"""

import unicodedata

# Base letters in Vietnamese alphabetical order; toned vowels sort after their base letter.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
# Tone order used by dictionaries: level, grave, hook, tilde, acute, dot below.
_TONE_MARKS = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn
_DIGITS36 = "0123456789abcdefghijklmnopqrstuvwxyz"


def nfc(value):
    """Return ``value`` in Unicode NFC with surrounding whitespace removed."""
    return unicodedata.normalize("NFC", value or "").strip()


def fold(value):
    """Lower-case, strip every diacritic and map đ to d: "Gốm Biên Hòa" -> "gom bien hoa"."""
    decomposed = unicodedata.normalize("NFD", (value or "").lower().replace("đ", "d"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.split())


def _split_letter(ch):
    """Split one character into (base letter with its letter mark, tone number)."""
    decomposed = unicodedata.normalize("NFD", ch)
    tone = 0
    kept = []
    for part in decomposed:
        if part in _TONE_MARKS:
            tone = _TONE_MARKS[part]
        elif unicodedata.combining(part) and part not in _LETTER_MARKS:
            continue
        else:
            kept.append(part)
    return unicodedata.normalize("NFC", "".join(kept)), tone


def _code(index):
    return _DIGITS36[index // 36] + _DIGITS36[index % 36]


def vi_sort_key(value):
    """Collation key for Vietnamese: letters first (a ă â b … đ …), then tones.

    Each character becomes two base-36 digits; "00" ends the letter part so that a prefix
    ("An") sorts before a longer word ("Anh"); the tones follow as one digit per character.
    """
    letters = []
    tones = []
    for ch in nfc(value).lower():
        base, tone = _split_letter(ch)
        if base in _ALPHABET:
            index = 40 + _ALPHABET.index(base)
        elif base.isdigit():
            index = 20 + int(base)
        elif base.isspace():
            index = 1
        else:
            index = 2 + (ord(base) % 17) if base.isprintable() else 19
        letters.append(_code(index))
        tones.append(str(tone))
    return "".join(letters) + "00" + "".join(tones)
