"""Forms printed for real dossiers of a real store, read back with pypdf: the issuing body by
its full name, symbols with -UBND, people by their names, papers as handed in, the real
agency, the statutory extension, and no fee receipt for a free procedure (issue 10)."""

from datetime import datetime, timedelta

import pytest
from forms_samples import flat, text_of

from desk.clock import VN_TZ
from desk.dossiers import apologise, receive, refuse, request_supplement, start
from desk.errors import InvalidInput
from desk.users import add_user
from printing.forms import available_forms
from printing.jobs import render_book, render_dossier_form

OFFICER = ("canbo1", "Lê Thị Thu Hà")
LOGINS = ("canbo1", "cli:root", "root")


@pytest.fixture
def office(store):
    add_user(
        store,
        username=OFFICER[0],
        full_name=OFFICER[1],
        role="officer",
        password="matkhau123",
        actor="test",
    )
    store.set_setting("fee_receipt", {"form": "01BLP0-001", "series": "TN-26P"})
    return store


def person(name="Đỗ Minh Khôi"):
    return {"name": name, "address": "Thôn 3, xã Thử Nghiệm", "phone": "0901000111"}


def copies_request(copies=3, pages=3):
    return {
        "procedure": "2.000815",
        "applicant": person(),
        "papers": [
            {"name": "Học bạ", "kind": "original", "count": 1, "pages": pages, "shown": True},
            {"name": "Bản sao học bạ", "kind": "photo", "count": copies, "pages": pages},
        ],
        "fee_basis": {"pages": pages, "copies": copies},
    }


def form_text(store, form, code, **options) -> str:
    return text_of(render_dossier_form(store, form, code, **options))


def every_form(store, code) -> dict[str, str]:
    """Every form of both sets that the dossier can have, as text."""
    texts = {}
    for template_set in ("tt01-2018", "tt03-2025"):
        for info in available_forms(template_set):
            try:
                pdf = render_dossier_form(
                    store, info.id, code, template_set=template_set, actor="cli:root"
                )
            except InvalidInput:
                assert info.id == "fee_receipt"  # only a free procedure's receipt is refused
                continue
            texts[f"{template_set}/{info.id}"] = text_of(pdf)
    return texts


def test_shown_papers_and_real_counts(office):
    dossier = receive(office, copies_request(), actor="canbo1")
    assert dossier.fee == 3 * (2000 + 2000 + 1000)
    text = form_text(office, "receipt", dossier.code, copies=1)
    lines = [line.strip() for line in text.splitlines()]
    # The copies are what is received: three photocopies (Bản photo 03), not three originals.
    row = lines.index("Bản sao học bạ")
    assert lines[row - 1 : row + 3] == ["1", "Bản sao học bạ", "03", lines[row + 2]]
    assert lines[row + 2].startswith("Giấy tờ xuất trình")  # the table has no other row
    assert "Học bạ" not in lines  # the original is not a row of papers received
    assert "Giấy tờ xuất trình để đối chiếu (đã trả lại): Học bạ (bản chính)" in flat(text)


def test_catalog_papers_taken_as_handed_in_keep_the_shown_ones_apart(office):
    dossier = receive(office, {"procedure": "1.001193", "applicant": person()}, actor="canbo1")
    assert [p.shown for p in dossier.papers] == [False, False, True]
    text = flat(form_text(office, "receipt", dossier.code, copies=1))
    assert "xuất trình để đối chiếu (đã trả lại): Giấy tờ tùy thân" in text


def test_people_by_full_name_never_by_login(office):
    by_officer = receive(office, copies_request(), actor="canbo1").code
    request_supplement(office, by_officer, reason="Thiếu bản sao", actor="canbo1")
    texts = every_form(office, by_officer)
    assert OFFICER[1] in texts["tt03-2025/receipt"]
    assert OFFICER[1] in texts["tt03-2025/supplement"]  # the guiding officer of Mẫu 02
    assert OFFICER[1] in texts["tt03-2025/fee_receipt"]  # who received it collects
    for name, text in texts.items():
        for login in LOGINS:
            assert login not in text, (name, login)


def test_a_cli_action_without_an_officer_leaves_the_line_or_prints_the_configured_one(office):
    code = receive(office, copies_request(), actor="cli:root").code
    (event,) = office.query("SELECT actor FROM dossier_events WHERE kind = 'received'")
    assert event["actor"] == "cli:root"
    text = form_text(office, "receipt", code, copies=1)
    assert "NGƯỜI TIẾP NHẬN HỒ SƠ" in text and "root" not in text
    assert text.rstrip().endswith("(Ký và ghi rõ họ tên)")  # a blank line to sign on
    office.set_setting("office.receiving_officer", "Vũ Thị Mai")
    assert "Vũ Thị Mai" in form_text(office, "receipt", code, copies=1)
    for name, text in every_form(office, code).items():
        assert "root" not in text, name


def test_signed_letters_carry_the_full_body_name_and_symbols(office):
    code = receive(office, copies_request(), actor="canbo1").code
    start(office, code, actor="canbo1")
    late = office.now() + timedelta(days=7)
    apologise(
        office,
        code,
        reason="Chờ xác minh",
        new_due=late.replace(hour=10, minute=0),
        actor="canbo1",
    )
    texts = every_form(office, code)
    letters = ("tt01-2018/apology", "tt03-2025/apology", "tt03-2025/stop", "tt03-2025/fee_receipt")
    for name in letters:
        lines = [line.strip() for line in texts[name].splitlines()]
        assert lines[:2] == ["ỦY BAN NHÂN DÂN", "XÃ THỬ NGHIỆM"], name  # full name, no parent
        assert "UBND XÃ" not in texts[name] and "UBND TỈNH" not in texts[name], name
    assert "/PXL-UBND" in texts["tt01-2018/apology"]
    assert "/UBND-VP" in texts["tt03-2025/apology"]
    assert "/TB-UBND" in texts["tt03-2025/stop"]
    assert "TM. ỦY BAN NHÂN DÂN" in texts["tt03-2025/apology"]
    # The desk's own forms may keep the parent line short.
    lines = [line.strip() for line in texts["tt03-2025/receipt"].splitlines()]
    assert lines[:2] == ["UBND XÃ THỬ NGHIỆM", "BỘ PHẬN MỘT CỬA"]


def test_control_slip_names_the_real_agency_and_lists_only_real_hand_overs(office):
    code = receive(office, copies_request(), actor="canbo1").code
    start(office, code, actor="canbo1")
    apologise(
        office,
        code,
        reason="Chờ xác minh",
        new_due=(office.now() + timedelta(days=7)).replace(hour=10, minute=0),
        actor="canbo1",
    )
    text = flat(form_text(office, "control", code))
    assert "Cơ quan (bộ phận) giải quyết hồ sơ: Ủy ban nhân dân xã Thử Nghiệm" in text
    assert "cấp xã" not in text  # never the catalog's description
    assert text.count("Nhận: Ủy ban nhân dân xã Thử Nghiệm") == 1  # the apology moved nothing


def test_book_names_the_agency_uses_short_names_and_numbers_per_unit(office):
    first = receive(office, copies_request(), actor="canbo1")
    land = receive(
        office, {"procedure": "XA-DD-01", "applicant": person(), "fee": 100000}, actor="canbo1"
    )
    refused = receive(office, copies_request(), actor="canbo1")
    refuse(office, refused.code, reason="Bản chính bị tẩy xóa", actor="canbo1")
    # A desk set up again (a new station) goes on with the unit's numbers.
    station = {**office.station, "id": "0190ffff-0000-7000-8000-00000000feed"}
    office.set_setting("station", station)
    again = receive(office, copies_request(), actor="canbo1")
    assert [first.book_number, land.book_number, refused.book_number, again.book_number] == [
        1,
        2,
        3,
        4,
    ]
    day = office.now().date()
    text = flat(text_of(render_book(office, day, day)))
    assert "Chứng thực bản sao" in text
    assert "Chứng thực bản sao từ bản chính giấy tờ" not in text  # the short name
    assert "Chủ tịch UBND xã Thử Nghiệm" in text  # the office by its short name here
    assert "cấp xã" not in text


def test_statutory_extension_chosen_at_intake(office):
    request = {
        "procedure": "1.000894",
        "applicant": person(),
        "extension": {"days": 5, "reason": "Cần xác minh điều kiện kết hôn của bên nữ"},
    }
    dossier = receive(office, request, actor="canbo1")
    received = dossier.received_at  # Wednesday 25/11/2026 09:30
    assert dossier.due_at == datetime(2026, 12, 2, 17, 0, tzinfo=VN_TZ)  # 26,27,30,1,2
    assert dossier.due_at > received and dossier.apology is None
    assert dossier.extension is not None and dossier.extension.days == 5
    text = flat(form_text(office, "receipt", dossier.code, copies=1))
    assert "3. Thời gian giải quyết hồ sơ theo quy định là: 05 ngày làm việc" in text
    assert "Cần xác minh điều kiện kết hôn của bên nữ" in text
    assert "Luật Hộ tịch 60/2014/QH13, Điều 18 khoản 2" in text
    assert "02 tháng 12 năm 2026" in text
    assert "XIN LỖI" not in text


@pytest.mark.parametrize(
    ("procedure", "extension", "message"),
    [
        ("1.000894", {"days": 6, "reason": "Cần xác minh"}, "từ 1 đến 5"),
        ("1.001193", {"days": 2, "reason": "Cần xác minh"}, "Mẫu 04"),
        ("1.000894", {"days": 5}, "lý do kéo dài"),
        ("1.000894", {"days": "năm", "reason": "x"}, "số nguyên"),
    ],
)
def test_extensions_the_catalog_does_not_allow_are_refused(office, procedure, extension, message):
    request = {"procedure": procedure, "applicant": person(), "extension": extension}
    with pytest.raises(InvalidInput, match=message):
        receive(office, request, actor="canbo1")
    assert office.scalar("SELECT COUNT(*) FROM dossiers") == 0


def test_no_fee_receipt_for_a_free_procedure(office):
    code = receive(office, {"procedure": "1.001193", "applicant": person()}, actor="canbo1").code
    with pytest.raises(InvalidInput, match="không thu phí, lệ phí"):
        render_dossier_form(office, "fee_receipt", code, actor="canbo1")
    assert office.scalar("SELECT COUNT(*) FROM fee_receipts") == 0


def test_fee_receipt_separates_phi_and_le_phi(office):
    copies = receive(office, copies_request(), actor="canbo1").code
    status = receive(office, {"procedure": "1.004873", "applicant": person()}, actor="canbo1")
    phi = flat(form_text(office, "fee_receipt", copies, actor="canbo1"))
    assert "BIÊN LAI THU PHÍ, LỆ PHÍ" in phi
    assert "Tên loại phí, lệ phí: Phí chứng thực bản sao từ bản chính" in phi
    assert "Cách tính: 3 trang × 3 bản" in phi
    assert "Phí: 15.000 đồng Lệ phí: Không" in phi
    assert "Mẫu số: 01BLP0-001" in phi and "Ký hiệu: TN-26P" in phi and "Số: 0000001" in phi
    le_phi = flat(form_text(office, "fee_receipt", status.code, actor="canbo1"))
    assert "Tên loại phí, lệ phí: Lệ phí hộ tịch" in le_phi
    assert "Phí: Không Lệ phí: 15.000 đồng" in le_phi
    assert "Số: 0000002" in le_phi
    # A reprint shows the number given the first time.
    assert "Số: 0000001" in flat(form_text(office, "fee_receipt", copies, actor="canbo1"))


def test_receipt_copies_and_desk_name_as_the_office_sets(office):
    code = receive(office, copies_request(), actor="canbo1").code
    pages = text_of(render_dossier_form(office, "receipt", code)).split("GIẤY TIẾP NHẬN")
    assert len(pages) == 3  # two liên by default
    text = flat(form_text(office, "receipt", code))
    assert "(Liên 1: Lưu tại Bộ phận Một cửa)" in text
    assert "(Liên 2: Giao người nộp hồ sơ)" in text
    office.set_setting("office.receipt_copies", 1)
    office.set_setting("office.desk_name", "Trung tâm Phục vụ hành chính công xã Thử Nghiệm")
    text = flat(form_text(office, "receipt", code))
    assert "Liên" not in text
    assert "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG XÃ THỬ NGHIỆM" in text
    assert "khi đó Trung tâm Phục vụ hành chính công xã Thử Nghiệm sẽ báo" in text
