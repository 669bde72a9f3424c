"""Dossiers (hồ sơ): intake, lifecycle, queries and search."""

from .intake import receive
from .lifecycle import (
    allowed_actions,
    apologise,
    finish,
    refuse,
    request_supplement,
    return_many,
    return_result,
    start,
    stop,
    supplement,
)
from .model import Dossier, Paper, Person, Status
from .query import counts_by_status, get, get_by_id, list_dossiers, search
from .records import dossier_to_json
from .request import IntakeRequest, parse_request
from .views import VIEWS, day_summary

__all__ = [
    "VIEWS",
    "Dossier",
    "IntakeRequest",
    "Paper",
    "Person",
    "Status",
    "allowed_actions",
    "apologise",
    "counts_by_status",
    "day_summary",
    "dossier_to_json",
    "finish",
    "get",
    "get_by_id",
    "list_dossiers",
    "parse_request",
    "receive",
    "refuse",
    "request_supplement",
    "return_many",
    "return_result",
    "search",
    "start",
    "stop",
    "supplement",
]
