"""Routing scanned payloads: card, dossier, ticket, or text — and hostile input."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desk.payloads import TicketRef, ticket_payload
from desk.scan import route as routing
from desk.scan.route import KINDS, Routed, clean_scan

TODAY = date(2026, 11, 25)  # the office's day of these scans


def route(text, **options) -> Routed:
    return routing.route(text, today=TODAY, **options)


CCCD = "001099012345|123456789|NGUYỄN VĂN AN|15031999|Nam|Số 1 phố Huế, phường Hai Bà Trưng, Hà Nội|20042021"
CAN_CUOC = (
    "038301001234||LÊ THỊ BÌNH|02072001|Nữ|Thôn Đông, xã Quảng Phú, tỉnh Thanh Hóa|10082024||||"
)
CODE = "000.00.19.H47-250312-0042"
LOOKUP = "https://dichvucong.minhkhang.example.vn/tra-cuu/"


def test_cccd_and_can_cuoc_become_applicants():
    card = route(CCCD)
    assert (card.kind, card.ok) == ("citizen_id", True)
    assert card.value.id_number == "001099012345" and card.value.name == "NGUYỄN VĂN AN"
    assert card.value.kind == "cccd"
    assert route(CAN_CUOC).value.kind == "can_cuoc"


def test_card_that_fails_validation_is_still_a_card_with_the_reason():
    for broken in (
        CCCD.replace("15031999", "35031999"),  # no such day
        CCCD.replace("|", ";"),  # scanner keyboard layout turned | into ;
        "00109901234|123456789|NGUYỄN VĂN AN|15031999|Nam|Hà Nội|20042021",  # 11 digits
    ):
        routed = route(broken)
        assert routed.kind == "citizen_id", broken
        assert routed.value is None
        assert routed.error and routed.error.startswith("Không đọc được mã QR trên thẻ")


def test_nfc_and_scanner_junk_are_removed():
    decomposed = (
        "001099012345|123456789|NGUYE\u0302\u0303N VA\u0306N AN|15031999|Nam|Hà Nội|20042021"
    )
    for raw in (
        f"]Q1{CCCD}\r\n",
        f"\x02{CCCD}\x03",
        f"\ufeff{CCCD}\t",
        decomposed,
    ):
        routed = route(raw)
        assert routed.kind == "citizen_id" and routed.ok, repr(raw)
        assert routed.value.name == "NGUYỄN VĂN AN"
    assert clean_scan("]C0" + CODE + "\r\n") == CODE
    assert clean_scan(b"]Q1d\xc3\xa2n\n") == "dân"


@pytest.mark.parametrize(
    "payload",
    [
        CODE,
        CODE.lower(),
        f"]C0{CODE}\r",
        LOOKUP + CODE,
        LOOKUP + CODE + "/",
        "http://x.example/a?ma=" + CODE,
    ],
)
def test_dossier_code_alone_or_at_the_end_of_the_lookup_url(payload):
    routed = route(payload)
    assert (routed.kind, routed.value, routed.ok) == ("dossier", CODE, True)


def test_lookup_url_of_the_office_when_known():
    assert route(LOOKUP + CODE, lookup_base_url=LOOKUP).value == CODE
    assert route("https://other.example/" + CODE, lookup_base_url=LOOKUP).kind == "text"
    templated = "https://dvc.example.vn/tra-cuu?ma={code}&lang=vi"
    assert (
        route(
            "https://dvc.example.vn/tra-cuu?ma=" + CODE + "&lang=vi", lookup_base_url=templated
        ).value
        == CODE
    )
    # a code in the middle of some text is not a scan of our code
    assert route(f"Hồ sơ {CODE} đã xong").kind == "text"
    assert route(LOOKUP + CODE + "/extra").kind == "text"


def test_ticket_payload():
    ref = TicketRef("H57.132", "20250101", "A012", "3f9c2e7a")
    routed = route(ticket_payload(ref) + "\r\n")
    assert (routed.kind, routed.value) == ("ticket", ref)
    broken = route("VE|H57|2025|A012|x")
    assert (broken.kind, broken.value) == ("ticket", None) and broken.error


@pytest.mark.parametrize(
    "payload",
    [
        "",
        "\r\n\t",
        "\x00\x00",
        "a\x00b",
        "x" * 100_000,
        "0" * 100_000,
        ("1" * 12 + "|") * 9000,
        bytes(range(256)).decode("latin-1"),
        "\udcff\udcfe",
        "000201010211",  # a VietQR is text to us
        "hello",
        "]Q1",
    ],
    ids=[
        "empty",
        "whitespace",
        "nuls",
        "nul-inside",
        "100k",
        "100k-digits",
        "100k-cards",
        "binary",
        "surrogates",
        "vietqr",
        "word",
        "aim-only",
    ],
)
def test_hostile_payloads_never_crash(payload):
    routed = route(payload)
    assert isinstance(routed, Routed) and routed.kind in KINDS
    assert routed.kind in ("text", "citizen_id")
    if routed.kind == "citizen_id":
        assert routed.value is None and routed.error


def test_card_with_nul_bytes_is_refused_as_a_card():
    routed = route(CCCD.replace("Nam", "Na\x00m"))
    assert (routed.kind, routed.value) == ("citizen_id", None)
    assert routed.error


def test_bytes_input_is_decoded_as_utf8():
    assert route(CCCD.encode("utf-8")).value.name == "NGUYỄN VĂN AN"
    assert route(b"\xff\xfe\x00garbage").kind == "text"


@given(st.text(max_size=300))
def test_any_text_routes_to_a_known_kind(text):
    routed = route(text)
    assert routed.kind in KINDS
    if routed.kind == "dossier":
        assert routed.value in routed.text.upper()
    assert routed.to_json()["kind"] == routed.kind


def test_to_json_is_plain_data():
    import json

    for payload, kind in (
        (CCCD, "citizen_id"),
        (CODE, "dossier"),
        ("VE|H57|20250101|A012|x1", "ticket"),
        ("hello", "text"),
    ):
        data = json.loads(json.dumps(route(payload).to_json(), ensure_ascii=False))
        assert data["kind"] == kind and data["error"] is None
        assert (data["value"] is None) == (kind == "text")
