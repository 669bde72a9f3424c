"""Administrative procedures (thủ tục hành chính): time limits, fees, required papers."""

from .extensions import ExtensionOption, allowed_extensions, extended_limit
from .fees import FeeKind, FeeQuote, FeeRule, PageTier
from .load import BUNDLED_PATH, bundled_catalog, load_catalog
from .model import PAPER_KINDS, Catalog, Procedure, RequiredPaper
from .money import dong_in_words, format_dong

__all__ = [
    "BUNDLED_PATH",
    "PAPER_KINDS",
    "Catalog",
    "ExtensionOption",
    "FeeKind",
    "FeeQuote",
    "FeeRule",
    "PageTier",
    "Procedure",
    "RequiredPaper",
    "allowed_extensions",
    "bundled_catalog",
    "dong_in_words",
    "extended_limit",
    "format_dong",
    "load_catalog",
]
