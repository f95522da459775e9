"""The benchmark's text report and its verdict on the targets, from the result document
that bench.harness builds (the same document is saved as JSON next to the text).
"""

PAGES = ("article", "home", "section", "tag")
# Issue 14's targets, as ratios to the bare Django view in the same run.
RATIO_FLOORS = {"as served": 0.90, "stranger cookie": 0.90, "stranger param": 0.90, "cold": 0.25}
MAX_COLD_QUERIES = 5
# After one publish, the share of cached article pages rendered in full; after one body edit,
# at most the edited story's own page (1 of N) and rounding.
MAX_RENDERED_AFTER_PUBLISH = 0.10
RELATED_MEDIAN_MS, SEARCH_MEDIAN_MS, SEARCH_P95_MS = 2, 20, 100
MAX_PAGE_GROWTH = 1.2  # the cold article page at the largest archive against the smallest
QUERY_PAGES = {"article": "article", "home": "home", "section": "section", "tag (most used)": "tag"}


def ratio_rows(db, throughput):
    rows = []
    ratios = {(row["page"], row["mode"]): row for row in throughput["rows"]}
    for mode, floor in RATIO_FLOORS.items():
        for page in PAGES:
            row = ratios.get((page, mode))
            if row:
                # Judged on the paired ratio (bench.throughput) where the run has one.
                ratio = row.get("paired_ratio") or row["ratio"]
                kind = "paired" if row.get("paired_ratio") else "bare"
                rows.append((f"{db}: {page} {mode} >= {floor:.2f}x {kind}", f"{ratio:.2f}x", ratio >= floor))
    errors = sum(row["errors"] for row in throughput["rows"])
    rows.append((f"{db}: zero errors under load", str(errors), errors == 0))
    return rows


def targets(result):
    """The issue's targets against this run: (target, measured, verdict) rows."""
    rows = []
    for db, data in result["databases"].items():
        if data.get("throughput"):
            rows += ratio_rows(db, data["throughput"])
        for page in data.get("queries", {}).get("pages", []):
            if page["page"] in QUERY_PAGES:
                count = page["uncached_queries"]
                rows.append(
                    (
                        f"{db}: {page['page']} page <= {MAX_COLD_QUERIES} queries cold",
                        str(count),
                        count <= MAX_COLD_QUERIES,
                    )
                )
        inv = data.get("invalidation")
        if inv:
            share = inv["after_publish"]["rendered"]
            rows.append(
                (
                    f"{db}: after one publish <= {MAX_RENDERED_AFTER_PUBLISH:.0%} of {inv['pages']} cached article "
                    "pages render in full",
                    f"{share:.1%}",
                    share <= MAX_RENDERED_AFTER_PUBLISH,
                )
            )
            if "edit_visible" in inv:
                rows.append((f"{db}: a publish and an edit are visible {inv['settle_seconds']} s later",
                             f"new story on home {inv['new_story_on_home']}, edit shown {inv['edit_visible']}",
                             inv["new_story_on_home"] and inv["edit_visible"]))  # fmt: skip
            share = inv["after_edit"]["rendered"]
            rows.append(
                (
                    f"{db}: after one body edit only that story's page renders (1 of {inv['pages']})",
                    f"{share:.1%}",
                    share <= 1 / inv["pages"] + 1e-9,
                )
            )
        scale = data.get("scale", {})
        sizes = sorted(scale, key=int)
        if len(sizes) > 1 and all("article_page" in scale[size] for size in sizes):
            first, last = scale[sizes[0]]["article_page"]["median_ms"], scale[sizes[-1]]["article_page"]["median_ms"]
            rows.append(
                (f"{db}: cold article page at {int(sizes[-1]):,} within x{MAX_PAGE_GROWTH} of its time at "
                 f"{int(sizes[0]):,}", f"{first:.1f} -> {last:.1f} ms (x{last / first:.2f})",
                 last <= first * MAX_PAGE_GROWTH)
            )  # fmt: skip
        if scale:
            size = max(scale, key=int)
            s = scale[size]
            median = s["related"]["median_ms"]
            rows.append(
                (f"{db}: related stories median <= {RELATED_MEDIAN_MS} ms at {int(size):,}", f"{median:.2f} ms",
                 median <= RELATED_MEDIAN_MS)
            )  # fmt: skip
            median, p95 = s["search"]["median_ms"], s["search"]["p95_ms"]
            rows.append(
                (f"{db}: search median <= {SEARCH_MEDIAN_MS} ms, p95 <= {SEARCH_P95_MS} ms at {int(size):,}",
                 f"{median:.1f} / {p95:.1f} ms", median <= SEARCH_MEDIAN_MS and p95 <= SEARCH_P95_MS)
            )  # fmt: skip
    return rows


# --- Text ------------------------------------------------------------------------------------


def load_text(load):
    return f"load average {load['before']} -> {load['after']}" if load else ""


def throughput_lines(tp):
    # Runs made before paired ratios existed read as they did.
    has_paired = any(row.get("paired_ratio") for row in tp["rows"])
    paired_text = "paired = to the bare view measured just before the load, the median over rounds; "
    paired_head = f"{'paired':>8}" if has_paired else ""
    lines = [
        f"Throughput: gunicorn {' '.join(tp['flags'])} -c {tp['config_file']} (empty), the same for every server; "
        f"wrk, {tp['rounds']} round(s) of {tp['duration']} s per load, medians; {load_text(tp.get('load'))}",
        f"Bare Django view: {tp['bare_rps']} req/s, {tp['bare_cpu_ms']} ms CPU per request (the 1.00x every "
        f"ratio is to; {paired_text if has_paired else ''}CPU ratio = the bare view's CPU per request / the load's)",
        f"{'server':<7}{'page':<18}{'mode':<17}{'req/s':>9}{'ratio':>8}{paired_head}"
        f"{'p50 ms':>9}{'p99 ms':>9}{'CPU ms':>8}{'CPU ratio':>10}{'KB':>6}{'errors':>7}  X-Page-Cache",
    ]
    for row in tp["rows"]:
        size = row.get("bytes_per_response")
        paired = f"{row['paired_ratio']:>7.2f}x" if row.get("paired_ratio") else f"{'-':>8}"
        paired = paired if has_paired else ""
        lines.append(
            f"{row['target']:<7}{row['page']:<18}{row['mode']:<17}{row['rps']:>9.1f}{row['ratio']:>7.2f}x{paired}"
            f"{row['p50_ms']:>9.1f}{row['p99_ms']:>9.1f}{row['cpu_ms_per_request'] or 0:>8.2f}"
            f"{row['cpu_ratio'] or 0:>9.2f}x{size / 1000 if size else float('nan'):>6.1f}{row['errors']:>7}  "
            f"{'/'.join(row['x_page_cache'])}"
        )
    return lines


def invalidation_lines(inv):
    settle = f"asked for again {inv['settle_seconds']} s after each change; " if "settle_seconds" in inv else ""
    lines = [f"Invalidation: {inv['pages']} article pages cached; {settle}{load_text(inv.get('load'))}"]
    for when, key in (("one publish", "after_publish"), ("one body edit", "after_edit")):
        s = inv[key]
        lines.append(
            f"  after {when}: {s['rendered']:.1%} rendered, {s['assembled']:.1%} assembled, {s['hit']:.1%} hit "
            f"(rendered as {s['rendered_as'] or '-'})"
        )
    if "edit_visible" in inv:
        lines.append(f"  new story linked from home: {inv['new_story_on_home']}; edit shown: {inv['edit_visible']}")
    return lines


def traffic_lines(tr):
    lines = [
        f"Realistic traffic: {tr['archive']:,} articles, {tr['readers']} Zipf readers + 1 crawler, {tr['seconds']} s, "
        f"{len(tr['publishes'])} publish(es), one every {tr['publish_every']} s; {load_text(tr.get('load'))}",
        f"{'clients':<10}{'requests':>10}{'req/s':>9}{'hit':>7}{'assembled':>11}{'p50 ms':>9}{'p99 ms':>9}"
        f"{'CPU ms/req':>12}  statuses",
    ]
    for name, key in (("all", "all"), ("readers", "readers_only"), ("crawler", "crawler")):
        s = tr[key]
        lines.append(
            f"{name:<10}{s['requests']:>10}{s['rps'] or 0:>9.1f}{s['hit_ratio'] or 0:>7.1%}"
            f"{s['assembled_ratio'] or 0:>11.1%}{s['p50_ms'] or 0:>9.1f}{s['p99_ms'] or 0:>9.1f}"
            f"{(s['cpu_ms_per_request'] if s['cpu_ms_per_request'] is not None else float('nan')):>12.2f}  "
            f"{s['statuses']}"
        )
    return lines


def scale_lines(data):
    lines = [f"{'articles':>10}{'cold article p50':>18}{'related p50':>13}{'p95':>8}{'search p50':>12}{'p95':>8}  (ms)"]
    for size in sorted(data["scale"], key=int):
        s = data["scale"][size]
        page = s.get("article_page", {}).get("median_ms")
        lines.append(
            f"{int(size):>10,}{page if page is not None else float('nan'):>18.1f}"
            f"{s['related']['median_ms']:>13.2f}{s['related']['p95_ms']:>8.2f}"
            f"{s['search']['median_ms']:>12.1f}{s['search']['p95_ms']:>8.1f}"
            + (
                f"  (search: time budget ran out after {s['search']['n']} calls)"
                if s["search"].get("budget_exhausted")
                else ""
            )
        )
    for row in data.get("growth", []):
        lines.append(
            f"  {row['from']:,} -> {row['to']:,} (x{row['archive_x']:g} articles): "
            f"cold article page x{row.get('article_page_x')}, related x{row['related_x']}, search x{row['search_x']}"
        )
    return lines


def template_lines(templates):
    lines = [
        "templates, cold, in-process: the same page and context rendered by each engine "
        f"({load_text(templates.get('load'))})",
        f"{'page':<12}{'Django p50':>11}{'Jinja2 p50':>11}{'saved':>8}{'of a cold request':>19}  (ms)",
    ]
    for page in templates["pages"]:
        name = "home" if page["path"] == "/" else page["path"].strip("/").split("/")[0]
        if not page["same_page"]:
            lines.append(f"{name:<12}  the translation wrote another page: {page['difference']}")
            continue
        lines.append(
            f"{name:<12}{page['django']['median_ms']:>11.2f}{page['jinja2']['median_ms']:>11.2f}"
            f"{page['saved_ms']:>8.2f}{page['saved_share_of_cold_request']:>18.0%} of {page['cold_request_cpu_ms']:.1f}"
        )
    return lines


def report_text(result):
    m = result["machine"]
    c = result["config"]
    lines = [
        f"Newsroom benchmark {result['date']}  commit {result['commit']}{' (dirty tree)' if result['dirty'] else ''}",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM, {m['os']}",
        f"Python {m['python']}, Django {m.get('django')}, gunicorn {m.get('gunicorn')}, {m.get('wrk')}, "
        + ", ".join(f"{v}" for v in result["services"].values() if v),
        f"Load average at start {result['load_before']}, at end {result.get('load_after')} "
        "(other work on the machine skews absolute figures; ratios are within one run)",
        f"Parts {', '.join(c['parts'])}; sizes {c['sizes']}; wrk {c['threads']} threads x {c['connections']} "
        "connections",
    ]
    for db, data in result["databases"].items():
        lines += ["", f"== {db} ({data['version']}), archive {data.get('archive', 0):,} articles =="]
        for gen in data.get("generate", []):
            lines.append(
                f"generate_articles {gen['from']:,} -> {gen['to']:,}: {gen['seconds']:.1f} s "
                f"({gen['per_second']:,.0f} articles/s)"
            )
        if data.get("throughput"):
            lines += ["", *throughput_lines(data["throughput"])]
        queries = data.get("queries")
        if queries:
            lines += ["", f"{'queries per page':<20}{'cold':>6}{'cached':>8}  X-Page-Cache"]
            for p in queries["pages"]:
                lines.append(
                    f"{p['page']:<20}{p['uncached_queries']:>6}{p['cached_queries']:>8}  {'/'.join(p['x_page_cache'])}"
                )
        if data.get("templates"):
            lines += ["", *template_lines(data["templates"])]
        if data.get("invalidation"):
            lines += ["", *invalidation_lines(data["invalidation"])]
        if data.get("traffic"):
            lines += ["", *traffic_lines(data["traffic"])]
        if data.get("scale"):
            lines += ["", *scale_lines(data)]
    lines += ["", "Targets (issue 14)"]
    lines += [f"  [{'met ' if ok else 'MISS'}] {target}: {measured}" for target, measured, ok in result["targets"]]
    if result.get("notes"):
        lines.append("")
        lines.extend(f"Note: {note}" for note in result["notes"])
    return "\n".join(lines) + "\n"
