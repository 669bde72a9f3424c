"""The queue: services, counters and numbered tickets (vé số thứ tự)."""

from .services import DEFAULT_SERVICES, Service, ensure_default_services, list_services, service
from .tickets import Ticket, issue, people_ahead, ticket_view

__all__ = [
    "DEFAULT_SERVICES",
    "Service",
    "Ticket",
    "ensure_default_services",
    "issue",
    "list_services",
    "people_ahead",
    "service",
    "ticket_view",
]
