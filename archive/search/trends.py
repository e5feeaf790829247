"""How often something was said, per year or month: counts and an SVG bar chart."""

from dataclasses import dataclass, field

from haystack.inputs import Exact

SERIES_LIMIT = 5
PALETTE = ["#0b6bcb", "#c2410c", "#15803d", "#7c3aed", "#b91c1c"]
CHART_WIDTH, CHART_HEIGHT, AXIS = 720, 260, 36
MAX_BAR = 48  # a lone year should not become a wall of colour


@dataclass
class Series:
    label: str
    counts: dict  # bucket -> count
    colour: str = PALETTE[0]


@dataclass
class Trend:
    buckets: list
    series: list = field(default_factory=list)

    @property
    def total(self):
        return sum(sum(s.counts.values()) for s in self.series)

    @property
    def peak(self):
        return max([c for s in self.series for c in s.counts.values()] or [0])

    def rows(self):
        """(bucket, [(series label, count)]) for the table under the chart."""
        return [(b, [(s.label, s.counts.get(b, 0)) for s in self.series]) for b in self.buckets]

    def bars(self):
        """Rectangles for the SVG: x, y, width, height, colour, label."""
        if not self.buckets or not self.series:
            return []
        plot_w, plot_h = CHART_WIDTH - AXIS, CHART_HEIGHT - AXIS
        slot = plot_w / len(self.buckets)
        bar_w = min(max(slot * 0.8 / len(self.series), 1), MAX_BAR)
        margin = (slot - bar_w * len(self.series)) / 2
        peak = self.peak or 1
        bars = []
        for i, bucket in enumerate(self.buckets):
            for j, series in enumerate(self.series):
                count = series.counts.get(bucket, 0)
                height = plot_h * count / peak
                bars.append({
                    "x": round(AXIS + i * slot + margin + j * bar_w, 1),
                    "y": round(plot_h - height, 1),
                    "width": round(bar_w, 1),
                    "height": round(height, 1),
                    "colour": series.colour,
                    "label": f"{series.label}: {count} in {bucket}",
                })
        return bars

    def ticks(self):
        """Bucket labels along the x axis, thinned so they do not overlap."""
        if not self.buckets:
            return []
        slot = (CHART_WIDTH - AXIS) / len(self.buckets)
        step = max(1, int(60 // slot) + 1)
        return [
            {"x": round(AXIS + i * slot + slot / 2, 1), "label": b}
            for i, b in enumerate(self.buckets) if i % step == 0
        ]


def _span(keys, by):
    """Every bucket from the first to the last, so gaps show as zero."""
    if not keys:
        return []
    if by == "year":
        years = sorted(int(k) for k in keys)
        return [f"{y:04d}" for y in range(years[0], years[-1] + 1)]
    first, last = min(keys), max(keys)
    y, m = int(first[:4]), int(first[5:])
    out = []
    while f"{y:04d}-{m:02d}" <= last:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def facet_values(sqs, field_name):
    """[(key, count)] of one facet; fetching one hit keeps Haystack from loading all."""
    sqs = sqs.facet(field_name)
    list(sqs[:1])
    return [(k, n) for k, n in sqs.facet_counts().get("fields", {}).get(field_name, []) if k]


def _counts(sqs, by):
    return dict(facet_values(sqs, by))


def build_trend(sqs, by="year", split=None):
    """Counts of `sqs` per bucket, optionally one series per top speaker/country.

    `split` is (facet field, {key: label}) when the chart is split.
    """
    if split is None:
        series = [Series("All matches", _counts(sqs, by))]
    else:
        field_name, names = split
        top = [k for k, _ in facet_values(sqs, field_name)][:SERIES_LIMIT]
        series = [
            Series(names.get(key, key), _counts(sqs.filter(**{field_name: Exact(key)}), by),
                   PALETTE[i % len(PALETTE)])
            for i, key in enumerate(top)
        ]
    keys = {k for s in series for k in s.counts}
    return Trend(_span(keys, by), series)
