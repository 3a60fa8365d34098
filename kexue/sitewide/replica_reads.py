"""Which requests may read from a replica (kexue/db_router.py does the routing).

Public pages read by anyone, members included, may; what a visitor changes
or must see exactly never does: the admin, the account and member settings
pages, the comment endpoints, every request that is not GET or HEAD, and for
DATABASE_REPLICA_PIN_SECONDS after a visitor wrote, all of theirs (a signed
cookie says until when, so it holds on every app host and costs no query).
It lives in the composition layer because it names every app's paths.
"""

from django.conf import settings

from kexue.db_router import replica_reads

PIN_COOKIE = "kexue_primary"
PIN_SALT = "kexue.replica-pin"
PRIMARY_PREFIXES = ("/admin/", "/accounts/", "/members/settings", "/members/delete",
                    "/members/notifications", "/comments/", "/healthz", "/lang/",
                    "/subscribe/")  # fmt: skip
PUBLIC_COMMENT_PATHS = ("/comments/feed/",)


def pinned_to_primary(request):
    """The visitor wrote less than DATABASE_REPLICA_PIN_SECONDS ago."""
    value = request.get_signed_cookie(
        PIN_COOKIE, default=None, salt=PIN_SALT, max_age=settings.DATABASE_REPLICA_PIN_SECONDS
    )
    return value is not None


def may_read_replica(request):
    if request.method not in ("GET", "HEAD") or pinned_to_primary(request):
        return False
    path = request.path_info
    return path.startswith(PUBLIC_COMMENT_PATHS) or not path.startswith(PRIMARY_PREFIXES)


def pin_to_primary(response):
    response.set_signed_cookie(
        PIN_COOKIE,
        "1",
        salt=PIN_SALT,
        max_age=settings.DATABASE_REPLICA_PIN_SECONDS,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


class ReplicaReadsMiddleware:
    """Opens a replica scope for public reads; pins writers to the primary."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.DATABASE_REPLICAS:
            return self.get_response(request)
        with replica_reads(primary_only=not may_read_replica(request)) as scope:
            response = self.get_response(request)
        # A GET that wrote (an unsubscribe link, a session saved) pins too.
        if scope.wrote or request.method not in ("GET", "HEAD", "OPTIONS"):
            pin_to_primary(response)
        return response
