"""Số hóa: capturing a dossier's papers from a camera, the scanner's folder or files."""

from ui.scan.panel import ScanPanel

__all__ = ["ScanPanel"]
