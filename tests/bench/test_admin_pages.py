"""The bench's admin part: registered with the harness, and its table says what grew and what missed a target."""

from bench import admin_pages, harness


def page(ms, queries, status=200, cpu=None):
    result = {"address": "/admin/", "median_ms": ms, "max_ms": ms, "queries": queries, "status": status}
    if cpu is not None:
        result["cpu_ms"] = cpu
    return result


def test_the_harness_runs_the_admin_part_on_request(tmp_path):
    assert "admin" in harness.PARTS
    assert harness.parse_parts("admin,scale") == ["admin", "scale"]
    assert harness.parse_args(["--only", "admin", "--work-dir", str(tmp_path)]).work == tmp_path


def test_the_table_has_a_row_per_page_with_each_size_and_the_growth():
    table = admin_pages.markdown(
        {
            10_000: {"pages": {"article list": page(100.0, 14, cpu=80.0), "change form": page(90.0, 31)}},
            100_000: {"pages": {"article list": page(120.0, 14, cpu=85.0), "change form": page(200.0, 31, 500)}},
        }
    )
    lines = table.splitlines()
    assert lines[0] == (
        "| Page | 10,000 articles: ms, CPU ms (queries) | 100,000 articles: ms, CPU ms (queries) | Growth |"
    )
    assert "| article list | 100.0, 80.0 (14) | 120.0, 85.0 (14) | 1.20× |" in lines
    # Over 25 queries, an error, and more than 1.5 times slower are each flagged.
    assert "| change form | 90.0 (31) ⚠ | 200.0 (31) [500] ⚠ | 2.22× ⚠ |" in lines


def test_the_table_is_written_per_database(tmp_path):
    path = admin_pages.write_table(tmp_path, "sqlite", {1000: {"pages": {"tag list": page(10.0, 9)}}})
    assert path == tmp_path / "admin-sqlite.md"
    assert "| tag list | 10.0 (9) |  |" in path.read_text()
