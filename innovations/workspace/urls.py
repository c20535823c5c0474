"""URLs of the unit workspace, mounted at /ruang-kerja/ (and /en/ruang-kerja/)."""

from django.urls import path

from innovations.workspace import files, review, views

app_name = "workspace"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("inovasi/baru/", views.create, name="create"),
    path("inovasi/<int:pk>/", views.proposal_detail, name="proposal"),
    path("inovasi/<int:pk>/ubah/<slug:step>/", views.edit_step, name="edit"),
    path("inovasi/<int:pk>/berkas/", files.files, name="files"),
    path("inovasi/<int:pk>/berkas/gambar/<int:object_id>/hapus/", files.remove,
         {"kind": "image"}, name="remove_image"),
    path("inovasi/<int:pk>/berkas/dokumen/<int:object_id>/hapus/", files.remove,
         {"kind": "document"}, name="remove_document"),
    path("inovasi/<int:pk>/pratinjau/", views.preview, name="preview"),
    path("inovasi/<int:pk>/kirim/", views.submit, name="submit"),
    path("inovasi/<int:pk>/status/", views.status_update, name="status_update"),
    path("inovasi/<int:pk>/tarik/<int:entry_id>/", views.withdraw, name="withdraw"),
    path("tinjauan/", review.review_list, name="review_list"),
    path("tinjauan/<int:entry_id>/", review.review, name="review"),
    path("tinjauan/<int:entry_id>/teruskan/", review.forward, name="forward"),
    path("tinjauan/<int:entry_id>/kembalikan/", review.return_to_unit, name="return"),
]
