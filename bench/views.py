"""The benchmark's yardstick: what Django itself costs for a trivial view in this project and server.

Routed at /bench/baseline/ only when settings.BENCH_BASELINE_VIEW is on (newsroom/urls.py);
bench/run.sh turns it on for its own server and reports every page's throughput as a
ratio to this view's.
"""

from django.http import HttpResponse


def baseline(request):
    return HttpResponse(b"ok\n", content_type="text/plain")
