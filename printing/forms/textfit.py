"""Breaking text into lines by measured width, for the canvas-drawn parts of a form.

Paragraphs in the body use platypus; the letterhead and tables draw strings themselves (so
rules sit exactly under a line, and a 1,000-row Sổ lays out in a fraction of a second), and
need this instead. A word longer than the line (a 500-character name with no space) is cut
between letters rather than running off the page.
"""

from reportlab.pdfbase.pdfmetrics import stringWidth


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Lines of `text` no wider than `width`; explicit newlines are kept."""
    lines: list[str] = []
    space = stringWidth(" ", font, size)
    for para in text.split("\n"):
        if stringWidth(para, font, size) <= width:
            lines.append(para)
            continue
        line, line_width = "", 0.0
        for word in para.split():
            word_width = stringWidth(word, font, size)
            if line and line_width + space + word_width <= width:
                line, line_width = f"{line} {word}", line_width + space + word_width
                continue
            if line:
                lines.append(line)
            if word_width <= width:
                line, line_width = word, word_width
                continue
            pieces = _cut(word, font, size, width)
            lines.extend(pieces[:-1])
            line, line_width = pieces[-1], stringWidth(pieces[-1], font, size)
        lines.append(line)
    return lines or [""]


def _cut(word: str, font: str, size: float, width: float) -> list[str]:
    """Break an over-long word after "-", "/" or "." where it can, else between letters."""
    pieces, current, current_width = [], "", 0.0
    for segment in _segments(word):
        segment_width = stringWidth(segment, font, size)
        if current and current_width + segment_width <= width:
            current, current_width = current + segment, current_width + segment_width
            continue
        if current:
            pieces.append(current)
        current, current_width = "", 0.0
        for char in segment:
            char_width = stringWidth(char, font, size)
            if current and current_width + char_width > width:
                pieces.append(current)
                current, current_width = "", 0.0
            current += char
            current_width += char_width
    pieces.append(current)
    return pieces


def _segments(word: str) -> list[str]:
    segments, start = [], 0
    for i, char in enumerate(word):
        if char in "-/." and i + 1 < len(word):
            segments.append(word[start : i + 1])
            start = i + 1
    segments.append(word[start:])
    return segments


def widest(lines: list[str], font: str, size: float) -> float:
    return max((stringWidth(line, font, size) for line in lines), default=0.0)
