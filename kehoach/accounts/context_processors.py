from .selectors import unread_count


def notifications(request):
    """The unread count, read once a request: the panels other apps add to a page render their own
    templates with the request, and each would otherwise count again."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    if not hasattr(request, "_unread_notifications"):
        # Counted with the user when the session's user was loaded (accounts.backends), else here.
        counted = getattr(user, "unread_notifications", None)
        request._unread_notifications = unread_count(user) if counted is None else counted
    return {"unread_notifications": request._unread_notifications}
