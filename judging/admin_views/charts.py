"""A small server-side SVG histogram of one judge's totals (0-100 in ten bins).

Readable without colour: every bar carries its count as text and the axis has its
bin labels; templates also show the same counts in a table.
"""

BINS = 10
WIDTH = 240
HEIGHT = 90
AXIS = 16  # room for the bin labels under the bars
TOP = 12  # room for the count above the tallest bar


def histogram_counts(totals, *, bins=BINS):
    """Counts of totals in [0,10), [10,20), ... [90,100] (100 falls in the last bin)."""
    counts = [0] * bins
    width = 100 / bins
    for total in totals:
        index = min(int(max(total, 0) // width), bins - 1)
        counts[index] += 1
    return counts


def histogram(totals, *, bins=BINS):
    """Geometry for judging/admin/includes/histogram.html."""
    counts = histogram_counts(totals, bins=bins)
    top = max(counts) or 1
    slot = WIDTH / bins
    plot = HEIGHT - AXIS - TOP
    bars = []
    for index, count in enumerate(counts):
        height = round(plot * count / top, 1)
        low = int(index * 100 / bins)
        high = int((index + 1) * 100 / bins)
        bars.append({
            "x": round(index * slot + 2, 1), "width": round(slot - 4, 1),
            "y": round(TOP + plot - height, 1), "height": height, "count": count,
            "text_x": round(index * slot + slot / 2, 1),
            "text_y": round(TOP + plot - height - 2, 1),
            "label": f"{low}–{high}", "low": low,
        })
    return {"bars": bars, "width": WIDTH, "height": HEIGHT, "axis_y": HEIGHT - AXIS,
            "label_y": HEIGHT - 4, "n": len(totals)}
