"""The article generator's word lists (bench/data/) and what a seed reproduces."""

import string
from datetime import UTC, datetime

import pytest

from bench import generator

TEMPLATE_LISTS = ["SENTENCES", "TITLES", "DEKS"]
WORD_LISTS = [
    "CONDITIONS",
    "DRUGS",
    "TOPICS",
    "POPULATIONS",
    "INSTITUTIONS",
    "JOURNALS",
    "OUTCOMES",
    "STUDY_TYPES",
    "FINDINGS",
    "EXPERTS",
    "CAVEATS",
    "SIDE_EFFECTS",
    "ADVICE",
    "SUBHEADS",
    "HEAD_TAGS",
    *TEMPLATE_LISTS,
]


def make_generator(seed, count=None):
    return generator.ArticleGenerator(
        seed,
        tag_count=generator.TAG_COUNT,
        section_weights=[section["weight"] for section in generator.SECTIONS],
        author_weights=[author["weight"] for author in generator.AUTHORS],
        reviewer_indexes=[0, 3],
        until=datetime(2026, 3, 2, 9, 30, tzinfo=UTC),
        count=count,
    )


@pytest.mark.parametrize("name", WORD_LISTS)
def test_each_word_list_is_read_from_its_data_file_without_blanks_or_repeats(name):
    words = getattr(generator, name)

    assert words == generator.words(name.lower())
    assert words and all(word == word.strip() and word for word in words)
    assert len(set(words)) == len(words)


def test_sections_and_authors_are_records_with_a_weight():
    assert {"name", "slug", "description", "weight"} <= set(generator.SECTIONS[0])
    assert {"name", "credentials", "job_title", "weight"} <= set(generator.AUTHORS[0])
    assert all(row["weight"] > 0 for row in generator.SECTIONS + generator.AUTHORS)


@pytest.mark.parametrize("name", TEMPLATE_LISTS)
def test_every_slot_a_template_names_is_known(name):
    for template in getattr(generator, name):
        slots = {field for _, field, _, _ in string.Formatter().parse(template) if field}
        assert slots <= set(generator.SLOTS), template


def test_the_order_of_the_lists_is_part_of_what_a_seed_reproduces():
    """Archives generated before and after an edit of bench/data/ differ: a benchmark compares like with like."""
    first = make_generator(1).article()

    assert first.title == "Doctors debate nivolumab for RSV after mixed trial results"
    assert first.slug == "doctors-debate-nivolumab-for-rsv-after-mixed-trial-results-35c9e9c616"
    assert first.tag_indexes == [51, 436, 23]


def test_tag_names_start_with_the_head_and_are_distinct():
    names = generator.tag_names()

    assert names[: len(generator.HEAD_TAGS)] == generator.HEAD_TAGS
    assert len(names) == generator.TAG_COUNT == len(set(names))


def test_an_archive_of_known_size_is_written_oldest_first_as_a_newsroom_writes_it():
    """Rows then lie on disk in publication order, as in a real archive, not scattered at random dates."""
    until = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    dates = [article.published_at for article in _articles(make_generator(5, count=300), 300)]
    assert dates == sorted(dates) and len(set(dates)) > 250
    assert until - dates[0] > (until - dates[-1]) * 100, "spread over the years up to now"
    assert dates == [article.published_at for article in _articles(make_generator(5, count=300), 300)]
    with pytest.raises(ValueError, match="more articles"):
        _articles(make_generator(5, count=2), 3)


def _articles(gen, count):
    return [gen.article() for _ in range(count)]
