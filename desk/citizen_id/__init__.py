"""CCCD / Căn cước QR parsing and personal ID number checks, for filling the applicant form."""

from .card import KINDS, CitizenCard, title_name
from .number import IdNumberFacts, id_number_facts, normalise_sex, validate_id_number
from .provinces import PROVINCES, province_name
from .qr import parse_cccd

__all__ = [
    "KINDS",
    "PROVINCES",
    "CitizenCard",
    "IdNumberFacts",
    "id_number_facts",
    "normalise_sex",
    "parse_cccd",
    "province_name",
    "title_name",
    "validate_id_number",
]
