"""The chart of trust over time on the Person page: server-rendered SVG, no script, no network.

:func:`layout` turns the points of a person's ``trust_over_time`` (their JSON twin's) into
coordinates; the template ``_chart.html`` draws them: a line through the trust after each
exchange, one point per exchange (a circle coloured by the conversation's verdict, a square
for an entry), the owner's threshold, and the dates along the bottom. The colours are
classes of ``app.css`` (the Content-Security-Policy allows no style attribute).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

WIDTH = 720
HEIGHT = 260
LEFT = 44
RIGHT = 16
TOP = 14
BOTTOM = 40
#: Values marked on the vertical axis.
Y_TICKS = (0, 20, 40, 60, 80, 100)
#: At most this many dates along the bottom.
X_TICKS = 5


def _x(at: datetime, first: datetime, last: datetime) -> float:
    span = (last - first).total_seconds()
    inner = WIDTH - LEFT - RIGHT
    if span <= 0:
        return LEFT + inner / 2
    return LEFT + inner * (at - first).total_seconds() / span


def _y(value: float) -> float:
    inner = HEIGHT - TOP - BOTTOM
    return TOP + inner * (1 - max(0.0, min(100.0, value)) / 100)


def layout(points: Sequence[dict[str, Any]], threshold: float) -> dict[str, Any]:
    """Where each point of ``points`` (dictionaries with ``at`` and ``trust``) goes, the line
    through them, the axes' ticks and the threshold's line, in a ``WIDTH`` × ``HEIGHT`` box."""
    if not points:
        return {"width": WIDTH, "height": HEIGHT, "points": [], "line": "", "x_ticks": []}
    times = [point["at"] for point in points]
    first, last = min(times), max(times)
    placed = [
        {
            **point,
            "x": round(_x(point["at"], first, last), 1),
            "y": round(_y(point["trust"]), 1),
        }
        for point in points
    ]
    if first == last:
        x_ticks = [{"x": placed[0]["x"], "at": first}]
    else:
        count = X_TICKS if len(points) >= X_TICKS else max(2, len(points))
        x_ticks = [
            {"x": round(_x(at, first, last), 1), "at": at}
            for at in (first + (last - first) * step / (count - 1) for step in range(count))
        ]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "bottom": HEIGHT - BOTTOM,
        "points": placed,
        "line": " ".join(f"{point['x']},{point['y']}" for point in placed),
        "y_ticks": [{"y": round(_y(value), 1), "value": value} for value in Y_TICKS],
        "x_ticks": x_ticks,
        "threshold": {"y": round(_y(threshold), 1), "value": threshold},
    }
