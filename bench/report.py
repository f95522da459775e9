"""The benchmark's text report and its verdict on the targets, from the result document
that bench.harness builds (the same document is saved as JSON next to the text).
"""

TARGET_SIZE = 100_000  # the archive size the targets are stated at


def targets(result):
    """The issue's targets against this run: (target, measured, verdict) rows."""
    rows = []
    for db, data in result["databases"].items():
        tp = data.get("throughput")
        if tp:
            ratios = {(r["page"], r["mode"]): r["ratio"] for r in tp["runs"]}
            for mode, floor in (("uncached", 0.20), ("cached", 0.70)):
                ratio = ratios.get(("article", mode))
                if ratio is not None:
                    rows.append((f"{db}: article {mode} >= {floor:.0%} of baseline", f"{ratio:.0%}", ratio >= floor))
            errors = sum(r["errors"] for r in tp["runs"])
            rows.append((f"{db}: zero errors under load", str(errors), errors == 0))
        queries = data.get("queries")
        if queries:
            article = next(p for p in queries["pages"] if p["page"] == "article")
            rows.append(
                (
                    f"{db}: article page <= 8 queries uncached",
                    str(article["uncached_queries"]),
                    article["uncached_queries"] <= 8,
                )
            )
            rows.append(
                (f"{db}: article page 0 queries cached", str(article["cached_queries"]), article["cached_queries"] == 0)
            )
            bad = [p["page"] for p in queries["pages"] if any(s != 200 for s in p["status"])]
            rows.append((f"{db}: every public page answers 200", ", ".join(bad) or "all 200", not bad))
        scale = data.get("scale", {})
        if TARGET_SIZE in scale:
            median = scale[TARGET_SIZE]["related"]["median_ms"]
            rows.append((f"{db}: related stories median <= 5 ms at 100 000", f"{median:.2f} ms", median <= 5))
            if db == "postgres":
                median = scale[TARGET_SIZE]["search"]["median_ms"]
                rows.append((f"{db}: search median <= 50 ms at 100 000", f"{median:.1f} ms", median <= 50))
        sizes = sorted(scale)
        if len(sizes) > 1 and sizes[-1] / sizes[0] >= 10:
            first, last = scale[sizes[0]]["related"]["median_ms"], scale[sizes[-1]]["related"]["median_ms"]
            factor, archive = last / first, sizes[-1] / sizes[0]
            limit = archive**0.5  # x100 articles must not mean x10 time
            rows.append(
                (
                    f"{db}: related stories grow far slower than the archive (x{archive:.0f} articles: < x{limit:.0f})",
                    f"x{factor:.2f}",
                    factor < limit,
                )
            )
    return rows


def baseline_runs(throughput_result):
    return sum(1 for r in throughput_result["runs"] if r["page"] == "baseline")


def report_text(result):
    lines = []
    m = result["machine"]
    lines.append(
        f"Newsroom benchmark {result['date']}  commit {result['commit']}{' (dirty tree)' if result['dirty'] else ''}"
    )
    lines.append(f"Machine: {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM, {m['os']}")
    lines.append(
        f"Python {m['python']}, Django {m.get('django')}, gunicorn {m.get('gunicorn')}, {m.get('wrk')}, "
        + ", ".join(f"{v}" for v in result["services"].values() if v)
    )
    lines.append(
        f"Load average at start {result['load_before']}, at end {result['load_after']} "
        "(other work on the machine skews the numbers)"
    )
    c = result["config"]
    lines.append(
        f"wrk: {c['threads']} threads, {c['connections']} connections, {c['duration']} s per URL and mode; "
        f"sizes {c['sizes']}; uncached = {c['uncached_means']}"
    )
    for db, data in result["databases"].items():
        lines.append("")
        lines.append(f"== {db} ({data['version']}) ==")
        for gen in data.get("generate", []):
            lines.append(
                f"generate_articles {gen['from']:,} -> {gen['to']:,}: {gen['seconds']:.1f} s "
                f"({gen['per_second']:,.0f} articles/s)"
            )
        tp = data.get("throughput")
        if tp:
            lines.append("")
            g = tp.get("gunicorn", {})
            lines.append(
                f"Throughput: gunicorn {g.get('workers')} workers x {g.get('threads')} threads "
                f"({g.get('worker_class')}); "
                f"baseline median {tp['baseline_rps']} req/s over {baseline_runs(tp)} runs "
                f"(spread {tp['baseline_spread']:.0%}); a page's ratio is to the baselines just before and after it"
            )
            lines.append(f"{'page':<10}{'mode':<10}{'req/s':>10}{'ratio':>8}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}")
            for r in tp["runs"]:
                lines.append(
                    f"{r['page']:<10}{r['mode']:<10}{r['rps']:>10.1f}{r['ratio']:>8.0%}"
                    f"{r['p50_ms']:>9.1f}{r['p99_ms']:>9.1f}{r['errors']:>8}"
                )
            odd = [f"{key}: {check['x_page_cache']}" for key, check in tp["checks"].items() if not check["as_expected"]]
            if odd:
                lines.append("X-Page-Cache not as expected: " + "; ".join(odd))
        queries = data.get("queries")
        if queries:
            lines.append("")
            lines.append(f"{'queries per page':<20}{'uncached':>10}{'cached':>8}  X-Page-Cache")
            for p in queries["pages"]:
                lines.append(
                    f"{p['page']:<20}{p['uncached_queries']:>10}{p['cached_queries']:>8}  {'/'.join(p['x_page_cache'])}"
                )
        scale = data.get("scale")
        if scale:
            lines.append("")
            lines.append(f"{'articles':>10}{'related p50':>13}{'p95':>8}{'search p50':>12}{'p95':>8}  (ms)")
            for size in sorted(scale):
                s = scale[size]
                lines.append(
                    f"{size:>10,}{s['related']['median_ms']:>13.2f}{s['related']['p95_ms']:>8.2f}"
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
                    f"related x{row['related_x']}, search x{row['search_x']}"
                )
    lines.append("")
    lines.append("Targets (issue 7)")
    for target, measured, ok in result["targets"]:
        lines.append(f"  [{'met ' if ok else 'MISS'}] {target}: {measured}")
    if result.get("notes"):
        lines.append("")
        lines.extend(f"Note: {note}" for note in result["notes"])
    return "\n".join(lines) + "\n"
