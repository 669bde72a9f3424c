"""Finding a procedure the way an officer or a citizen types it: "chung thuc", "ĐĂNG KÝ", "2.000815".

Everything is folded (case, tone marks, đ→d), every word typed must match the start of
a word somewhere, and the ranking puts an exact code first, then names that begin with
the text, then names that contain it as a phrase, then word matches; ties keep the
catalog's order, which lists the commonest procedures first.
"""

import re
from collections.abc import Iterable

from desk.text import fold

from .model import Procedure

_WORD = re.compile(r"[0-9a-z]+")


def _words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def _has_prefix(words: list[str], token: str) -> bool:
    return any(w.startswith(token) for w in words)


def _phrase_in(phrase: list[str], words: list[str]) -> bool:
    """The typed words appear in a row; the last may be unfinished."""
    n = len(phrase)
    for i in range(len(words) - n + 1):
        window = words[i : i + n]
        if window[:-1] == phrase[:-1] and window[-1].startswith(phrase[-1]):
            return True
    return False


def _score(procedure: Procedure, query: str, tokens: list[str]) -> int:
    code = fold(procedure.code).strip()
    score = 0
    if query == code:
        score += 1000
    elif len(query) >= 3 and code.startswith(query):
        score += 400
    if not tokens:
        return score
    name = _words(procedure.name)
    short = _words(procedure.short_name)
    keywords = [_words(k) for k in procedure.keywords]
    field = _words(procedure.field)
    code_words = _words(procedure.code)
    if _phrase_in(tokens, name[: len(tokens)]):
        score += 300
    elif _phrase_in(tokens, name) or _phrase_in(tokens, short):
        score += 200
    elif any(_phrase_in(tokens, k) for k in keywords):
        score += 100
    keyword_words = [w for k in keywords for w in k]
    for token in tokens:
        if _has_prefix(name, token) or _has_prefix(short, token):
            score += 10
        elif _has_prefix(keyword_words, token):
            score += 6
        elif _has_prefix(field, token) or _has_prefix(code_words, token):
            score += 4
        elif score < 400:
            return 0  # a typed word found nowhere: not this procedure
    return score


def search(
    procedures: Iterable[Procedure], text: str, *, limit: int | None = None
) -> list[Procedure]:
    """Ranked matches; an empty query lists every procedure in catalog order."""
    items = list(procedures)
    query = " ".join(fold(text).split())
    if not query:
        return items[:limit] if limit else items
    tokens = _WORD.findall(query)
    scored = []
    for index, procedure in enumerate(items):
        score = _score(procedure, query, tokens)
        if score > 0:
            scored.append((-score, index, procedure))
    scored.sort(key=lambda row: row[:2])
    found = [row[2] for row in scored]
    return found[:limit] if limit else found
