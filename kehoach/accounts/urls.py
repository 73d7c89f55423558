from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("login/otp/", views.login_otp, name="login_otp"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
    path("profile/", views.profile, name="profile"),
    path("profile/token/", views.token_create, name="token_create"),
    path("profile/feed-token/", views.feed_token_rotate, name="feed_token_rotate"),
    path("profile/totp/", views.totp_setup, name="totp_setup"),
    path("profile/totp/disable/", views.totp_disable, name="totp_disable"),
    path("lockouts/", views.lockouts, name="lockouts"),
]
