"""Fee rules and the amounts printed on the fee receipt (biên lai)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desk.catalog import FeeKind, FeeRule, PageTier, bundled_catalog, dong_in_words, format_dong
from desk.errors import InvalidInput

COPY_RULE = FeeRule(
    FeeKind.PER_PAGE,
    tiers=(PageTier(1, 2000), PageTier(3, 1000)),
    cap_per_copy=200_000,
)


def test_the_bundled_copy_rule_is_the_tt_226_rule():
    assert bundled_catalog().get("2.000815").fee.tiers == COPY_RULE.tiers
    assert bundled_catalog().get("2.000815").fee.cap_per_copy == 200_000


@pytest.mark.parametrize(
    ("pages", "copies", "amount"),
    [
        (1, 1, 2_000),
        (2, 1, 4_000),
        (3, 1, 5_000),
        (37, 1, 39_000),
        (37, 3, 117_000),
        (197, 1, 199_000),
        (198, 1, 200_000),
        (199, 1, 200_000),  # 201.000 đ before the cap
        (300, 1, 200_000),
        (300, 2, 400_000),
        (2, 5, 20_000),
    ],
)
def test_copy_fee(pages, copies, amount):
    assert COPY_RULE.quote(pages=pages, copies=copies).amount == amount


def test_copy_fee_detail_lines():
    assert COPY_RULE.quote(pages=37).detail == (
        "37 trang × 1 bản: 2 trang × 2.000 đ + 35 trang × 1.000 đ = 39.000 đ"
    )
    assert COPY_RULE.quote(pages=1).detail == "1 trang × 1 bản: 1 trang × 2.000 đ = 2.000 đ"
    assert COPY_RULE.quote(pages=37, copies=3).detail == (
        "37 trang × 3 bản: (2 trang × 2.000 đ + 35 trang × 1.000 đ) × 3 = 117.000 đ"
    )
    assert COPY_RULE.quote(pages=300, copies=2).detail == (
        "300 trang × 2 bản: 2 trang × 2.000 đ + 298 trang × 1.000 đ = 302.000 đ, "
        "tối đa 200.000 đ/bản → 200.000 đ × 2 = 400.000 đ"
    )


def test_copy_rule_text():
    assert COPY_RULE.text() == (
        "2.000 đ/trang (trang 1–2), 1.000 đ/trang (từ trang 3), tối đa 200.000 đ/bản"
    )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "số trang"),
        ({"pages": 0}, "Số trang"),
        ({"pages": -3}, "Số trang"),
        ({"pages": 2.5}, "Số trang"),
        ({"pages": True}, "Số trang"),
        ({"pages": 3, "copies": 0}, "Số bản"),
    ],
)
def test_copy_fee_refuses_bad_counts(kwargs, message):
    with pytest.raises(InvalidInput) as info:
        COPY_RULE.quote(**kwargs)
    assert message in info.value.message


def test_other_rules():
    extract = FeeRule(FeeKind.PER_COPY, amount=8000)
    assert extract.quote(copies=3).amount == 24_000
    assert extract.quote(copies=3).detail == "3 bản × 8.000 đ = 24.000 đ"
    signature = FeeRule(FeeKind.PER_CASE, amount=10_000)
    assert signature.quote(cases=2).detail == "2 trường hợp × 10.000 đ = 20.000 đ"
    contract = FeeRule(FeeKind.PER_CONTRACT, amount=50_000)
    assert contract.quote().amount == 50_000
    assert contract.quote(cases=2).detail == "2 hợp đồng × 50.000 đ = 100.000 đ"
    fixed = FeeRule(FeeKind.FIXED, amount=100_000, varies_by_province=True)
    assert fixed.quote(copies=5, cases=5).amount == 100_000
    assert "HĐND" in fixed.text()
    assert FeeRule(FeeKind.FREE).quote().amount == 0
    with pytest.raises(InvalidInput) as info:
        FeeRule(FeeKind.BY_PROVINCE).quote()
    assert "HĐND tỉnh" in info.value.message
    with pytest.raises(InvalidInput):
        signature.quote(cases=0)


def test_quote_carries_receipt_texts():
    quote = COPY_RULE.quote(pages=37)
    assert quote.amount_text == "39.000 đ"
    assert quote.words == "Ba mươi chín nghìn đồng"


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (0, "0 đ"),
        (500, "500 đ"),
        (39_000, "39.000 đ"),
        (1_000_000, "1.000.000 đ"),
        (-2000, "-2.000 đ"),
    ],
)
def test_format_dong(amount, text):
    assert format_dong(amount) == text


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (0, "Không đồng"),
        (1_000, "Một nghìn đồng"),
        (15_000, "Mười lăm nghìn đồng"),
        (39_000, "Ba mươi chín nghìn đồng"),
        (105_000, "Một trăm linh năm nghìn đồng"),
        (1_000_000, "Một triệu đồng"),
        (2_250_500, "Hai triệu hai trăm năm mươi nghìn năm trăm đồng"),
        (21_000, "Hai mươi mốt nghìn đồng"),
        (10_000, "Mười nghìn đồng"),
        (11_000, "Mười một nghìn đồng"),
        (25_000, "Hai mươi lăm nghìn đồng"),
        (200_000, "Hai trăm nghìn đồng"),
        (1_005_000, "Một triệu không trăm linh năm nghìn đồng"),
        (1_000_050, "Một triệu không trăm năm mươi đồng"),
        (3_000_000_000, "Ba tỷ đồng"),
        (1_000_000_500, "Một tỷ năm trăm đồng"),
    ],
)
def test_dong_in_words(amount, words):
    assert dong_in_words(amount) == words


def test_dong_in_words_southern_reading():
    assert dong_in_words(105_000, zero_tens="lẻ") == "Một trăm lẻ năm nghìn đồng"


def test_dong_in_words_refuses_negative():
    with pytest.raises(ValueError):
        dong_in_words(-1)


@settings(deadline=None, max_examples=300)
@given(
    pages=st.integers(min_value=1, max_value=5000),
    extra=st.integers(min_value=0, max_value=500),
    copies=st.integers(min_value=1, max_value=50),
)
def test_copy_fee_is_monotonic_and_capped(pages, extra, copies):
    fewer = COPY_RULE.quote(pages=pages, copies=copies).amount
    more = COPY_RULE.quote(pages=pages + extra, copies=copies).amount
    assert fewer <= more <= 200_000 * copies
    assert fewer >= min(2_000 * copies * min(pages, 2), 200_000 * copies)


_DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
_DIGIT_WORDS = {**{word: value for value, word in enumerate(_DIGITS)}, "mốt": 1, "lăm": 5}


def read_back(words: str) -> int:
    """An independent reader of the words, so the property below can fail."""
    total = big = group = pending = 0
    for word in words.lower().removesuffix(" đồng").split():
        if word in _DIGIT_WORDS:
            pending = _DIGIT_WORDS[word]
        elif word == "trăm":
            group, pending = group + pending * 100, 0
        elif word == "mươi":
            group, pending = group + pending * 10, 0
        elif word == "mười":
            group += 10
        elif word in {"nghìn", "triệu"}:
            big += (group + pending) * (1000 if word == "nghìn" else 10**6)
            group = pending = 0
        elif word == "tỷ":
            total = (total + big + group + pending) * 10**9
            big = group = pending = 0
        else:
            assert word in {"linh", "lẻ"}, word
    return total + big + group + pending


@settings(deadline=None, max_examples=500)
@given(st.integers(min_value=0, max_value=10**15))
def test_dong_in_words_reads_back(amount):
    words = dong_in_words(amount)
    assert words.endswith(" đồng") and words[0].isupper()
    assert "  " not in words
    assert read_back(words) == amount
