"""Working days, Vietnamese holidays (UTC+7 lunar) and due date-times."""

from .timelimit import LimitKind, TimeLimit

__all__ = ["LimitKind", "TimeLimit"]
