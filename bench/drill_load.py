"""Load drill with concurrent editing (`make drill`): readers and editors at once, nothing lost.

    .venv/bin/python -m bench.drill_load                  # 200 readers, 4 editors, 60 s
    DRILL_READERS=50 DRILL_SECONDS=20 .venv/bin/python -m bench.drill_load

gunicorn (production config and settings) on 127.0.0.1:8107 against a fresh PostgreSQL
database `nr_drill` with the demo content. Readers fetch article, home, section, tag and
search pages over keep-alive connections for DRILL_SECONDS; meanwhile four editors sign
in through the admin and save, correct, unpublish, reopen, review, schedule and publish.
Afterwards: the count of 5xx (must be 0) and of lost edits (must be 0: every accepted
save is in a revision, each article's final text is its last accepted save, every
accepted correction is there), with p50/p99 latencies, go to bench/results/.
Loopback only; exits non-zero when a promise is broken.
"""

import os
import sys
import time

from bench import drill_site as site
from bench.common import log
from bench.drill_editors import EditLog, start_editors
from bench.drill_readers import Recorder, run_readers, summarize


def main():
    readers = int(os.environ.get("DRILL_READERS", "200"))
    seconds = int(os.environ.get("DRILL_SECONDS", "60"))
    env = site.django_env()
    site.prepare(env)
    urls = site.reader_urls(env)
    pairs = site.editor_articles(env)
    server = site.server(env)
    server.start()
    recorder, edits = Recorder(), EditLog()
    try:
        log(f"load: {readers} readers over {len(urls)} pages and {len(site.EDITORS)} editors for {seconds}s")
        editors = start_editors(pairs, seconds, edits, recorder)
        run_readers(urls, concurrency=readers, seconds=seconds, recorder=recorder)
        for thread in editors:
            thread.join(timeout=30)
    finally:
        server.stop()
    readers_records = [r for r in recorder.records if not r.kind.startswith("editor")]
    editor_records = [r for r in recorder.records if r.kind.startswith("editor")]
    by_kind = {
        kind: summarize([r for r in readers_records if r.kind == kind])
        for kind in sorted({r.kind for r in readers_records})
    }
    result = {
        "drill": "load with concurrent editing",
        "when": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
        "machine": site.describe_machine(),
        "readers": readers,
        "editors": len(site.EDITORS),
        "seconds": seconds,
        "reader_summary": summarize(readers_records),
        "reader_pages": by_kind,
        "editor_summary": summarize(editor_records),
        "editor_requests": {
            kind: summarize([r for r in editor_records if r.kind == kind])
            for kind in sorted({r.kind for r in editor_records})
        },
        "edits": site.verify_edits(env, edits),
    }
    site.save("drill-load", result)
    summary, edits_result = result["reader_summary"], result["edits"]
    five = summary["5xx"] + result["editor_summary"]["5xx"]
    log(
        f"readers: {summary['requests']} requests ({summary['per_second']}/s), p50 {summary['p50_ms']} ms, "
        f"p99 {summary['p99_ms']} ms, statuses {summary['statuses']}, connection errors {summary['connection_errors']}"
    )
    log(
        f"editors: {edits_result['accepted_saves']} saves accepted, {edits_result['refused_saves']} refused "
        f"{edits_result['refused_reasons']}, {edits_result['transitions_posted']} transitions, "
        f"{edits_result['corrections_accepted']} corrections; lost edits: {edits_result['lost_edits']}"
    )
    log(f"5xx: {five}")
    ok = five == 0 and edits_result["lost_edits"] == 0 and summary["connection_errors"] == 0
    log("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
