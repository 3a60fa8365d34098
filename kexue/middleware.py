"""Response headers every page carries."""


class SecurityHeadersMiddleware:
    """Headers Django's SecurityMiddleware does not set."""

    PERMISSIONS = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.PERMISSIONS)
        return response
