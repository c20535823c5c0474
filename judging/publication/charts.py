"""Bar charts drawn without JavaScript, readable on a phone and without colour.

Each bar is one row of an HTML list: the label and the number are page text (the
site's font, at least 12 px, whole, wrapping between words like any other text), and
only the bar itself is an SVG rectangle that stretches to the space left. So the chart
never shrinks its text as a scaled SVG would (a 640-unit drawing on a 360 px phone
made 13 px labels about 7 px), and no label is cut short. Every chart is shown next to
a table with the same figures, so the chart is never the only way to read the data.
"""

# The bar's drawing is SCALE units wide and stretched to the row (preserveAspectRatio
# "none"); widths are whole numbers, since floats would be localised ("15,4").
SCALE = 1000


def bar_chart(items, *, max_bars=20):
    """Rows of a horizontal bar chart of (label, value) pairs, for the template
    ``judging/includes/bar_chart.html``: the longest bar spans the track, the others
    scale to it. Only the first ``max_bars`` are drawn; the table lists every item."""
    items = [(str(label), int(value)) for label, value in items]
    top = max((value for _, value in items), default=0) or 1
    bars = [
        {"label": label, "value": value,
         "width": max(round(SCALE * value / top), 1 if value else 0)}
        for label, value in items[:max_bars]
    ]
    return {
        "bars": bars,
        "scale": SCALE,
        "items": items,
        "shown": len(bars),
        "truncated": len(items) > max_bars,
    }
