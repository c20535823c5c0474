"""Bar charts: whole labels as page text, bars scaled to the largest value."""

from django.template.loader import render_to_string

from judging.publication.charts import SCALE, bar_chart

LONG = "Kabupaten Kepulauan Selayar, Sulawesi Selatan (daerah kepulauan)"


def test_labels_are_kept_whole_and_bars_scale_to_the_largest():
    chart = bar_chart([(LONG, 8), ("Kota Surabaya", 4), ("Kota Baru", 0)])

    assert [bar["label"] for bar in chart["bars"]] == [LONG, "Kota Surabaya", "Kota Baru"]
    assert [bar["width"] for bar in chart["bars"]] == [SCALE, SCALE // 2, 0]


def test_only_the_first_bars_are_drawn_and_the_table_keeps_all():
    chart = bar_chart([(f"P{i}", 30 - i) for i in range(25)], max_bars=20)

    assert (chart["shown"], len(chart["items"]), chart["truncated"]) == (20, 25, True)


def test_the_chart_draws_labels_and_numbers_as_page_text_not_svg_text():
    html = render_to_string("judging/includes/bar_chart.html", {
        "chart": bar_chart([(LONG, 8), ("Kota Surabaya", 4)]), "title": "Per provinsi",
        "chart_id": "c"})

    assert f'<span class="chart__label">{LONG}</span>' in html
    assert '<span class="chart__value">8</span>' in html
    assert "<text" not in html
    assert f'<rect width="{SCALE // 2}" height="10"' in html
