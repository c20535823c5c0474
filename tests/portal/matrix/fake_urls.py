"""The project's URLs plus one that the matrix has no row for (test_permission_matrix)."""

from django.http import HttpResponse
from django.urls import path

from portal.urls import urlpatterns as project_urlpatterns

urlpatterns = [
    path("rahasia/<int:pk>/", lambda request, pk: HttpResponse("rahasia"), name="rahasia"),
    *project_urlpatterns,
]
