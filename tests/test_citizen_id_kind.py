"""A card issued from 01/07/2024 is a Căn cước card ("Nơi cư trú"), whatever its QR shows."""

import json

from desk.citizen_id import parse_cccd
from desk.clock import FixedClock

TODAY = FixedClock("2026-11-25T09:30:00+07:00").now().date()
OLD = "001099012345|123456789|NGUYỄN VĂN AN|15031999|Nam|Số 1 phố Huế, Hà Nội|20042021"
NEW_SEVEN = "001099012345|123456789|NGUYỄN VĂN AN|15031999|Nam|Số 1 phố Huế, Hà Nội|01072024"
NEW = "038301001234||LÊ THỊ BÌNH|02072001|Nữ|Thôn Đông, xã Quảng Phú, tỉnh Thanh Hóa|10082024||||"


def test_kind_and_address_label_follow_the_issue_date():
    old = parse_cccd(OLD, today=TODAY)
    assert (old.kind, old.address_label) == ("cccd", "Nơi thường trú")
    for payload in (NEW_SEVEN, NEW):
        card = parse_cccd(payload, today=TODAY)
        assert (card.kind, card.kind_label, card.address_label) == (
            "can_cuoc",
            "Thẻ Căn cước",
            "Nơi cư trú",
        )


def test_the_cli_labels_the_address_as_the_card_does(cli):
    ran = cli("cccd", NEW_SEVEN)
    assert "Thẻ Căn cước" in ran.out and "Nơi cư trú:" in ran.out
    assert "Nơi thường trú" not in ran.out
    data = json.loads(cli("cccd", OLD, "--json").out)
    assert data["address_label"] == "Nơi thường trú"
