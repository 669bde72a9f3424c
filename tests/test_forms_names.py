"""Names on paper as NĐ 30/2020 writes them: place names in full where a unit is named by a
number or after a person, the body's full name and abbreviation, the office's own words."""

import pytest
from forms_samples import flat, full_dossier, office, render_form, text_of

from desk.office import Office, body_name, body_symbol, place_name


@pytest.mark.parametrize(
    ("name", "place"),
    [
        ("UBND xã Hòa Phú", "Hòa Phú"),
        ("UBND phường 3", "Phường 3"),
        ("UBND xã Trần Hưng Đạo", "Xã Trần Hưng Đạo"),
        ("Ủy ban nhân dân phường Lê Lợi", "Phường Lê Lợi"),
        ("UBND thị trấn Ea Kar", "Ea Kar"),
        ("UBND đặc khu Côn Đảo", "Côn Đảo"),
    ],
)
def test_place_names_keep_their_word_when_named_by_number_or_person(name, place):
    where = office(name=name, place_name="")
    assert place_name(where) == place
    text = text_of(render_form("receipt", full_dossier(), where, copies=1))
    assert f"{place}, ngày 05 tháng 02 năm 2026" in text


def test_a_set_place_name_wins():
    where = office(name="UBND phường 3", place_name="Phường 3, thành phố Tuy Hòa")
    assert place_name(where) == "Phường 3, thành phố Tuy Hòa"


def test_body_name_and_symbol():
    assert body_name(Office("x", "UBND xã Hòa Phú")) == "Ủy ban nhân dân xã Hòa Phú"
    assert body_symbol(Office("x", "UBND xã Hòa Phú")) == "UBND"
    named = Office("x", "UBND xã Hòa Phú", legal_name="Ủy ban nhân dân xã Hòa Phú Đông")
    assert body_name(named) == "Ủy ban nhân dân xã Hòa Phú Đông"
    centre = Office("x", "Trung tâm Phục vụ hành chính công xã Hòa Phú", symbol="TTPV")
    assert body_symbol(centre) == "TTPV"


def test_a_centre_keeps_its_parent_line_on_letters():
    where = office(
        name="Trung tâm Phục vụ hành chính công xã Hòa Phú",
        parent_name="UBND xã Hòa Phú",
        symbol="TTPVHCC",
        extra={"signer_authority": ""},
    )
    text = text_of(render_form("stop", full_dossier(), where, template_set="tt03-2025"))
    lines = [line.strip() for line in text.splitlines()]
    assert lines[0] == "UBND XÃ HÒA PHÚ"  # a parent line may abbreviate
    assert "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG XÃ HÒA PHÚ" in flat(text)
    assert any("/TB-TTPVHCC" in line for line in lines)


def test_result_handed_back_names_the_officer_who_returned_it():
    dossier = full_dossier(returned_by="Hoàng Văn Nam")
    text = flat(text_of(render_form("handover", dossier, office())))
    assert "NGƯỜI TRẢ KẾT QUẢ (Ký và ghi rõ họ tên)" in text
    assert "Hoàng Văn Nam" in text


def test_logins_recorded_before_names_were_kept_are_not_printed():
    dossier = full_dossier(receiver_name="", receiver="canbo1")
    text = text_of(render_form("receipt", dossier, office(), copies=1))
    assert "canbo1" not in text
    text = text_of(render_form("receipt", dossier, office(receiving_officer="Vũ Thị Mai")))
    assert "Vũ Thị Mai" in text
