"""``make bench``: seed an org, serve it, drive every SCIM hot path, print the figures.

See ``bench/RESULTS.md`` for the figures and ``python -m bench`` for the knobs
(``BENCH_N``, ``BENCH_DB``, ``BENCH_WORKERS``, ``BENCH_SECONDS``,
``BENCH_CONNECTIONS``, ``BENCH_COMPARE``, ``BENCH_MAX_REQUESTS``).
"""
