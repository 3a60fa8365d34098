"""Django's Redis cache backend, keeping one client per connection pool.

Django builds a new redis.Redis around the pool for every cache call, and
building one copies its table of ~170 response callbacks: about 0.2 ms of CPU,
paid several times by every request (a page-cache hit, the rate limits and the
site settings of a comment). A client is safe to share between threads (it
takes a connection from the pool per command), so one per pool is enough.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class SharedClientCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}  # id(pool) -> the client around it

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            # Two threads may both build one at first: either will do.
            client = self._clients.setdefault(id(pool), self._client(connection_pool=pool))
        return client


class SharedClientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedClientCacheClient
