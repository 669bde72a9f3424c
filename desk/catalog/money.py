"""Đồng amounts as a fee receipt prints them: "39.000 đ" and "Ba mươi chín nghìn đồng"."""

_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_GROUPS = ("", "nghìn", "triệu")
_BILLION = 10**9


def format_dong(amount: int) -> str:
    """Dots between thousands, as Vietnamese receipts write money: 39000 → "39.000 đ"."""
    sign = "-" if amount < 0 else ""
    return f"{sign}{abs(int(amount)):,} đ".replace(",", ".")


def dong_in_words(amount: int, *, zero_tens: str = "linh") -> str:
    """The amount in words for the "Số tiền bằng chữ" line.

    `zero_tens` is the word for an empty tens place (105 → "một trăm linh năm"); the
    South writes "lẻ", so an office may prefer it.
    """
    amount = int(amount)
    if amount < 0:
        raise ValueError("amount must not be negative")
    words = _read(amount, leading=True, zero_tens=zero_tens) if amount else ["không"]
    text = " ".join([*words, "đồng"])
    return text[0].upper() + text[1:]


def _read(n: int, *, leading: bool, zero_tens: str) -> list[str]:
    if n >= _BILLION:
        high, low = divmod(n, _BILLION)
        words = [*_read(high, leading=leading, zero_tens=zero_tens), "tỷ"]
        if low:
            words += _read_below_billion(low, leading=False, zero_tens=zero_tens)
        return words
    return _read_below_billion(n, leading=leading, zero_tens=zero_tens)


def _read_below_billion(n: int, *, leading: bool, zero_tens: str) -> list[str]:
    groups = [(n // 10**6) % 1000, (n // 1000) % 1000, n % 1000]
    words: list[str] = []
    first = leading
    for group, name in zip(groups, reversed(_GROUPS), strict=True):
        if not group:
            continue
        words += _read_triple(group, full=not first, zero_tens=zero_tens)
        if name:
            words.append(name)
        first = False
    return words


def _read_triple(n: int, *, full: bool, zero_tens: str) -> list[str]:
    """Three digits; `full` reads "không trăm" when a higher group came before."""
    hundreds, tens, units = n // 100, n // 10 % 10, n % 10
    words: list[str] = []
    if full or hundreds:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if words:
                words.append(zero_tens)
            words.append(_DIGITS[units])
    elif tens == 1:
        words.append("mười")
        if units:
            words.append("lăm" if units == 5 else _DIGITS[units])
    else:
        words += [_DIGITS[tens], "mươi"]
        if units == 1:
            words.append("mốt")
        elif units == 5:
            words.append("lăm")
        elif units:
            words.append(_DIGITS[units])
    return words
