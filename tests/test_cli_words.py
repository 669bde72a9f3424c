"""What the CLI prints is the officer's Vietnamese, never the stored words ("original",
"received", "start"); the label tables live in desk.labels for the window too."""

import json
import re

from desk.dossiers import receive, refuse, start
from desk.dossiers.lifecycle import ALLOWED
from desk.dossiers.model import Status
from desk.labels import EVENT_LABELS, PAPER_KINDS, STATUS_LABELS, paper_text
from desk.users import add_user

INTERNAL = re.compile(
    r"\b(original|certified|received|start|finish|refuse|apologise|in_progress"
    r"|supplement_requested|fee_receipt|direct|counter)\b"
)


def test_every_stored_word_has_a_label():
    assert set(STATUS_LABELS) == {s.value for s in Status}
    assert set(ALLOWED) <= set(EVENT_LABELS)
    assert paper_text("original", 3) == "Bản chính × 3"
    assert paper_text("original", 1, shown=True) == "Bản chính × 1 (xuất trình để đối chiếu)"
    assert set(PAPER_KINDS) == {"original", "certified", "photo"}


def test_dossier_show_prints_labels_and_full_names(store, cli, data_dir):
    add_user(
        store,
        username="canbo1",
        full_name="Lê Thị Thu Hà",
        role="officer",
        password="matkhau123",
        actor="test",
    )
    request = {
        "procedure": "2.000815",
        "applicant": {"name": "Trịnh Văn Long"},
        "papers": [
            {"name": "Giấy khai sinh", "kind": "original", "count": 1, "pages": 1, "shown": True},
            {"name": "Bản sao giấy khai sinh", "kind": "photo", "count": 3, "pages": 1},
        ],
        "fee_basis": {"pages": 1, "copies": 3},
    }
    code = receive(store, request, actor="canbo1").code
    start(store, code, actor="canbo1")
    out = cli("dossier", "show", code, data=data_dir).out
    assert "Bản chính × 1 (xuất trình để đối chiếu)" in out
    assert "Bản photo × 3" in out
    assert "Tiếp nhận" in out and "Chuyển giải quyết" in out
    assert "Lê Thị Thu Hà" in out
    assert "Phí: 6.000 đ" in out
    assert not INTERNAL.search(out), INTERNAL.search(out)
    assert "— photo" not in out
    data = json.loads(cli("dossier", "show", code, "--json", data=data_dir).out)
    assert data["papers"][1]["kind_label"] == "Bản photo"
    assert [e["label"] for e in data["events"]] == ["Tiếp nhận", "Chuyển giải quyết"]


def test_refused_dossiers_show_no_appointment_and_no_fee(store, cli, data_dir):
    request = {
        "procedure": "2.000884",
        "applicant": {"name": "Trịnh Văn Long"},
        "fee_basis": {"cases": 1},
    }
    code = receive(store, request, actor="t").code
    refuse(store, code, reason="Giấy tờ có nội dung trái pháp luật", actor="t")
    listed = cli("dossier", "list", data=data_dir).out
    assert "không hẹn trả" in listed and "hẹn " not in listed.replace("không hẹn trả", "")
    shown = cli("dossier", "show", code, data=data_dir).out
    assert "Không thu phí, lệ phí" in shown and "không hẹn trả" in shown
    data = json.loads(cli("dossier", "show", code, "--json", data=data_dir).out)
    assert data["fee"] == 0 and data["appointment"] is None


def test_catalog_show_names_phi_le_phi_extensions_and_shown_papers(cli, data_dir):
    out = cli("catalog", "show", "1.000894", data=data_dir).out
    assert "Kéo dài:      kéo dài 05 ngày làm việc khi: Cần xác minh" in out
    assert "Luật Hộ tịch 60/2014/QH13, Điều 18 khoản 2" in out
    assert "(xuất trình để đối chiếu)" in out
    assert "[Lệ phí]" in out
    assert "[Phí]" in cli("catalog", "show", "2.000815", data=data_dir).out
    permit = cli("catalog", "show", "XA-XD-01", data=data_dir).out
    assert "Nghị định 175/2024/NĐ-CP" in permit
    assert "cần đối chiếu" in permit
