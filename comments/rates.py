"""Cache-based rate limits for posting and previewing comments."""

from django.core.cache import cache

WINDOW_SECONDS = 60


def within_limit(action, who, limit):
    """Counts one more `action` by `who` in the current window; False once over `limit`."""
    key = f"comments:rate:{action}:{who}"
    if cache.add(key, 1, WINDOW_SECONDS):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # the window ended between add() and incr()
        cache.add(key, 1, WINDOW_SECONDS)
        return True
    return count <= limit
