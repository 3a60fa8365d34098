from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponseRedirect, JsonResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

HEALTH_KEY = "kexue:health"


@never_cache
@require_GET
def healthz(request):
    """200 when the database and the cache answer, 503 (with which failed) otherwise."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception as error:  # noqa: BLE001 - any failure means "not healthy"
        checks["database"] = type(error).__name__
    try:
        cache.set(HEALTH_KEY, "ok", 10)
        checks["cache"] = "ok" if cache.get(HEALTH_KEY) == "ok" else "unreadable"
    except Exception as error:  # noqa: BLE001
        checks["cache"] = type(error).__name__
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503
    )


@require_GET
def switch_language(request, code):
    """Remembers the visitor's language in a cookie and goes back.

    A plain link rather than Django's set_language form: that form needs a CSRF
    token, which would keep every page from being cached for anonymous readers.
    The cookie holds only a display preference."""
    target = request.GET.get("next", "/")
    # Only a path of this site: a relative one would resolve below /lang/<code>/.
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    if code in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response
