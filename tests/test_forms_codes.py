"""The codes on paper: rendered as a printer would, then read back with zxing-cpp."""

import pytest
from forms_samples import (
    bare_office,
    decode,
    full_dossier,
    minimal_dossier,
    office,
    rasterize,
    render_form,
)

DPI = 200


def _codes(pdf: bytes, page: int = 0):
    return decode(rasterize(pdf, DPI)[page])


def test_receipt_qr_is_the_lookup_url_and_code128_the_code():
    dossier, where = full_dossier(), office()
    page = rasterize(render_form("receipt", dossier, where), DPI)[0]
    found = decode(page)
    (qr,) = found["QRCode"]
    assert qr.text == where.lookup_url(dossier.code)
    assert qr.text == "https://dichvucong.daklak.gov.vn/tra-cuu?ma=000.00.19.H47-260205-0001"
    (bar,) = found["Code128"]
    assert bar.text == dossier.code
    # ECI 26 (UTF-8) leads the data, so no reader has to guess the encoding.
    (raw,) = decode(page, eci=True)["QRCode"]
    assert raw.text == "]Q2\\000026" + qr.text


def test_qr_is_big_enough_to_scan_from_paper():
    found = _codes(render_form("receipt", full_dossier(), office()))
    (qr,) = found["QRCode"]
    corners = qr.position
    side_px = abs(corners.top_right.x - corners.top_left.x)
    side_mm = side_px / DPI * 25.4
    assert side_mm >= 17  # about 0.5 mm a module for a version 5 symbol


def test_receipt_codes_without_a_lookup_site_carry_the_code():
    dossier = minimal_dossier()
    found = _codes(render_form("receipt", dossier, bare_office()))
    assert [c.text for c in found["QRCode"]] == [dossier.code]
    assert [c.text for c in found["Code128"]] == [dossier.code]
    assert "MicroQRCode" not in found


def test_vietnamese_in_the_lookup_url_survives_the_qr():
    where = office(lookup_base_url="https://tra-cứu.đắklắk.vn/hồ-sơ/{code}?xã=Hòa Phú")
    dossier = full_dossier()
    (qr,) = _codes(render_form("receipt", dossier, where))["QRCode"]
    assert qr.text == f"https://tra-cứu.đắklắk.vn/hồ-sơ/{dossier.code}?xã=Hòa Phú"


@pytest.mark.parametrize("form", ["control", "handover"])
def test_other_slips_carry_a_readable_code128(form):
    dossier = full_dossier()
    found = _codes(render_form(form, dossier, office()))
    assert [c.text for c in found["Code128"]] == [dossier.code]


def test_every_copy_carries_the_codes():
    dossier = full_dossier()
    pdf = render_form("receipt", dossier, office(), copies=2)
    for page in rasterize(pdf, DPI):
        found = decode(page)
        assert [c.text for c in found["Code128"]] == [dossier.code]
        assert len(found["QRCode"]) == 1
