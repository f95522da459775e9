"""`{% picture %}`: responsive, layout-stable markup for a stored image, without a query or an image decode.

    {% load images %}
    {% picture article.hero_image alt=article.hero_alt sizes="(min-width: 72rem) 68ch, 100vw" eager=True %}
    {% picture story.hero_image alt=story.hero_alt crop="16:9" sizes="(min-width: 40rem) 33vw, 100vw" %}
    {% image_url article.hero_image 1200 crop="1:1" %}

Everything the markup needs (widths, heights, rendition URLs) follows from the image's
stored name (images.specs, images.delivery); the renditions were made when the image was saved.
"""

from django import template

from images.delivery import DEFAULT_SIZES, best_rendition, picture_html

register = template.Library()


@register.simple_tag
def picture(image, alt="", sizes=DEFAULT_SIZES, eager=False, crop="", css_class=""):
    """A `<picture>` with a WebP source and a JPEG `<img>`, explicit width and height, lazy unless `eager`."""
    return picture_html(image, alt=alt, sizes=sizes, eager=eager, crop=crop, css_class=css_class)


@register.simple_tag
def image_url(image, width=1200, crop="", format="jpg"):
    """One rendition's URL, e.g. for a social preview: `{% image_url article.hero_image 1200 crop="1:1" %}`."""
    ref = best_rendition(image, width=width, crop=crop, format=format)
    return ref.url if ref else ""
