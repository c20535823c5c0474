"""The judges' histograms of the round dashboard (judging/admin_views/charts.py): counts
per band of 10 points, drawn as an SVG with its own title and the same counts as a
table, the judge's name escaped."""

from django.utils import translation

from judging.admin_views.charts import histogram, histogram_counts, histogram_html


def test_counts_per_band_with_100_in_the_last():
    assert histogram_counts([0, 9.9, 10, 55, 99.9, 100]) == [2, 1, 0, 0, 0, 1, 0, 0, 0, 2]


def test_the_chart_and_its_table_say_the_same_counts():
    chart = histogram([35, 38, 45, 100])

    with translation.override("id"):
        html = str(histogram_html(chart, name="Ratna <Wulandari>", chart_id=7))

    assert html.count("<rect ") == 10
    assert 'aria-labelledby="hist-7-title"' in html
    assert "Sebaran 4 total nilai yang dikirim oleh Ratna &lt;Wulandari&gt;" in html
    assert "<title>30–40: 2</title>" in html
    assert "<td>0</td><td>0</td><td>0</td><td>2</td><td>1</td>" in html
    assert "<summary>Tampilkan sebagai tabel</summary>" in html
    assert "<Wulandari>" not in html
