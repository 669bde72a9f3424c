"""Liberation Sans for thermal tickets, loaded once per size.

Vietnamese is drawn into the bitmap with this bundled font (OFL, every Vietnamese
letter), never sent as text: printer code pages cannot be trusted with it.
"""

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

from desk.errors import PrinterError
from desk.paths import FONTS


@dataclass(frozen=True)
class FontFiles:
    regular: Path = FONTS / "LiberationSans-Regular.ttf"
    bold: Path = FONTS / "LiberationSans-Bold.ttf"

    def face(self, size: int, *, bold: bool = False) -> ImageFont.FreeTypeFont:
        return _load(str(self.bold if bold else self.regular), max(6, int(size)))


SANS = FontFiles()


@lru_cache(maxsize=128)
def _load(path: str, size: int) -> ImageFont.FreeTypeFont:
    file = Path(path)
    if not file.is_file():
        raise PrinterError(
            f"Không tìm thấy tệp phông chữ {file.name} trong thư mục {file.parent} "
            "(cần để in phiếu có tiếng Việt). Hãy chép lại tệp này hoặc cài lại ứng dụng.",
            detail=str(file),
        )
    try:
        return ImageFont.truetype(path, size)
    except OSError as exc:
        raise PrinterError(
            f"Tệp phông chữ {file} bị hỏng, không đọc được. Hãy cài lại ứng dụng.",
            detail=str(exc),
        ) from exc
