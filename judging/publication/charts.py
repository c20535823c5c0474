"""Server-side SVG bar charts: no JavaScript, no colour needed to read them.

Each bar carries its label and its number as text, and every chart is shown next to
a table with the same figures, so the chart is never the only way to read the data.
"""

BAR_HEIGHT = 22
GAP = 8
LABEL_WIDTH = 230
VALUE_WIDTH = 48
WIDTH = 640


def bar_chart(items, *, max_bars=20):
    """Geometry for a horizontal bar chart of (label, value) pairs.

    Returns a dict the template ``judging/includes/bar_chart.html`` draws; the
    longest bar spans the plot area, the others scale to it. Only the first
    ``max_bars`` are drawn; the table alternative lists every item.
    """
    items = [(str(label), int(value)) for label, value in items]
    plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    top = max((value for _, value in items), default=0) or 1
    bars = []
    for index, (label, value) in enumerate(items[:max_bars]):
        y = index * (BAR_HEIGHT + GAP)
        width = max(round(plot * value / top), 1 if value else 0)
        bars.append({
            "label": label if len(label) <= 32 else label[:31] + "…",
            "full_label": label,
            "value": value,
            "y": y,
            "text_y": y + round(BAR_HEIGHT * 0.7),  # ints: floats get localised ("15,4")
            "width": width,
            "value_x": LABEL_WIDTH + width + 6,
        })
    return {
        "bars": bars,
        "width": WIDTH,
        "height": max(len(bars) * (BAR_HEIGHT + GAP) - GAP, BAR_HEIGHT),
        "label_width": LABEL_WIDTH,
        "label_x": LABEL_WIDTH - 8,
        "bar_height": BAR_HEIGHT,
        "items": items,
        "shown": len(bars),
        "truncated": len(items) > max_bars,
    }
