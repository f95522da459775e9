"""bench.jinja_port: the readers' Django templates as Jinja2, translated as they are loaded."""

import jinja2
import pytest

from bench import jinja_port
from bench.jinja_port import UntranslatableTemplate, expression, translate

FUNCTIONS = {"url", "static", "picture", "standing_page", "most_read"}


def test_filters_take_their_argument_in_parentheses_and_default_replaces_falsy_values():
    assert expression('story.published_at|date:"j M Y"') == 'story.published_at|date("j M Y")'
    assert expression("article.dek|truncatechars:300") == "article.dek|truncatechars(300)"
    assert expression("empty_message|default:'No stories yet.'") == "empty_message|default('No stories yet.', true)"
    assert expression('note|date:"H:i"|linebreaksbr') == 'note|date("H:i")|linebreaksbr'


def test_forloop_and_block_super_become_their_jinja2_names():
    assert expression("forloop.last") == "loop.last"
    assert expression("forloop.counter0") == "loop.index0"
    assert expression("forloop.revcounter") == "loop.revindex"
    assert expression("block.super") == "super()"


def test_control_tags_translate_and_load_is_dropped():
    source = (
        "{% load html_dates %}{% if a and not b.c|length %}x{% elif d == 2 %}y{% else %}z{% endif %}"
        "{% for k, v in pairs %}{% if forloop.first %}{{ k }}{% endif %}{% endfor %}"
        "{% comment %}why{% endcomment %}"
    )
    assert translate(source, FUNCTIONS) == (
        "{% if a and not b.c|length %}x{% elif d == 2 %}y{% else %}z{% endif %}"
        "{% for k, v in pairs %}{% if loop.first %}{{ k }}{% endif %}{% endfor %}"
        "{#why#}"
    )


def test_include_with_values_becomes_a_with_block_around_the_include():
    source = '{% include "includes/story_list.html" with stories=related empty_message="None yet." %}'
    assert translate(source, FUNCTIONS) == (
        '{% with stories=related, empty_message="None yet." %}{% include "includes/story_list.html" %}{% endwith %}'
    )


def test_tags_that_are_functions_become_calls_and_as_becomes_set():
    assert translate("{% url 'editorial:article_changes' slug=article.slug %}", FUNCTIONS) == (
        "{{ url('editorial:article_changes', slug=article.slug) }}"
    )
    assert translate('{% picture article.hero_image alt=article.hero_alt sizes="a, b" eager=True %}', FUNCTIONS) == (
        '{{ picture(article.hero_image, alt=article.hero_alt, sizes="a, b", eager=True) }}'
    )
    assert translate('{% standing_page "disclaimer" as page %}', FUNCTIONS) == (
        '{% set page = standing_page("disclaimer") %}'
    )
    assert translate("{% most_read %}", FUNCTIONS) == "{{ most_read() }}"


@pytest.mark.parametrize(
    "source",
    [
        "{% cycle 'a' 'b' %}",
        "{% for x in xs reversed %}{% endfor %}",
        '{% include "x.html" with a=1 only %}',
        "{{ title|title }}",  # a Jinja2 filter of the same name, but not Django's
        "{{ forloop.parentloop.counter }}",
    ],
)
def test_a_construct_it_does_not_know_fails_loudly(source):
    with pytest.raises(UntranslatableTemplate):
        translate(source, FUNCTIONS)


class Story:
    title = "Statins & sleep"

    def get_absolute_url(self):
        return "/article/statins-and-sleep/"

    def delete(self):  # pragma: no cover - must never be called by a template
        raise AssertionError("called")

    delete.alters_data = True


def test_lookups_call_what_they_find_as_django_does_but_never_what_alters_data():
    env = jinja_port.DjangoLookups(autoescape=True, undefined=jinja2.ChainableUndefined)
    page = env.from_string(
        translate('<a href="{{ story.get_absolute_url }}">{{ story.title }}</a>{{ story.delete }}', FUNCTIONS)
    ).render(story=Story())
    assert page == '<a href="/article/statins-and-sleep/">Statins &amp; sleep</a>'
    assert env.from_string("{{ missing.deeper.still }}").render() == ""


def test_every_filter_it_translates_is_given_to_jinja2():
    from bench.template_engines import jinja_environment

    assert jinja_port.FILTERS <= set(jinja_environment().filters)
