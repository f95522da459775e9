"""Precise invalidation (bench.invalidation): the share of cached pages one change made render again."""

from bench.invalidation import shares


def test_pages_answered_from_cached_parts_are_counted_apart_from_full_renders():
    result = shares(["hit"] * 7 + ["assembled"] * 2 + ["miss"])

    assert result == {"pages": 10, "hit": 0.7, "assembled": 0.2, "rendered": 0.1, "rendered_as": {"miss": 1}}


def test_any_answer_but_hit_or_assembled_is_a_render_and_says_which():
    result = shares(["bypass", "", "miss", "hit"])

    assert result["rendered"] == 0.75
    assert result["rendered_as"] == {"(none)": 1, "bypass": 1, "miss": 1}


def test_no_pages_no_shares():
    assert shares([])["rendered"] is None
