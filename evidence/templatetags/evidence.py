from django import template
from django.utils.safestring import mark_safe

from ..references import panel_html, references_html

register = template.Library()


@register.simple_tag
def references(article):
    """The article's references section, as stored when its citations last changed (escaped then)."""
    return mark_safe(references_html(article))  # noqa: S308 (rendered by an autoescaping template)


@register.simple_tag
def evidence_panel(article):
    """The article's evidence panel, as stored when it last changed (escaped then)."""
    return mark_safe(panel_html(article))  # noqa: S308 (rendered by an autoescaping template)
