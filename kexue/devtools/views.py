from django.http import HttpResponse


def bench_floor(request):
    """The cheapest page the stack can serve: no query, no template.

    Routed only when KEXUE_BENCH_FLOOR is on. It passes the same middleware as
    every page, so `make bench` can report each page's throughput as a fraction
    of what gunicorn and Django manage with nothing to do."""
    return HttpResponse("floor\n", content_type="text/plain")
