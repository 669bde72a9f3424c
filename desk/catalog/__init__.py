"""Administrative procedures (thủ tục hành chính): time limits, fees, required papers."""

from .fees import FeeKind, FeeQuote, FeeRule, PageTier
from .load import BUNDLED_PATH, bundled_catalog, load_catalog
from .model import PAPER_KINDS, Catalog, Procedure, RequiredPaper
from .money import dong_in_words, format_dong

__all__ = [
    "BUNDLED_PATH",
    "PAPER_KINDS",
    "Catalog",
    "FeeKind",
    "FeeQuote",
    "FeeRule",
    "PageTier",
    "Procedure",
    "RequiredPaper",
    "bundled_catalog",
    "dong_in_words",
    "format_dong",
    "load_catalog",
]
