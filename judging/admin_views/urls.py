"""Every admin URL of judging, mounted at /admin/ by judging/wagtail_hooks.py (Wagtail
wraps them in its admin-access check; each view checks the role it needs):

- /admin/penjurian/…     judges' assignments and score sheets, the secretariat's rounds
                         and background jobs;
- /admin/masa-sanggah/…  the objection period (announce, objections, publish the final list);
- /admin/arsip-hasil/…   importing past results.
"""

from django.urls import path

from . import (
    agencies,
    archive,
    assignments,
    conflicts,
    dashboard,
    exports,
    jobs,
    objections,
    panels,
    rounds,
    scores,
    screening,
)

app_name = "judging_admin"

urlpatterns = [
    # Judges
    path("penjurian/penugasan/", scores.MyAssignmentsView.as_view(), name="my_assignments"),
    path("penjurian/penugasan/konflik/", conflicts.DeclareConflictView.as_view(),
         name="declare_conflict"),
    path("penjurian/penugasan/<int:pk>/", scores.ScoreEntryView.as_view(), name="score_entry"),
    path("penjurian/penugasan/<int:pk>/mundur/", scores.RecuseView.as_view(), name="recuse"),
    path("penjurian/penugasan/<int:pk>/gambar/<int:number>/", scores.ProposalImageView.as_view(),
         name="proposal_image"),
    path("penjurian/penugasan/<int:pk>/dokumen/<int:number>/",
         scores.ProposalDocumentView.as_view(), name="proposal_document"),
    # Secretariat: rounds
    path("penjurian/babak/", rounds.RoundListView.as_view(), name="rounds"),
    path("penjurian/edisi/<int:pk>/rubrik-bawaan/", dashboard.DefaultRubricsView.as_view(),
         name="default_rubrics"),
    path("penjurian/babak/<int:pk>/", rounds.RoundDashboardView.as_view(),
         name="round_dashboard"),
    path("penjurian/babak/<int:pk>/panel/", panels.PanelView.as_view(), name="round_panel"),
    path("penjurian/babak/<int:pk>/penugasan-otomatis/", rounds.AssignView.as_view(),
         name="round_assign"),
    path("penjurian/babak/<int:pk>/finalisasi/", rounds.FinaliseView.as_view(),
         name="round_finalise"),
    path("penjurian/babak/<int:pk>/status/", rounds.StatusView.as_view(), name="round_status"),
    path("penjurian/babak/<int:pk>/kuota-proporsional/", rounds.QuotaProposalView.as_view(),
         name="round_quota_proposal"),
    path("penjurian/babak/<int:pk>/tutup/", rounds.CloseView.as_view(), name="round_close"),
    path("penjurian/babak/<int:pk>/pengingat/", rounds.RemindView.as_view(), name="round_remind"),
    path("penjurian/babak/<int:pk>/terbitkan/", rounds.PublishView.as_view(),
         name="round_publish"),
    path("penjurian/babak/<int:pk>/entri/<int:entry_id>/", rounds.EntryScoresView.as_view(),
         name="entry_scores"),
    path("penjurian/babak/<int:pk>/entri/<int:entry_id>/tugaskan/",
         assignments.EntryAssignView.as_view(), name="entry_assign"),
    path("penjurian/babak/<int:pk>/seleksi/", screening.ScreeningView.as_view(),
         name="screening"),
    path("penjurian/babak/<int:pk>/seleksi/<int:entry_id>/",
         screening.ScreeningDecisionView.as_view(), name="screening_decision"),
    path("penjurian/babak/<int:pk>/ekspor/<str:kind>/", exports.ExportView.as_view(),
         name="export"),
    path("penjurian/babak/<int:pk>/tugas/<str:kind>/", jobs.StartRoundJobView.as_view(),
         name="round_job"),
    # Secretariat: background jobs (finalising, exports, archive imports)
    path("penjurian/tugas/", jobs.JobListView.as_view(), name="jobs"),
    path("penjurian/tugas/<int:pk>/", jobs.JobDetailView.as_view(), name="job_detail"),
    path("penjurian/tugas/<int:pk>/status/", jobs.JobStatusView.as_view(), name="job_status"),
    path("penjurian/tugas/<int:pk>/unduh/", jobs.JobDownloadView.as_view(),
         name="job_download"),
    # Secretariat: the objection period
    path("masa-sanggah/", objections.PeriodsView.as_view(), name="objection_periods"),
    path("masa-sanggah/hasil/<int:pk>/umumkan/", objections.AnnounceView.as_view(),
         name="objection_announce"),
    path("masa-sanggah/hasil/<int:pk>/terbitkan/", objections.PublishFinalView.as_view(),
         name="objection_publish_final"),
    path("masa-sanggah/sanggahan/", objections.ObjectionListView.as_view(),
         name="objection_list"),
    path("masa-sanggah/sanggahan/<int:pk>/", objections.ObjectionDetailView.as_view(),
         name="objection_detail"),
    path("masa-sanggah/sanggahan/<int:pk>/keputusan-entri/",
         objections.EntryDecisionView.as_view(), name="objection_entry_decision"),
    path("masa-sanggah/sanggahan/<int:pk>/nilai-ulang/",
         objections.ApplyRescoreView.as_view(), name="objection_apply_rescore"),
    # Secretariat: the archive
    path("arsip-hasil/impor/", archive.archive_import_view, name="archive_import"),
    path("instansi/gabung/", agencies.agency_merge_view, name="agency_merge"),
]
