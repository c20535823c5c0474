"""Front-end sign in and out for unit operators and agency admins."""

from django.contrib.auth import views as auth_views
from django.urls import path

urlpatterns = [
    path(
        "masuk/",
        auth_views.LoginView.as_view(template_name="registration/login.html"),
        name="login",
    ),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
]
