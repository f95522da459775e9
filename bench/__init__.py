"""The benchmark and the reliability drills, run as modules from the project folder.

    python -m bench.harness [--smoke]   # the benchmark (bench/run.sh, `make bench`)
    python -m bench.drill_load          # load with concurrent editing (`make drill`)
    python -m bench.drill_faults        # faults under load (`make drill-faults`)
    python -m bench.inproc profile /article/<slug>/

Shared pieces: bench.common (processes, environment, server, results), bench.report,
bench.throughput, bench.drill_site / drill_readers / drill_editors. As a Django app it
provides `manage.py generate_articles` (bench.generator, word lists in bench/data/) and
the /bench/baseline/ view.
"""
