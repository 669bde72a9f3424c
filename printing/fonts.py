"""The bundled Liberation Serif family, registered with reportlab once per process.

Liberation Serif has Times New Roman's metrics (what Nghị định 30/2020 expects) and every
Vietnamese letter; the base-14 fonts would print boxes for ộ, ủ, ự. reportlab subsets and
embeds a registered TTF, so the PDF prints the same on any machine.
"""

import threading
from dataclasses import dataclass
from pathlib import Path

from desk.errors import NotFound, PrinterError
from desk.paths import FONTS


@dataclass(frozen=True)
class Family:
    """reportlab names of the four faces."""

    regular: str = "DeskSerif"
    bold: str = "DeskSerif-Bold"
    italic: str = "DeskSerif-Italic"
    bold_italic: str = "DeskSerif-BoldItalic"


SERIF = Family()

_FILES = {
    SERIF.regular: "LiberationSerif-Regular.ttf",
    SERIF.bold: "LiberationSerif-Bold.ttf",
    SERIF.italic: "LiberationSerif-Italic.ttf",
    SERIF.bold_italic: "LiberationSerif-BoldItalic.ttf",
}

_lock = threading.Lock()
_registered = False


def check(directory: Path = FONTS) -> dict[str, Path]:
    """The four font files, or NotFound naming the first one that is missing."""
    paths = {name: Path(directory) / file for name, file in _FILES.items()}
    for path in paths.values():
        if not path.is_file():
            raise NotFound(
                f"Không tìm thấy tệp phông chữ {path.name} (cần để in biểu mẫu có tiếng Việt). "
                f"Hãy chép lại tệp này vào thư mục {path.parent} hoặc cài lại ứng dụng.",
                detail=str(path),
            )
    return paths


def register(directory: Path = FONTS) -> Family:
    """Register the family once; later calls return at once."""
    global _registered
    if _registered:
        return SERIF
    with _lock:
        if _registered:
            return SERIF
        from reportlab.lib.fonts import addMapping
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFError, TTFont

        paths = check(directory)
        try:
            fonts = [TTFont(name, str(path)) for name, path in paths.items()]
        except (TTFError, OSError) as exc:
            raise PrinterError(
                f"Tệp phông chữ trong {directory} bị hỏng, không đọc được: {exc}. "
                "Hãy cài lại ứng dụng.",
                detail=str(exc),
            ) from exc
        for font in fonts:
            pdfmetrics.registerFont(font)
        # <b> and <i> inside paragraphs pick the right face.
        addMapping(SERIF.regular, 0, 0, SERIF.regular)
        addMapping(SERIF.regular, 1, 0, SERIF.bold)
        addMapping(SERIF.regular, 0, 1, SERIF.italic)
        addMapping(SERIF.regular, 1, 1, SERIF.bold_italic)
        _registered = True
    return SERIF
