"""Vietnamese text: NFC on the way in, tone-mark folding for search."""

import unicodedata

# FTS5's remove_diacritics leaves đ/Đ alone (it is a letter, not a d with a mark),
# so folding has to map it by hand.
_EXTRA = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "Ð": "d"})


def nfc(text: str | None) -> str:
    """Compose text typed with any input method (Unikey, VNI, Telex, decomposed)."""
    if text is None:
        return ""
    return unicodedata.normalize("NFC", str(text))


def clean(text: str | None) -> str:
    """NFC, collapse runs of whitespace, strip the ends."""
    return " ".join(nfc(text).split())


def fold(text: str | None) -> str:
    """Lower case without tone marks or diacritics, đ→d: "Nguyễn Văn Đức" → "nguyen van duc"."""
    decomposed = unicodedata.normalize("NFD", nfc(text).translate(_EXTRA))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return stripped.casefold()
