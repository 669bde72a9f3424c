"""Made-up records to print when there is no real dossier: test prints, training, benchmarks.

Every person and number here is invented.
"""

from dataclasses import replace
from datetime import datetime, timedelta

from desk.clock import VN_TZ
from desk.dossiers.model import Dossier, Person, Status
from desk.office import Office
from desk.payloads import TicketRef, ticket_payload
from printing.thermal import TicketView


def sample_office(**over) -> Office:
    """The one made-up office of test prints, tests and benchmarks."""
    office = Office(
        unit_code="000.00.19.H47",
        name="UBND xã Hòa Phú",
        parent_name="UBND tỉnh Đắk Lắk",
        place_name="Hòa Phú",
        address="Thôn 1, xã Hòa Phú, tỉnh Đắk Lắk",
        phone="0262 3123 456",
        lookup_base_url="https://dichvucong.daklak.gov.vn/tra-cuu?ma=",
        tax_code="6000123456",
        leader_name="Trần Văn Bình",
    )
    return replace(office, **over)


def sample_ticket(**over) -> TicketView:
    fields = dict(
        office_name="UBND xã Hòa Phú",
        number="A012",
        service_name="Tư pháp – Hộ tịch",
        issued_at=datetime(2026, 11, 23, 9, 30, tzinfo=VN_TZ),
        people_ahead=7,
        qr_payload=ticket_payload(
            TicketRef("000.00.19.H47", "20261123", "A012", "0190abcd-ef01-7abc-8def-0123456789ab")
        ),
        estimated_wait=timedelta(minutes=25),
        counter_hint="Quầy số 2",
    )
    fields.update(over)
    return TicketView(**fields)


def sample_dossier(**over) -> Dossier:
    dossier = Dossier(
        id="0190abcd-0000-7000-8000-000000000001",
        code="000.00.19.H47-261123-0012",
        unit_code="000.00.19.H47",
        procedure_code="1.001193",
        procedure_name="Đăng ký khai sinh",
        field="Hộ tịch",
        time_limit_text="Trong ngày",
        applicant=Person(name="Nguyễn Thị Ánh Tuyết"),
        papers=(),
        channel="direct",
        delivery="counter",
        status=Status.RECEIVED,
        received_at=datetime(2026, 11, 23, 9, 30, tzinfo=VN_TZ),
        due_at=datetime(2026, 11, 23, 16, 30, tzinfo=VN_TZ),
        fee=50000,
        fee_name="Lệ phí đăng ký hộ tịch",
        fee_category="le_phi",
        receiver="binh",
        receiver_name="Trần Văn Bình",
    )
    return replace(dossier, **over)
