"""A small line chart per outcome indicator, drawn as inline SVG by the template.

The content security policy forbids style attributes, so the chart uses SVG presentation
attributes only (stroke, fill…); this module computes the geometry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

WIDTH, HEIGHT = 360, 160
LEFT, RIGHT, TOP, BOTTOM = 52, 14, 12, 30


@dataclass
class ChartPoint:
    x: float
    y: float
    measured_on: date
    value: float


@dataclass
class Chart:
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    bottom: int = HEIGHT - BOTTOM
    points: list[ChartPoint] = field(default_factory=list)
    baseline_y: float = 0
    target_y: float = 0
    low: float = 0
    high: float = 1
    first: date | None = None
    last: date | None = None

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


def indicator_chart(indicator) -> Chart:
    values = [(v.measured_on, float(v.value)) for v in indicator.values]
    return line_chart(values, baseline=float(indicator.baseline), target=float(indicator.target))


def line_chart(values: list[tuple[date, float]], *, baseline: float, target: float) -> Chart:
    chart = Chart()
    numbers = [baseline, target, *(v for _, v in values)]
    low, high = min(numbers), max(numbers)
    if high == low:
        high = low + 1
    pad = (high - low) * 0.08
    low = 0 if low >= 0 and low - pad < 0 else low - pad
    high += pad
    chart.low, chart.high = low, high

    def y_of(value: float) -> float:
        return chart.bottom - (value - low) / (high - low) * (chart.bottom - chart.top)

    chart.baseline_y, chart.target_y = y_of(baseline), y_of(target)
    if values:
        days = [d.toordinal() for d, _ in values]
        first, last = min(days), max(days)
        span = last - first
        for measured_on, value in values:
            if span:
                x = chart.left + (measured_on.toordinal() - first) / span * (
                    chart.right - chart.left)
            else:
                x = (chart.left + chart.right) / 2
            chart.points.append(ChartPoint(x=x, y=y_of(value), measured_on=measured_on,
                                           value=value))
        chart.first, chart.last = date.fromordinal(first), date.fromordinal(last)
    return chart
