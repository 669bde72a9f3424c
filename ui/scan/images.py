"""QImage ↔ numpy for the capture screen: BGR for the core, RGB thumbnails for the view."""

import cv2
import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage


def to_bgr(image: QImage, max_side: int | None = None) -> np.ndarray:
    """A copy of `image` as BGR uint8, shrunk (smoothly) so its long side is ≤ `max_side`."""
    if max_side and max(image.width(), image.height()) > max_side:
        image = image.scaled(
            max_side,
            max_side,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    w, h, stride = rgb.width(), rgb.height(), rgb.bytesPerLine()
    buf = np.frombuffer(rgb.constBits(), np.uint8, count=stride * h).reshape(h, stride)
    return np.ascontiguousarray(buf[:, : w * 3].reshape(h, w, 3)[..., ::-1])


def from_bgr(image: np.ndarray) -> QImage:
    return from_rgb(np.ascontiguousarray(image[..., ::-1]))


def from_rgb(image: np.ndarray) -> QImage:
    """A QImage that owns its pixels (the numpy buffer may go away)."""
    rgb = np.ascontiguousarray(image)
    h, w = rgb.shape[:2]
    return QImage(rgb.data, w, h, rgb.strides[0], QImage.Format.Format_RGB888).copy()


def jpeg(image: np.ndarray, quality: int = 92) -> bytes:
    """A camera still as the bytes kept for the draft page (runs in the background)."""
    ok, buf = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, quality])
    if not ok:
        raise ValueError("JPEG encoding failed")
    return buf.tobytes()


def load_frame(item) -> QImage:
    """A frame for a test or demo source: a QImage, a BGR array, or a path to an image."""
    if isinstance(item, QImage):
        return item
    if isinstance(item, np.ndarray):
        return from_bgr(item)
    image = QImage(str(item))
    if image.isNull():
        raise ValueError(f"cannot read frame {item}")
    return image
