import base64
from datetime import timedelta

import django_otp
import segno
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rest_framework.authtoken.models import Token

from kehoach.core.rules import may

from . import services
from .forms import OtpForm, PasswordChangeForm
from .security import token_expires_at, token_is_valid
from .selectors import notifications_for
from .services import notifications_mark_read


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


def locked_out(request, credentials=None, *args, **kwargs):
    """django-axes' answer to a locked username and address: the sign-in page saying for how long."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    cooloff = settings.AXES_COOLOFF_TIME
    last = AccessAttempt.objects.filter(username=username).order_by("-attempt_time").first()
    remaining = (last.attempt_time + cooloff - timezone.now()) if last else cooloff
    minutes = max(1, int((remaining.total_seconds() + 59) // 60)) if remaining > timedelta(0) else 1
    message = _("Tài khoản “%(username)s” đang tạm khóa vì nhập sai mật khẩu %(limit)s lần. Hãy thử lại sau "
                "%(minutes)s phút, hoặc nhờ quản trị viên mở khóa.") % {
        "username": username, "limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes}
    return render(request, "accounts/login.html", {"locked_message": message, "form": None}, status=429)


def login_otp(request):
    """The second step for accounts with TOTP on."""
    user = request.user
    if not user.is_authenticated:
        return redirect("accounts:login")
    next_url = request.POST.get("next") or request.GET.get("next") or reverse("home")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        next_url = reverse("home")
    if not user.totp_enabled or user.is_verified():
        return redirect(next_url)
    form = OtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = services.totp_verify(user=user, token=form.cleaned_data["token"])
        if device is not None:
            django_otp.login(request, device)
            return redirect(next_url)
        form.add_error("token", _("Mã xác thực không đúng hoặc đã hết hạn."))
    return render(request, "accounts/login_otp.html", {"form": form, "next": next_url},
                  status=400 if form.errors else 200)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Every user changes their own password; this session stays signed in, others and API tokens end."""

    template_name = "accounts/password_change.html"
    form_class = PasswordChangeForm
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        user = services.password_change(user=self.request.user, new_password=form.cleaned_data["new_password1"])
        update_session_auth_hash(self.request, user)
        messages.success(self.request, _("Đã đổi mật khẩu. Mã truy cập API cũ không còn dùng được."))
        return redirect(self.get_success_url())


def notifications(request):
    items = notifications_for(request.user)[:200]
    return render(request, "accounts/notifications.html", {"items": items})


@require_POST
def notifications_read(request):
    notifications_mark_read(user=request.user)
    return redirect("accounts:notifications")


def profile(request):
    token = Token.objects.filter(user=request.user).select_related("user").first()
    return render(request, "accounts/profile.html", {
        "token": token if token and token_is_valid(token) else None,
        "token_expires_at": token_expires_at(token) if token else None,
        "feed_url": request.build_absolute_uri(reverse("calendar_feed", args=[request.user.feed_token])),
    })


@require_POST
def token_create(request):
    services.token_create(user=request.user, actor=request.user)
    messages.success(request, _("Đã tạo mã truy cập API mới."))
    return redirect("accounts:profile")


@require_POST
def feed_token_rotate(request):
    services.feed_token_rotate(user=request.user)
    messages.success(request, _("Đã đổi địa chỉ lịch iCal; địa chỉ cũ không còn dùng được."))
    return redirect("accounts:profile")


def _qr_svg(data: str) -> str:
    # Drawn here (segno), inline SVG without scripts or styles: nothing comes from a CDN.
    return mark_safe(segno.make(data, error="m").svg_inline(scale=5, dark="#000", light="#fff"))  # noqa: S308


def totp_setup(request):
    if not may(request.user, "accounts.use_totp"):
        raise Http404
    if request.user.totp_enabled:
        return redirect("accounts:profile")
    try:
        device = services.totp_device_for_setup(user=request.user)
    except PermissionDenied:
        raise Http404 from None
    form = OtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = services.totp_enable(user=request.user, device=device, token=form.cleaned_data["token"])
        except ValidationError as exc:
            form.add_error("token", exc.message_dict.get("token", exc.messages))
        else:
            django_otp.login(request, device)
            messages.success(request, _("Đã bật xác thực hai bước. Từ lần đăng nhập sau, hãy nhập mã trong ứng dụng."))
            return redirect("accounts:profile")
    secret = device.bin_key
    return render(request, "accounts/totp_setup.html", {
        "form": form, "qr_svg": _qr_svg(device.config_url),
        "secret": base64.b32encode(secret).decode().rstrip("="),
    }, status=400 if form.errors else 200)


@require_POST
def totp_disable(request):
    form = OtpForm(request.POST)
    if form.is_valid():
        try:
            services.totp_disable(user=request.user, token=form.cleaned_data["token"])
        except ValidationError:
            messages.error(request, _("Mã xác thực không đúng hoặc đã hết hạn; xác thực hai bước vẫn bật."))
        else:
            messages.success(request, _("Đã tắt xác thực hai bước."))
    else:
        messages.error(request, _("Hãy nhập mã xác thực hiện tại để tắt."))
    return redirect("accounts:profile")


def lockouts(request):
    """Administrators: who is locked out of signing in now, with a button to lift it."""
    if not may(request.user, "accounts.unlock_account"):
        raise Http404
    if request.method == "POST":
        services.lockout_release(actor=request.user, username=request.POST.get("username", ""),
                                 ip_address=request.POST.get("ip_address", ""))
        messages.success(request, _("Đã mở khóa đăng nhập cho “%(username)s”.") % {
            "username": request.POST.get("username", "")})
        return redirect("accounts:lockouts")
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    attempts = AccessAttempt.objects.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
                                            attempt_time__gte=since).order_by("-attempt_time")[:200]
    rows = [{"username": a.username, "ip_address": a.ip_address, "failures": a.failures_since_start,
             "until": a.attempt_time + settings.AXES_COOLOFF_TIME} for a in attempts]
    return render(request, "accounts/lockouts.html", {"rows": rows})
