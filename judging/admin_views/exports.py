"""Secretariat downloads of a round: raw scores CSV, results CSV and XLSX.

The rows are built by judging/services/exports.py; this view checks the role before any byte
is streamed (a generator's own check would only run mid-response) and picks the
file. Judges get 403 from SecretariatRequiredMixin."""

import io

from django.http import Http404, HttpResponse
from django.views import View

from judging.models import RoundResult
from judging.services import exports

from .base import RoundMixin

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def filename(round, name):
    return f"{round.competition.slug}-babak-{round.order}-{name}"


class ExportView(RoundMixin, View):
    """``?gaya=data`` gives the machine-readable CSV; the default is the committee's
    (headers in the user's language, ``;`` and decimal commas, local time)."""

    def get(self, request, pk, kind):
        round = self.get_round()
        user = request.user
        style = exports.STYLES.get(request.GET.get("gaya"), exports.COMMITTEE)
        if kind == "nilai-mentah.csv":
            return exports.streaming_response(
                exports.raw_score_csv(round=round, user=user, style=style),
                filename=filename(round, kind))
        if kind not in ("hasil.csv", "hasil.xlsx"):
            raise Http404
        result = RoundResult.objects.current().filter(round=round).first()
        if result is None:
            raise Http404("This round has no result yet.")
        if kind == "hasil.csv":
            return exports.streaming_csv_response(
                exports.result_rows(result=result, user=user), filename=filename(round, kind),
                style=style)
        out = io.BytesIO()
        exports.write_results_xlsx(result=result, user=user, out=out)
        response = HttpResponse(out.getvalue(), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{filename(round, kind)}"'
        return response
