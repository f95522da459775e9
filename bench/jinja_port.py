"""The readers' Django templates, translated to Jinja2 as they are loaded: the other side of bench.template_engines.

The translation is made from the live templates on every run, so the comparison follows each
template change and there is no second copy to keep in step. It knows the subset the readers'
pages use: variables with filters, if/elif/else, for (with forloop), block/extends (with
block.super), include (with "with"), with, comment, load (dropped), and tags that are functions:
url, static, now and the project's simple and inclusion tags (called as Jinja2 globals of the
same names). Anything else (a tag, a filter, a forloop attribute) raises UntranslatableTemplate,
naming it, so a new construct is reported instead of being timed wrong.

Variables resolve as in Django: a callable met on the way is called (unless it says
do_not_call_in_templates; one that alters data is never called), so `story.get_absolute_url`
needs no parentheses.
"""

import re

import jinja2
from django.template import engines
from django.utils.text import smart_split

# The Django filters the port knows (bench.template_engines gives Jinja2 Django's own functions for
# them) and how an argument is passed: Django's default also replaces falsy values.
FILTERS = {
    "date",
    "default",
    "html_datetime",
    "length",
    "linebreaksbr",
    "pluralize",
    "safe",
    "timesince",
    "truncatechars",
}
_FILTER_ARGUMENT = {"default": "{arg}, true"}
_FORLOOP = {
    "forloop.counter0": "loop.index0",
    "forloop.counter": "loop.index",
    "forloop.revcounter0": "loop.revindex0",
    "forloop.revcounter": "loop.revindex",
    "forloop.first": "loop.first",
    "forloop.last": "loop.last",
}
_OPERATORS = {"and", "or", "not", "in", "is", "==", "!=", "<", ">", "<=", ">=", "not in", "is not"}
_PLAIN = {"else", "endif", "endfor", "endblock", "endwith"}
_TAG = re.compile(r"{%-?\s*(.*?)\s*-?%}|{{\s*(.*?)\s*}}", re.S)


class UntranslatableTemplate(Exception):
    """A Django template uses something the port does not translate."""


def _split_outside_quotes(text, separator):
    parts, current, quote = [], [], None
    for char in text:
        if quote:
            quote = None if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char == separator:
            parts.append("".join(current))
            current = []
            continue
        current.append(char)
    parts.append("".join(current))
    return parts


def _variable(name):
    if name == "block.super":
        return "super()"
    if name == "forloop" or name.startswith("forloop."):
        head = ".".join(name.split(".")[:2])
        if head not in _FORLOOP:
            raise UntranslatableTemplate(f"{head} has no Jinja2 translation")
        return _FORLOOP[head] + name[len(head) :]
    return name


def expression(text):
    """A Django filter expression (`story.published_at|date:"j M Y"`) as a Jinja2 expression."""
    first, *filters = _split_outside_quotes(text.strip(), "|")
    translated = _variable(first.strip())
    for item in filters:
        name, _, arg = item.strip().partition(":")
        if name not in FILTERS:
            raise UntranslatableTemplate(f"the filter {name!r} has no Jinja2 translation")
        if arg:
            arg = _FILTER_ARGUMENT.get(name, "{arg}").format(arg=expression(arg))
            translated += f"|{name}({arg})"
        else:
            translated += f"|{name}"
    return translated


def _condition(text):
    return " ".join(bit if bit in _OPERATORS else expression(bit) for bit in smart_split(text))


def _assignments(bits):
    pairs = []
    for bit in bits:
        name, equals, value = bit.partition("=")
        if not equals:
            raise UntranslatableTemplate(f"expected name=value, found {bit!r}")
        pairs.append(f"{name}={expression(value)}")
    return ", ".join(pairs)


def _call(name, bits):
    arguments, target = list(bits), None
    if len(arguments) >= 2 and arguments[-2] == "as":
        target, arguments = arguments[-1], arguments[:-2]
    translated = []
    for bit in arguments:
        key, equals, value = bit.partition("=")
        is_keyword = equals and re.fullmatch(r"\w+", key)
        translated.append(f"{key}={expression(value)}" if is_keyword else expression(bit))
    call = f"{name}({', '.join(translated)})"
    return f"{{% set {target} = {call} %}}" if target else f"{{{{ {call} }}}}"


def tag(content, functions):
    """One `{% ... %}` tag as Jinja2."""
    name, *bits = list(smart_split(content))
    if name in _PLAIN:
        return f"{{% {name} %}}"
    if name == "load":
        return ""
    if name == "comment":
        return "{#"
    if name == "endcomment":
        return "#}"
    if name in ("if", "elif"):
        return f"{{% {name} {_condition(content[len(name) :])} %}}"
    if name == "for":
        targets, _, iterable = content[len("for") :].partition(" in ")
        if iterable.strip().endswith(" reversed"):
            raise UntranslatableTemplate("{% for ... reversed %}")
        return f"{{% for {targets.strip()} in {expression(iterable)} %}}"
    if name in ("block", "extends"):
        return f"{{% {content} %}}"
    if name == "with":
        return f"{{% with {_assignments(bits)} %}}"
    if name == "include":
        template, rest = bits[0], bits[1:]
        if not rest:
            return f"{{% include {template} %}}"
        if rest[0] != "with" or "only" in rest:
            raise UntranslatableTemplate(f"{{% include {' '.join(bits)} %}}")
        return f"{{% with {_assignments(rest[1:])} %}}{{% include {template} %}}{{% endwith %}}"
    if name in functions:
        return _call(name, bits)
    raise UntranslatableTemplate(f"{{% {name} %}} has no Jinja2 translation")


def translate(source, functions):
    """A Django template's source as Jinja2 source; `functions` are the tag names Jinja2 knows as globals."""

    def replace(match):
        if match.group(1) is not None:
            return tag(match.group(1), functions)
        return f"{{{{ {expression(match.group(2))} }}}}"

    return _TAG.sub(replace, source)


class DjangoTemplateLoader(jinja2.BaseLoader):
    """Finds a template as Django's engine does (its directories and app directories) and translates it."""

    def __init__(self, functions):
        self.functions = functions

    def get_source(self, environment, template):
        origin = engines["django"].engine.find_template(template)[1]
        source = origin.loader.get_contents(origin)
        return translate(source, self.functions), origin.name, lambda: True


class DjangoLookups(jinja2.Environment):
    """Attribute and item lookups that call what they find, as Django's template variables do."""

    @staticmethod
    def _called(value):
        if not callable(value) or isinstance(value, jinja2.Undefined):
            return value
        if getattr(value, "do_not_call_in_templates", False):
            return value
        if getattr(value, "alters_data", False):
            return ""  # Django writes its string_if_invalid, never calls it
        return value()

    def getattr(self, obj, attribute):
        return self._called(super().getattr(obj, attribute))

    def getitem(self, obj, argument):
        return self._called(super().getitem(obj, argument))
