"""What the counter and the kiosk print, as one call each: render, queue, try once.

Every job goes through the print queue first, so whatever happens at the printer
the ticket or receipt is kept and can be printed again. Used by the window and by
`desk print …` alike.
"""

from dataclasses import dataclass

from desk.errors import InvalidInput
from printing import queue

DEFAULT_WIDTH = 576


@dataclass(frozen=True)
class Printed:
    job: queue.Job
    detail: str = ""  # the ticket label, the form's title…

    @property
    def ok(self) -> bool:
        return self.job.status == "done"


def printer_for(store, role: str, printer: str | None = None) -> str:
    """The address given, else the office's printer for that role (a4, receipt, ticket).

    An address given empty (`--printer ""`) is a mistake to say, not a reason to print on
    the default printer instead."""
    if printer is not None:
        if not printer.strip():
            raise InvalidInput(
                "Địa chỉ máy in trống. Hãy nhập địa chỉ, ví dụ tcp://192.168.1.50:9100, "
                "hoặc bỏ --printer để dùng máy in đã đặt trong thiết lập."
            )
        chosen = printer.strip()
    else:
        chosen = (store.setting(f"printers.{role}") or "").strip()
    if not chosen:
        names = {"a4": "máy in A4", "receipt": "máy in biên nhận", "ticket": "máy in vé"}
        raise InvalidInput(
            f"Chưa đặt {names.get(role, role)}; dùng --printer hoặc 'desk settings set printers.{role} …'."
        )
    # Checked before a ticket is issued or a form rendered: nothing is made for nothing.
    return queue.check_printer(chosen, store.data_dir)


def thermal_width(store, printer: str, width: int | None = None) -> int:
    from printing.devices import parse_printer_uri
    from printing.thermal import WIDTHS

    if width is None and not printer.startswith("qt:"):
        width = parse_printer_uri(printer).width
    width = width or store.setting("printers.thermal_width") or DEFAULT_WIDTH
    if width not in WIDTHS:
        raise InvalidInput(
            f"Khổ in nhiệt phải là một trong {', '.join(map(str, WIDTHS))} điểm, không phải {width}."
        )
    return width


def _run(store, job: queue.Job, sender) -> queue.Job:
    return queue.attempt(store, job.id, sender)


def print_ticket(
    store, service_code=None, *, printer=None, width=None, priority=False, sender=None, actor=""
):
    """Issue the next number of the service and print its ticket."""
    from desk.queue import issue, ticket_view
    from printing.thermal import TicketView, ticket_bytes

    address = printer_for(store, "ticket", printer)
    dots = thermal_width(store, address, width)
    ticket = issue(store, service_code, priority=priority)
    data = ticket_bytes(TicketView(**ticket_view(store, ticket)), dots)
    job = queue.submit(
        store,
        kind="ticket",
        title=f"Vé số {ticket.label}",
        data=data,
        mime=queue.ESCPOS,
        printer=address,
        ref=ticket.id,
        actor=actor,
    )
    return Printed(_run(store, job, sender), ticket.label)


def print_slip(store, code: str, *, printer=None, width=None, sender=None, actor=""):
    from desk.dossiers import get
    from printing.thermal import slip_bytes

    dossier = get(store, code)
    address = printer_for(store, "receipt", printer)
    data = slip_bytes(dossier, store.office(), thermal_width(store, address, width))
    job = queue.submit(
        store,
        kind="slip",
        title=f"Biên nhận {dossier.code}",
        data=data,
        mime=queue.ESCPOS,
        printer=address,
        ref=dossier.code,
        actor=actor,
    )
    return Printed(_run(store, job, sender), dossier.code)


def print_test(store, *, printer=None, width=None, sender=None, actor=""):
    from printing.thermal import test_page

    address = printer_for(store, "ticket", printer)
    data = test_page(thermal_width(store, address, width), when=store.now())
    job = queue.submit(
        store,
        kind="test",
        title="Trang in thử",
        data=data,
        mime=queue.ESCPOS,
        printer=address,
        actor=actor,
    )
    return Printed(_run(store, job, sender), "Trang in thử")


def render_dossier_form(
    store, form: str, code: str, *, template_set=None, copies=None, officer=None, actor=""
) -> bytes:
    """One form of a dossier as PDF bytes, printed now.

    `officer` is the full name of the officer the window knows is acting; without it the
    form names who received the dossier (by full name), the office's receiving officer, or
    leaves the signature line. A fee receipt gets its number first (desk.fee_receipts),
    once: a reprint shows the same number.
    """
    from desk.dossiers import get
    from desk.officers import full_name
    from printing.forms import render_form
    from printing.forms.templates import get_set, template_set_for

    dossier = get(store, code)
    chosen = template_set or store.setting("forms.template_set") or None
    tpl = get_set(chosen or template_set_for(dossier.received_at)).resolve(form)
    if tpl.id == "fee_receipt":
        from desk.fee_receipts import issue

        dossier = issue(store, code, actor=actor or "system", officer=officer)
    if not officer and not dossier.receiver_name:
        officer = full_name(store, dossier.receiver)  # recorded before names were kept
    # An office may pin a form set ("forms.template_set"); otherwise the received date decides.
    return render_form(
        form,
        dossier,
        store.office(),
        template_set=chosen,
        officer=officer,
        copies=copies,
        printed_at=store.now(),
    )


def render_book(store, date_from, date_to) -> bytes:
    """Sổ theo dõi hồ sơ: every dossier received in [date_from, date_to] (dates, inclusive)."""
    from datetime import timedelta

    from desk import clock
    from desk.dossiers import get_by_id
    from printing.forms import render_book as draw

    if date_to < date_from:
        raise InvalidInput("Ngày kết thúc phải sau ngày bắt đầu.")
    start = clock.to_vn(clock.parse(date_from.isoformat()))
    end = clock.to_vn(clock.parse((date_to + timedelta(days=1)).isoformat()))
    rows = store.query(
        "SELECT id FROM dossiers WHERE received_at >= ? AND received_at < ? ORDER BY received_at, rowid",
        [clock.iso(start), clock.iso(end)],
    )
    return draw(
        [get_by_id(store, r["id"]) for r in rows],
        store.office(),
        date_from,
        date_to,
        printed_at=store.now(),
    )


def print_pdf(
    store,
    data: bytes,
    *,
    title: str,
    ref: str = "",
    kind: str = "form",
    printer=None,
    sender=None,
    actor="",
):
    address = printer_for(store, "a4", printer)
    job = queue.submit(
        store,
        kind=kind,
        title=title,
        data=data,
        mime=queue.PDF,
        printer=address,
        ref=ref,
        actor=actor,
    )
    return Printed(_run(store, job, sender), title)
