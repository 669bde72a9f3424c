"""Page layout: long names wrap inside the margins, page numbers where NĐ 30/2020 puts them."""

import numpy as np
import pytest
from forms_samples import (
    MM,
    at,
    full_dossier,
    office,
    rasterize,
    reader,
    render_book,
    render_form,
    squeeze,
    text_of,
    text_positions,
)

from desk.dossiers.model import Paper, Person
from printing.forms import available_forms

LEFT, RIGHT, TOP, BOTTOM = 30, 15, 20, 20  # mm, the margins the forms promise
DPI = 72


def _long(words: str, length: int = 500) -> str:
    text = ""
    while len(text) < length:
        text += words + " "
    return text[:length].strip()


LONG_NAME = _long("Nguyễn Thị Phương Thảo Hoàng Lê Ánh Tuyết Đặng Quốc Việt Trương")
# A run with no space at all must still be broken, not pushed off the page.
LONG_ADDRESS = _long("Thôn Buôn Ea Kmar Ktul, xã Hòa Phú, tỉnh Đắk Lắk") + " " + "ĐắkLắk" * 12
LONG_OFFICE = _long("Ủy ban nhân dân xã Hòa Phú Đông Nam", 160)


def _long_dossier():
    return full_dossier(
        applicant=Person(name=LONG_NAME, address=LONG_ADDRESS, phone="0905123456"),
        submitter=None,
        procedure_name=_long("Cấp giấy chứng nhận đăng ký hộ kinh doanh", 300),
        papers=tuple(
            Paper(i, _long(f"Giấy tờ số {i} bản sao có chứng thực", 200), "certified", 1)
            for i in range(1, 4)
        ),
        returned_to=LONG_NAME,
    )


def _drawn_whole(pdf: bytes, target: str, times: int = 1) -> bool:
    """The text was drawn in full, in order, even when a table cell runs on to the next page.

    A drawn piece may carry a label before the text ("Địa chỉ: Thôn…") or something after it
    ("…Lắk; ĐT: 09…"); the pieces in between must match exactly.
    """
    want, done = squeeze(target) * times, 0
    for page in text_positions(pdf):
        for _, _, text in page:
            piece = squeeze(text)
            if not piece or done == len(want):
                continue
            if want.startswith(piece, done):
                done += len(piece)
            elif piece.startswith(want[done:]):
                done = len(want)
            else:
                for k in range(min(len(piece), len(want) - done), 3, -1):
                    if piece.endswith(want[done : done + k]):
                        done += k
                        break
    return done == len(want)


def _assert_margins_blank(pdf: bytes) -> None:
    """No ink in the margins, except the page number in the top margin from page 2."""
    numbered = {
        page
        for page, drawn in enumerate(text_positions(pdf))
        for _, y, text in drawn
        if text.strip().isdigit() and y > float(reader(pdf).pages[page].mediabox.height) - TOP * MM
    }
    for index, image in enumerate(rasterize(pdf, DPI)):
        ink = np.asarray(image) < 200
        height, width = ink.shape
        px = DPI / 25.4
        slack = 1  # mm of tolerance for anti-aliasing
        assert not ink[:, : int((LEFT - slack) * px)].any(), f"left margin, page {index + 1}"
        assert not ink[:, int(width - (RIGHT - slack) * px) :].any(), f"right, page {index + 1}"
        assert not ink[int(height - (BOTTOM - slack) * px) :, :].any(), f"bottom, page {index + 1}"
        top = ink[: int((TOP - slack) * px), :]
        if index in numbered:
            centre = width // 2
            top = np.concatenate(
                [top[:, : centre - int(15 * px)], top[:, centre + int(15 * px) :]], 1
            )
        assert not top.any(), f"top margin, page {index + 1}"


@pytest.mark.parametrize(
    ("template_set", "form"),
    [(s, f.id) for s in ("tt01-2018", "tt03-2025") for f in available_forms(s)],
)
def test_500_character_names_wrap_inside_the_margins(template_set, form):
    where = office(name=LONG_OFFICE, parent_name=LONG_OFFICE, place_name="Hòa Phú")
    pdf = render_form(form, _long_dossier(), where, template_set=template_set)
    assert _drawn_whole(pdf, LONG_NAME)
    if form in {"receipt", "supplement", "refusal", "handover", "fee_receipt", "book"}:
        assert _drawn_whole(pdf, LONG_ADDRESS)
    assert squeeze(LONG_OFFICE.upper()) in squeeze(text_of(pdf))
    for page in text_positions(pdf):
        assert all(x >= LEFT * MM - 0.5 for x, _, _ in page)
    _assert_margins_blank(pdf)


def test_long_book_stays_inside_its_landscape_margins():
    dossiers = [
        full_dossier(
            id=f"id-{i}",
            code=f"000.00.19.H47-260302-{i:04d}",
            received_at=at(2026, 3, 2, 8, i),
            applicant=Person(name=LONG_NAME, address=LONG_ADDRESS),
            book_number=i,
        )
        for i in range(1, 7)
    ]
    pdf = render_book(dossiers, office(), at(2026, 3, 1).date(), at(2026, 3, 31).date())
    assert _drawn_whole(pdf, LONG_NAME, times=len(dossiers))
    assert _drawn_whole(pdf, LONG_ADDRESS, times=len(dossiers))
    _assert_margins_blank(pdf)


def test_page_numbers_from_page_two_centred_in_the_top_margin():
    many = tuple(Paper(i, f"Giấy tờ kèm theo số {i}", "photo", 1) for i in range(1, 40))
    pdf = render_form("receipt", full_dossier(papers=many), office(), copies=1)
    pages = reader(pdf).pages
    assert len(pages) >= 2
    positions = text_positions(pdf)
    for number, (page, drawn) in enumerate(zip(pages, positions, strict=True), start=1):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        in_top_margin = [(x, t.strip()) for x, y, t in drawn if y > height - TOP * MM]
        if number == 1:
            assert in_top_margin == []
        else:
            ((x, label),) = in_top_margin
            assert label == str(number)
            assert abs(x - width / 2) < 10  # centred (x is where the digits start)
    # the header of the papers table comes back on the next page
    texts = [p.extract_text() for p in pages]
    assert all("Tên loại giấy tờ" in t for t in texts[: len(pages) - 1])
    _assert_margins_blank(pdf)


@pytest.mark.parametrize("papers", [7, 12])
def test_signatures_never_stand_alone_on_a_page(papers):
    many = tuple(Paper(i, f"Giấy tờ kèm theo số {i}", "photo", 1) for i in range(1, papers + 1))
    pages = [
        p.extract_text()
        for p in reader(render_form("receipt", full_dossier(papers=many), office(), copies=1)).pages
    ]
    (signing,) = [p for p in pages if "NGƯỜI TIẾP NHẬN HỒ SƠ" in p]
    assert "Tra cứu hồ sơ" in signing  # the lookup note and QR travel with the signatures
