from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rest_framework.authtoken.models import Token

from . import services
from .selectors import notifications_for


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


def notifications(request):
    items = notifications_for(request.user)[:200]
    return render(request, "accounts/notifications.html", {"items": items})


@require_POST
def notifications_read(request):
    services.notifications_mark_read(user=request.user)
    return redirect("accounts:notifications")


def profile(request):
    token = Token.objects.filter(user=request.user).first()
    return render(request, "accounts/profile.html", {"token": token})


@require_POST
def token_create(request):
    services.token_create(user=request.user, actor=request.user)
    messages.success(request, _("Đã tạo mã truy cập API mới."))
    return redirect("accounts:profile")
