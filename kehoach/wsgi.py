import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kehoach.settings")
application = get_wsgi_application()


def _warm_up() -> None:
    """Import the URL configuration and every view now rather than on the first request: with gunicorn's
    --preload (`kehoach serve`) that happens once in the master and the workers share it. No database
    connection may be open when the master forks."""
    from django.db import connections
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (imports the views)
    connections.close_all()


_warm_up()
