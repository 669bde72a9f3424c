"""The biên lai thu phí, lệ phí: numbered per office, series and year from the settings,
refused without a series or for a free procedure, and handed to a registered e-receipt
provider through its interface (NĐ 123/2020)."""

from dataclasses import dataclass, field

import pytest

from desk import fee_receipts
from desk.dossiers import get, receive, refuse
from desk.ereceipts import EReceiptProvider, ReceiptData, RegisteredReceipt
from desk.errors import InvalidInput

SERIES = {"form": "01BLP0-001", "series": "TN-26P"}


def copies(store, actor="test", pages=2, n=1):
    request = {
        "procedure": "2.000815",
        "applicant": {"name": "Phan Thị Yến", "address": "Thôn 1"},
        "papers": [
            {
                "name": "Bằng tốt nghiệp",
                "kind": "original",
                "count": 1,
                "pages": pages,
                "shown": True,
            },
            {"name": "Bản sao bằng tốt nghiệp", "kind": "photo", "count": n, "pages": pages},
        ],
        "fee_basis": {"pages": pages, "copies": n},
    }
    return receive(store, request, actor=actor)


def test_a_blank_series_is_refused_with_what_to_set(store):
    code = copies(store).code
    with pytest.raises(InvalidInput, match="Mẫu số và Ký hiệu") as err:
        fee_receipts.issue(store, code, actor="test")
    assert "desk settings set fee_receipt" in err.value.message
    store.set_setting("fee_receipt", {"form": "01BLP0-001", "series": "  "})
    with pytest.raises(InvalidInput, match="Mẫu số và Ký hiệu"):
        fee_receipts.issue(store, code, actor="test")
    assert get(store, code).fee_receipt is None


def test_numbers_run_per_series_and_year_and_a_dossier_keeps_its_number(store, office_clock):
    store.set_setting("fee_receipt", SERIES)
    first = fee_receipts.issue(store, copies(store).code, actor="test")
    second = fee_receipts.issue(store, copies(store).code, actor="test")
    assert [first.fee_receipt.number, second.fee_receipt.number] == [1, 2]
    assert fee_receipts.issue(store, first.code, actor="test").fee_receipt.number == 1
    store.set_setting("fee_receipt", {**SERIES, "series": "TN-26Q"})
    other = fee_receipts.issue(store, copies(store).code, actor="test")
    assert (other.fee_receipt.series, other.fee_receipt.number) == ("TN-26Q", 1)
    office_clock.set("2027-01-04T08:00:00+07:00")  # a new year starts again at 1
    store.set_setting("fee_receipt", SERIES)
    new_year = fee_receipts.issue(store, copies(store).code, actor="test")
    assert new_year.fee_receipt.number == 1
    assert new_year.fee_receipt.number_text == "0000001"
    rows = store.query("SELECT series, year, number FROM fee_receipts ORDER BY rowid")
    assert [(r["series"], r["year"], r["number"]) for r in rows] == [
        ("TN-26P", 2026, 1),
        ("TN-26P", 2026, 2),
        ("TN-26Q", 2026, 1),
        ("TN-26P", 2027, 1),
    ]
    # The history and the upstream operations say so.
    kinds = {r["kind"] for r in store.query("SELECT kind FROM outbox")}
    assert "dossier.fee_receipt" in kinds


def test_first_number_continues_a_paper_book(store):
    store.set_setting("fee_receipt", {**SERIES, "first_number": 251})
    assert fee_receipts.issue(store, copies(store).code, actor="test").fee_receipt.number == 251


def test_free_and_refused_dossiers_get_no_receipt(store):
    store.set_setting("fee_receipt", SERIES)
    free = receive(store, {"procedure": "1.001193", "applicant": {"name": "Ngô An"}}, actor="t")
    with pytest.raises(InvalidInput, match="không thu phí, lệ phí"):
        fee_receipts.issue(store, free.code, actor="test")
    refused = copies(store)
    assert refused.fee > 0
    refused = refuse(store, refused.code, reason="Bản chính bị tẩy xóa", actor="test")
    assert refused.fee == 0 and refused.appointment is None
    with pytest.raises(InvalidInput):
        fee_receipts.issue(store, refused.code, actor="test")
    assert store.scalar("SELECT COUNT(*) FROM fee_receipts") == 0


def test_a_receipted_fee_stays_when_the_dossier_is_refused_later(store):
    store.set_setting("fee_receipt", SERIES)
    dossier = copies(store, n=2)
    fee_receipts.issue(store, dossier.code, actor="test")
    refused = refuse(store, dossier.code, reason="Người yêu cầu rút", actor="test")
    assert refused.fee == dossier.fee and refused.fee_receipt is not None


@dataclass
class RecordingProvider:
    """A stand-in registered provider: takes the receipt, answers with a lookup code."""

    name: str = "Nhà cung cấp thử"
    issued: list[ReceiptData] = field(default_factory=list)

    def issue(self, receipt: ReceiptData) -> RegisteredReceipt:
        self.issued.append(receipt)
        return RegisteredReceipt(self.name, f"TC-{receipt.number:07d}")

    def cancel(self, lookup_code: str, reason: str) -> None:
        raise AssertionError("not used")


def test_an_e_receipt_provider_gets_the_receipt_as_printed(store):
    store.set_setting("fee_receipt", SERIES)
    provider: EReceiptProvider = RecordingProvider()
    dossier = fee_receipts.issue(store, copies(store, n=3).code, actor="test", provider=provider)
    (sent,) = provider.issued
    assert (sent.form, sent.series, sent.number, sent.amount) == ("01BLP0-001", "TN-26P", 1, 12000)
    assert sent.category == "phi" and sent.fee_name == "Phí chứng thực bản sao từ bản chính"
    assert sent.collector == "Ủy ban nhân dân xã Thử Nghiệm"
    assert sent.payer_name == "Phan Thị Yến"
    data = store.scalar("SELECT data FROM dossiers WHERE code = ?", [dossier.code])
    assert "TC-0000001" in data


def test_the_series_is_set_and_checked_through_the_cli(cli, data_dir):
    bad = cli("settings", "set", "fee_receipt", '{"form": "01BLP0-001"}', data=data_dir)
    assert bad.code != 0 and "Ký hiệu" in bad.err
    good = cli(
        "settings",
        "set",
        "fee_receipt",
        '{"form": "01BLP0-001", "series": "TN-26P"}',
        data=data_dir,
    )
    assert good.code == 0, good.err


def test_desk_prints_the_receipt_and_refuses_it_for_a_free_procedure(
    store, cli, data_dir, tmp_path
):
    from forms_samples import flat, text_of

    store.set_setting("fee_receipt", SERIES)
    paid = copies(store, n=2).code
    free = receive(store, {"procedure": "1.000894", "applicant": {"name": "Ngô An"}}, actor="t")
    ran = cli("dossier", "fee-receipt", paid, data=data_dir)
    assert ran.code == 0 and "số 0000001" in ran.out
    out = tmp_path / "bien-lai.pdf"
    assert (
        cli("print", "form", "fee_receipt", "--dossier", paid, "-o", out, data=data_dir).code == 0
    )
    text = flat(text_of(out.read_bytes()))
    assert "Số: 0000001" in text and "Phí: 8.000 đồng" in text
    refused = cli("print", "form", "fee_receipt", "--dossier", free.code, "-o", out, data=data_dir)
    assert refused.code != 0 and "không thu phí, lệ phí" in refused.err
