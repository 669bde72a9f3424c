"""Template sets as data: which set applies when, form numbers, bad files, missing fonts."""

import shutil
from datetime import UTC, date, datetime, timedelta

import pytest
from forms_samples import at, flat, full_dossier, office, render_form, text_of

from desk.errors import InvalidInput, NotFound
from desk.paths import FONTS
from printing import fonts
from printing.forms import FORM_IDS, available_forms, template_set_for, templates
from printing.forms import blocks as form_blocks


def test_set_switches_on_1_july_2025():
    assert template_set_for(date(2025, 6, 30)) == "tt01-2018"
    assert template_set_for(date(2025, 7, 1)) == "tt03-2025"
    assert template_set_for(date(2019, 1, 1)) == "tt01-2018"
    assert template_set_for(date(2010, 1, 1)) == "tt01-2018"  # before any set: the oldest
    # Office time decides: 17:30 UTC on 30/06 is already 1 July in Vietnam.
    assert template_set_for(datetime(2025, 6, 30, 17, 30, tzinfo=UTC)) == "tt03-2025"
    assert template_set_for(at(2025, 6, 30, 23, 59)) == "tt01-2018"


def _apology_text(received):
    dossier = full_dossier(received_at=received, due_at=received + timedelta(hours=6))
    return flat(text_of(render_form("apology", dossier, office())))


def test_received_date_picks_the_form_wording():
    before = _apology_text(at(2025, 6, 30, 9, 0))
    after = _apology_text(at(2025, 7, 1, 9, 0))
    assert "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ" in before
    assert "Thông tư số 01/2018/TT-VPCP" in before
    assert "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT" in after
    assert "Thông tư số 03/2025/TT-VPCP" in after
    assert "Thông tư số 01/2018/TT-VPCP" not in after


def test_receipt_attribution_follows_the_set():
    old = flat(text_of(render_form("receipt", full_dossier(), office(), template_set="tt01")))
    new = flat(text_of(render_form("receipt", full_dossier(), office(), template_set="tt03")))
    assert "Theo Mẫu số 01, ban hành kèm theo Thông tư số 01/2018/TT-VPCP" in old
    assert "Theo Mẫu số 01, Phụ lục I ban hành kèm theo Thông tư số 03/2025/TT-VPCP" in new


def test_explicit_set_wins_over_the_date():
    dossier = full_dossier(received_at=at(2025, 6, 2, 9, 0), due_at=at(2025, 6, 2, 16, 0))
    text = flat(text_of(render_form("stop", dossier, office(), template_set="tt03-2025")))
    assert "Dừng giải quyết hồ sơ" in text


@pytest.mark.parametrize(
    ("template_set", "asked", "form_id"),
    [
        ("tt01-2018", "01", "receipt"),
        ("tt01-2018", "1", "receipt"),
        ("tt01-2018", "04", "apology"),
        ("tt01-2018", "05", "control"),
        ("tt01-2018", "06", "book"),
        ("tt03-2025", "04", "apology"),
        ("tt03-2025", "05", "stop"),
        ("tt03-2025", "06", "control"),
        ("tt03-2025", "07", "book"),
        ("tt03-2025", "fee_receipt", "fee_receipt"),
        ("tt03-2025", "fee-receipt", "fee_receipt"),
        ("tt03-2025", " Receipt ", "receipt"),
    ],
)
def test_numbers_and_ids_name_the_same_forms(template_set, asked, form_id):
    assert templates.get_set(template_set).resolve(asked).id == form_id


def test_available_forms_per_set():
    old = [(f.number, f.id) for f in available_forms("tt01-2018")]
    new = [(f.number, f.id) for f in available_forms("tt03-2025")]
    assert old[:6] == [
        ("01", "receipt"),
        ("02", "supplement"),
        ("03", "refusal"),
        ("04", "apology"),
        ("05", "control"),
        ("06", "book"),
    ]
    assert new[:7] == [
        ("01", "receipt"),
        ("02", "supplement"),
        ("03", "refusal"),
        ("04", "apology"),
        ("05", "stop"),
        ("06", "control"),
        ("07", "book"),
    ]
    for listing in (old, new):
        assert ("", "fee_receipt") in listing and ("", "handover") in listing
        assert {form_id for _, form_id in listing} <= set(FORM_IDS)
    assert [(f.number, f.id) for f in available_forms(template_set_for(at(2026, 11, 25)))] == new


def test_a_form_missing_from_the_set_is_named_in_vietnamese():
    with pytest.raises(NotFound) as caught:
        render_form("stop", full_dossier(), office(), template_set="tt01-2018")
    assert (
        "Không có mẫu “stop” trong bộ biểu mẫu Thông tư số 01/2018/TT-VPCP" in caught.value.message
    )
    assert "01 (receipt)" in caught.value.message
    with pytest.raises(NotFound, match="Không có bộ biểu mẫu"):
        render_form("receipt", full_dossier(), office(), template_set="tt99")


def test_copies_out_of_range_are_refused():
    with pytest.raises(InvalidInput, match="Số liên"):
        render_form("receipt", full_dossier(), office(), copies=0)


def test_engine_knows_every_block_type_the_data_may_use():
    assert {*form_blocks.BUILDERS, "title"} == templates.BLOCK_TYPES
    for name in ("tt01-2018", "tt03-2025"):
        for form in templates.get_set(name).forms.values():
            assert {b["type"] for b in form.body} <= templates.BLOCK_TYPES


def test_unknown_placeholder_is_a_template_error():
    with pytest.raises(InvalidInput, match="applicant_nmae"):
        form_blocks.fill("Tên: {applicant_nmae}", {"applicant_name": "An"})


def test_bad_template_files_are_reported_by_name(tmp_path):
    (tmp_path / "broken.toml").write_text(
        '[set]\nid = "x"\nvalid_from = 2030-01-01\n[forms.receipt\n'
    )
    with pytest.raises(InvalidInput, match=r"broken\.toml"):
        templates.load_set("broken", tmp_path)
    (tmp_path / "odd.toml").write_text(
        '[set]\nid = "odd"\nvalid_from = 2030-01-01\n'
        '[forms.receipt]\ntitle = "X"\n[[forms.receipt.body]]\ntype = "hologram"\n',
        encoding="utf-8",
    )
    with pytest.raises(InvalidInput, match="hologram"):
        templates.load_set("odd", tmp_path)
    with pytest.raises(NotFound, match=r"absent\.toml"):
        templates.load_set("absent", tmp_path)


def test_a_set_may_extend_another_and_override_one_form(tmp_path):
    for name in ("common.toml", "tt01-2018.toml"):
        shutil.copy(templates.FORMS_DIR / name, tmp_path / name)
    (tmp_path / "tinh-2030.toml").write_text(
        '[set]\nid = "tinh-2030"\nvalid_from = 2030-01-01\nextends = "tt01-2018"\n'
        'attribution = "Mẫu {number} của tỉnh"\n'
        '[forms.receipt]\ntitle = "GIẤY BIÊN NHẬN HỒ SƠ"\n',
        encoding="utf-8",
    )
    custom = templates.load_set("tinh-2030", tmp_path)
    assert custom.forms["receipt"].title == "GIẤY BIÊN NHẬN HỒ SƠ"
    assert custom.forms["receipt"].attribution == "Mẫu 01 của tỉnh"
    assert custom.forms["receipt"].body == templates.get_set("tt01-2018").forms["receipt"].body
    assert custom.forms["control"].number == "05"
    assert [s.id for s in templates.all_sets(tmp_path)] == ["tt01-2018", "tinh-2030"]


def test_missing_font_file_gives_a_vietnamese_error_naming_it(tmp_path, monkeypatch):
    monkeypatch.setattr(fonts, "_registered", False)
    with pytest.raises(NotFound) as caught:
        fonts.register(tmp_path)
    assert "Không tìm thấy tệp phông chữ LiberationSerif-Regular.ttf" in caught.value.message
    for face in ("Regular", "Bold", "Italic"):
        shutil.copy(FONTS / f"LiberationSerif-{face}.ttf", tmp_path)
    with pytest.raises(NotFound, match=r"LiberationSerif-BoldItalic\.ttf"):
        fonts.register(tmp_path)


def test_unreadable_font_file_is_a_printer_error(tmp_path, monkeypatch):
    from desk.errors import PrinterError

    monkeypatch.setattr(fonts, "_registered", False)
    for face in ("Regular", "Bold", "Italic", "BoldItalic"):
        (tmp_path / f"LiberationSerif-{face}.ttf").write_bytes(b"not a font")
    with pytest.raises(PrinterError, match="bị hỏng"):
        fonts.register(tmp_path)
