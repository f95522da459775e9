"""The benchmark and the reliability drills, run as modules from the project folder.

    python -m bench.harness [--smoke] [--only PARTS]   # the benchmark (bench/run.sh, `make bench`)
    python -m bench.drill_load          # load with concurrent editing (`make drill`)
    python -m bench.drill_faults        # faults under load (`make drill-faults`)
    python -m bench.inproc profile /article/<slug>/

The benchmark's parts: bench.throughput (wrk against bench.servers: the bare project in
bench/bare/, the site as served, the site cold with bench.cold_settings), bench.invalidation,
bench.traffic, bench.inproc; bench.report writes the verdict. Shared pieces: bench.common
(processes, environment, server, results), bench.drill_site / drill_readers / drill_editors.
As a Django app it provides `manage.py generate_articles` (bench.generator, word lists in
bench/data/), `manage.py publish_story` and the /bench/baseline/ view.
"""
