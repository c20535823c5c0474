"""Front-end sign in and out for unit operators and agency admins, and password reset."""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from portal import accounts

urlpatterns = [
    path("masuk/", accounts.LoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("masuk/lupa-sandi/", accounts.PasswordResetView.as_view(), name="password_reset"),
    path("masuk/lupa-sandi/terkirim/",
         auth_views.PasswordResetDoneView.as_view(
             template_name="registration/password_reset_done.html"),
         name="password_reset_done"),
    path("masuk/lupa-sandi/<uidb64>/<token>/",
         auth_views.PasswordResetConfirmView.as_view(
             template_name="registration/password_reset_confirm.html",
             success_url=reverse_lazy("password_reset_complete")),
         name="password_reset_confirm"),
    path("masuk/lupa-sandi/selesai/",
         auth_views.PasswordResetCompleteView.as_view(
             template_name="registration/password_reset_complete.html"),
         name="password_reset_complete"),
]
