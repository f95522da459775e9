"""The harness's `admin` part: each admin page an editor uses, timed at each archive size.

    python -m bench.harness --only admin --dbs sqlite --sizes 10000,100000
    python -m bench.harness --only admin --dbs postgres --sizes 10000,1000000 --pg-url postgres://…/nr_h_million

At each size the harness runs bench.admin_pages_inproc (a signed-in editor, Django's test
client, medians) and writes <results>/admin-<db>.md: a row per page, its median time and
queries at each size, and how much the time grew from the smallest size to the largest.
"""

import json
from pathlib import Path

from bench.common import python, run

# The targets, per page, in-process.
TARGET_QUERIES = 25
TARGET_GROWTH = 1.5


def measure(env):
    out = run([python(), "-m", "bench.admin_pages_inproc"], env=env, capture=True)
    return json.loads(out.strip().splitlines()[-1])


def markdown(by_size):
    """A row per page: median ms, CPU ms (queries) at each size, and the growth of the time from first size to last."""
    sizes = sorted(by_size, key=int)
    names = list(dict.fromkeys(name for size in sizes for name in by_size[size]["pages"]))
    lines = [
        "| Page | " + " | ".join(f"{int(size):,} articles: ms, CPU ms (queries)" for size in sizes) + " | Growth |",
        "|" + " --- |" * (len(sizes) + 2),
    ]
    for name in names:
        cells, times = [], []
        for size in sizes:
            page = by_size[size]["pages"].get(name)
            if page is None:
                cells.append("—")
                continue
            over = " ⚠" if page["queries"] > TARGET_QUERIES or page["status"] != 200 else ""
            status = "" if page["status"] == 200 else f" [{page['status']}]"
            cpu = f", {page['cpu_ms']}" if "cpu_ms" in page else ""
            cells.append(f"{page['median_ms']}{cpu} ({page['queries']}){status}{over}")
            times.append(page["median_ms"])
        growth = ""
        if len(times) > 1 and times[0]:
            ratio = times[-1] / times[0]
            growth = f"{ratio:.2f}×" + (" ⚠" if ratio > TARGET_GROWTH else "")
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {growth} |")
    return "\n".join(lines) + "\n"


def write_table(results_dir, db, by_size):
    path = Path(results_dir) / f"admin-{db}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(markdown(by_size))
    return path
