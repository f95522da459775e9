"""The latest-stories placeholder a cached article page carries, and how the list is put in."""

from articles import fragments

FRAGMENT = {"content": b"<ul>any</ul>", "without": {"story-a": b"<ul>not a</ul>"}}


def placeholder(slug):
    return fragments.PLACEHOLDER.format(slug=slug).encode()


def test_a_page_gets_the_list_made_for_it():
    page = b"<main>" + placeholder("story-a") + b"</main>"
    assert fragments.has_placeholder(page)
    assert fragments.fill(page, FRAGMENT) == b"<main><ul>not a</ul></main>"


def test_a_page_the_fragment_has_no_list_for_gets_the_list_for_any_page():
    page = placeholder("older-story") + b"<p>after</p>"
    assert fragments.fill(page, FRAGMENT) == b"<ul>any</ul><p>after</p>"


def test_every_placeholder_is_filled_and_everything_else_kept():
    page = b"1" + placeholder("story-a") + b"2" + placeholder("") + b"3"
    assert fragments.fill(page, FRAGMENT) == b"1<ul>not a</ul>2<ul>any</ul>3"


def test_a_page_without_a_placeholder_is_unchanged():
    page = b"<p>no list here <!-- a comment --></p>"
    assert not fragments.has_placeholder(page)
    assert fragments.fill(page, FRAGMENT) is page


def test_something_that_only_looks_like_a_placeholder_is_left_alone():
    odd, unclosed = b"<!--latest-stories:not a slug!-->", b"<!--latest-stories:unclosed"
    assert fragments.fill(odd + placeholder("story-a") + unclosed, FRAGMENT) == odd + b"<ul>not a</ul>" + unclosed


def test_a_placeholder_after_an_unclosed_lookalike_is_still_filled():
    page = b"<!--latest-stories:" + placeholder("story-a")
    assert fragments.fill(page, FRAGMENT) == b"<!--latest-stories:<ul>not a</ul>"
