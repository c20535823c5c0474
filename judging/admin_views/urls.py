"""Admin URLs of the judging screens, mounted under /admin/penjurian/ by
judging/wagtail_hooks.py (Wagtail wraps them in its admin-access check)."""

from django.urls import path

from . import conflicts, exports, judge, manual_assign, screening, secretariat

app_name = "judging_admin"

urlpatterns = [
    path("penugasan/", judge.MyAssignmentsView.as_view(), name="my_assignments"),
    path("penugasan/konflik/", conflicts.DeclareConflictView.as_view(), name="declare_conflict"),
    path("penugasan/<int:pk>/", judge.ScoreEntryView.as_view(), name="score_entry"),
    path("penugasan/<int:pk>/mundur/", judge.RecuseView.as_view(), name="recuse"),
    path("penugasan/<int:pk>/gambar/<int:number>/", judge.ProposalImageView.as_view(),
         name="proposal_image"),
    path("penugasan/<int:pk>/dokumen/<int:number>/", judge.ProposalDocumentView.as_view(),
         name="proposal_document"),
    path("babak/", secretariat.RoundListView.as_view(), name="rounds"),
    path("babak/<int:pk>/", secretariat.RoundDashboardView.as_view(), name="round_dashboard"),
    path("babak/<int:pk>/penugasan-otomatis/", secretariat.AssignView.as_view(),
         name="round_assign"),
    path("babak/<int:pk>/finalisasi/", secretariat.FinaliseView.as_view(),
         name="round_finalise"),
    path("babak/<int:pk>/status/", secretariat.StatusView.as_view(), name="round_status"),
    path("babak/<int:pk>/terbitkan/", secretariat.PublishView.as_view(), name="round_publish"),
    path("babak/<int:pk>/entri/<int:entry_id>/", secretariat.EntryScoresView.as_view(),
         name="entry_scores"),
    path("babak/<int:pk>/entri/<int:entry_id>/tugaskan/", manual_assign.EntryAssignView.as_view(),
         name="entry_assign"),
    path("babak/<int:pk>/seleksi/", screening.ScreeningView.as_view(), name="screening"),
    path("babak/<int:pk>/seleksi/<int:entry_id>/", screening.ScreeningDecisionView.as_view(),
         name="screening_decision"),
    path("babak/<int:pk>/ekspor/<str:kind>/", exports.ExportView.as_view(), name="export"),
]
