from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicSiteConfig(AppConfig):
    """The signed-out pages: public progress of the plans leadership opted in, its feed and open data."""

    name = "kehoach.publicsite"
    label = "publicsite"
    verbose_name = _("Công khai tiến độ")
