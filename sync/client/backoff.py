"""When to try again: at once after progress, else exponentially later with jitter.

A cut line that was carrying data is retried straight away (the next attempt resumes
where the last stopped); a line that makes no progress is tried after 30 s, 1, 2, 4 …
minutes, never more than 15, with full jitter so 200 desks do not knock together. It
never gives up: the status bar says since when it has been failing.
"""

import random
from collections.abc import Callable


class Backoff:
    def __init__(
        self,
        base: float = 30.0,
        cap: float = 900.0,
        *,
        after_progress: float = 1.0,
        rng: Callable[[], float] = random.random,
    ):
        self.base = base
        self.cap = cap
        self.after_progress = after_progress
        self.rng = rng
        self.failures = 0

    def success(self) -> None:
        self.failures = 0

    def failure(self, *, progress: bool = False) -> float:
        """Seconds to wait before the next attempt."""
        if progress:
            self.failures = 0
            return self.after_progress
        self.failures += 1
        ceiling = min(self.cap, self.base * 2 ** (self.failures - 1))
        return ceiling * (0.5 + 0.5 * self.rng())
