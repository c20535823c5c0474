"""A small server-side SVG histogram of one judge's totals (0-100 in ten bins).

Readable without colour: every bar carries its count as text and the axis has its
bin labels; templates also show the same counts in a table.
"""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

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


def histogram_html(chart, *, name, chart_id):
    """``chart`` (from ``histogram``) as the SVG and the table behind it, the markup
    judging/admin/includes/histogram.html had: built here because the round dashboard
    draws one per judge (100 at national size), and the template's loops over ten bars
    a chart were about a third of the dashboard's rendering."""
    title_id = f"hist-{chart_id}-title"
    bars = []
    for index, bar in enumerate(chart["bars"]):
        bars.append(format_html(
            '<rect class="jd-hist-bar" x="{}" y="{}" width="{}" height="{}">'
            "<title>{}: {}</title></rect>",
            bar["x"], bar["y"], bar["width"], bar["height"], bar["label"], bar["count"]))
        if bar["count"]:
            bars.append(format_html('<text class="jd-hist-text" x="{}" y="{}">{}</text>',
                                    bar["text_x"], bar["text_y"], bar["count"]))
        if index % 2 == 0:
            bars.append(format_html(
                '<text class="jd-hist-text" x="{}" y="{}" style="text-anchor:start">{}</text>',
                bar["x"], chart["label_y"], bar["low"]))
    svg = format_html(
        '<svg viewBox="0 0 {} {}" role="img" aria-labelledby="{}"><title id="{}">{}</title>'
        '{}<line class="jd-hist-axis" x1="0" y1="{}" x2="{}" y2="{}"></line></svg>',
        chart["width"], chart["height"], title_id, title_id,
        _("Distribution of the %(n)s totals submitted by %(name)s")
        % {"n": chart["n"], "name": name},
        mark_safe("".join(bars)), chart["axis_y"], chart["width"], chart["axis_y"])
    table = format_html(
        '<details><summary>{}</summary><div class="jd-scroll"><table>'
        '<caption class="w-sr-only">{}</caption>'
        '<tr><th scope="row">{}</th>{}</tr><tr><th scope="row">{}</th>{}</tr>'
        "</table></div></details>",
        _("Show as a table"),
        _("Totals by %(name)s per band of 10 points") % {"name": name},
        _("Total"), format_html_join("", '<th scope="col">{}</th>',
                                     ((bar["label"],) for bar in chart["bars"])),
        _("Entries"), format_html_join("", "<td>{}</td>",
                                       ((bar["count"],) for bar in chart["bars"])))
    return svg + table
