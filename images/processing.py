"""Accept an uploaded image by what it is, and re-encode it into something safe to publish.

Staff upload photos straight from phones and from press kits. An upload is read
with Pillow (never trusted by its name or declared type), refused with a reason an
editor can act on when it is not a plain JPEG, PNG, WebP or GIF, and re-encoded:
orientation applied, EXIF/XMP/IPTC/GPS and every other metadata block dropped,
colours converted to sRGB, scaled down to IMAGE_MASTER_MAX_SIDE, and named by a
random identifier plus its size (see images.specs), so no part of the stored path
comes from the uploader.
"""

import io
import logging
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from . import specs

logger = logging.getLogger(__name__)

ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
# How each accepted format is stored: GIF keeps only its first frame, as PNG.
OUTPUT_FORMATS = {"JPEG": ("JPEG", "jpg"), "PNG": ("PNG", "png"), "WEBP": ("WEBP", "webp"), "GIF": ("PNG", "png")}
SAVE_OPTIONS = {
    "JPEG": {"quality": 90, "optimize": True, "progressive": True},
    "PNG": {"optimize": False},
    "WEBP": {"quality": 90, "method": 4},
}
SNIFF_BYTES = 2048
# Decoding errors Pillow raises for truncated or malformed data.
DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError)


class ImageRefused(ValidationError):
    """An upload we will not store; `code` says why, the message says what to do."""


@dataclass(frozen=True)
class NormalisedImage:
    """A re-encoded image ready to store under `content.name`."""

    content: ContentFile
    width: int
    height: int
    format: str


def max_upload_bytes():
    return settings.IMAGE_MAX_UPLOAD_BYTES


def max_pixels():
    return settings.IMAGE_MAX_PIXELS


def _refuse(code, message, **params):
    raise ImageRefused(message, code=code, params=params)


def _sniff_markup(head):
    """Refuse text markup (SVG, HTML, scripts) whatever the file is called: no image format starts with '<'."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n\x00").lower()
    if not text.startswith(b"<"):
        return
    if b"<svg" in head.lower():
        _refuse("svg", "SVG images are not accepted: they can carry scripts. Upload a JPEG, PNG, WebP or GIF.")
    _refuse(
        "markup",
        "This file is HTML or script text, not an image, whatever its name says. Upload a JPEG, PNG, WebP or GIF.",
    )


def _check_size(upload):
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, io.SEEK_END)
        size = upload.tell()
    if size == 0:
        _refuse("empty", "The file is empty (0 bytes).")
    if size > max_upload_bytes():
        _refuse(
            "too_large",
            "The file is %(size)s; the limit is %(limit)s. Export a smaller JPEG or WebP.",
            size=filesizeformat(size),
            limit=filesizeformat(max_upload_bytes()),
        )


def _check_pixels(width, height):
    if width * height > max_pixels():
        _refuse(
            "too_many_pixels",
            "The image is %(width)s × %(height)s pixels (%(megapixels)s megapixels); the limit is "
            "%(limit)s megapixels. Scale it down before uploading.",
            width=width,
            height=height,
            megapixels=round(width * height / 1_000_000, 1),
            limit=round(max_pixels() / 1_000_000, 1),
        )


def open_upload(upload):
    """The upload's first frame as a loaded Pillow image, or ImageRefused naming the reason."""
    _check_size(upload)
    upload.seek(0)
    _sniff_markup(upload.read(SNIFF_BYTES))
    upload.seek(0)
    try:
        image = Image.open(upload, formats=ACCEPTED_FORMATS)
    except Image.DecompressionBombError:
        # Pillow refuses at twice MAX_IMAGE_PIXELS before reading a pixel: a bomb.
        _refuse(
            "too_many_pixels",
            "The image declares far more pixels than the limit of %(limit)s megapixels (a decompression bomb?).",
            limit=round(max_pixels() / 1_000_000, 1),
        )
    except UnidentifiedImageError:
        _refuse("not_an_image", "This file is not a JPEG, PNG, WebP or GIF image (or it is damaged).")
    except DECODE_ERRORS:
        _refuse("corrupt", "This image file is damaged and cannot be read.")
    _check_pixels(*image.size)
    try:
        image.seek(0)  # an animated GIF or WebP keeps its first frame only
        if image.format == "JPEG":
            # Decode big JPEGs at a reduced scale straight away: less memory, same result.
            image.draft("RGB", (settings.IMAGE_MASTER_MAX_SIDE, settings.IMAGE_MASTER_MAX_SIDE))
        image.load()
    except Image.DecompressionBombError:
        _refuse("too_many_pixels", "The image has more pixels than the limit allows.")
    except DECODE_ERRORS:
        _refuse("truncated", "This image file is truncated or corrupt: it ends before the picture does.")
    return image


def _has_alpha(image):
    return image.mode in {"RGBA", "LA", "PA", "RGBa", "La"} or (image.mode == "P" and "transparency" in image.info)


def _to_srgb(image, icc_profile):
    """Convert from an embedded ICC profile to sRGB; keep the pixels as they are if the profile is unusable."""
    if not icc_profile:
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
        return ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"), outputMode=image.mode)
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        logger.info("Ignoring an unusable ICC profile while normalising an upload")
        return image


def to_web_pixels(image, *, keep_alpha):
    """Oriented sRGB pixels in RGB or RGBA, with no metadata attached."""
    icc_profile = image.info.get("icc_profile")
    image = ImageOps.exif_transpose(image)
    if image.mode in {"I;16", "I;16B", "I;16L", "I;16N", "I"}:
        image = image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    alpha = keep_alpha and _has_alpha(image)
    if image.mode == "CMYK" and icc_profile:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
            image = ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"), outputMode="RGB")
            icc_profile = None
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            icc_profile = None
    if alpha:
        image = image if image.mode == "RGBA" else image.convert("RGBA")
    elif _has_alpha(image):
        image = flatten(image.convert("RGBA"))
    elif image.mode != "RGB":
        image = image.convert("RGB")
    image = _to_srgb(image, icc_profile)
    clean = image.copy()
    clean.info = {}  # no EXIF, XMP, IPTC, GPS, comments or profiles survive
    return clean


def flatten(image, background=(255, 255, 255)):
    """RGBA onto a plain background, for JPEG which has no transparency."""
    if image.mode != "RGBA":
        return image.convert("RGB")
    canvas = Image.new("RGB", image.size, background)
    canvas.paste(image, mask=image.getchannel("A"))
    return canvas


def encode(image, pillow_format, **options):
    buffer = io.BytesIO()
    image.save(buffer, pillow_format, **options)
    return buffer.getvalue()


def normalise_upload(upload):
    """Validate `upload` (any file-like with a name) and return it re-encoded for storage.

    Raises ImageRefused (a ValidationError) with a reason an editor can act on.
    """
    image = open_upload(upload)
    source_format = image.format
    pillow_format, extension = OUTPUT_FORMATS[source_format]
    pixels = to_web_pixels(image, keep_alpha=pillow_format != "JPEG")
    side = settings.IMAGE_MASTER_MAX_SIDE
    if max(pixels.size) > side:
        pixels.thumbnail((side, side), Image.Resampling.LANCZOS)
    data = encode(pixels, pillow_format, **SAVE_OPTIONS[pillow_format])
    width, height = pixels.size
    name = f"{uuid.uuid4().hex}_{width}x{height}.{extension}"
    return NormalisedImage(content=ContentFile(data, name=name), width=width, height=height, format=pillow_format)


def open_master(file):
    """A stored, already normalised master, loaded for making renditions."""
    image = Image.open(file, formats=("JPEG", "PNG", "WEBP"))
    image.load()
    return image


def crop_to(image, crop, focal):
    """The largest `crop`-ratio box of `image`, centred on `focal` (x, y in 0..1) as far as the edges allow."""
    box_width, box_height = specs.crop_box_size(image.width, image.height, crop)
    focal_x, focal_y = focal if focal else (0.5, 0.5)
    left = round(focal_x * image.width - box_width / 2)
    top = round(focal_y * image.height - box_height / 2)
    left = min(max(left, 0), image.width - box_width)
    top = min(max(top, 0), image.height - box_height)
    return image.crop((left, top, left + box_width, top + box_height))


def render_rendition(master, spec, *, focal=None):
    """Encoded bytes of one rendition of a loaded master image."""
    source = crop_to(master, spec.crop, focal) if spec.crop else master
    resized = source.resize((spec.width, spec.height), Image.Resampling.LANCZOS, reducing_gap=3.0)
    resized.info = {}
    pillow_format, options = specs.RENDITION_OPTIONS[spec.format]
    if pillow_format == "JPEG":
        resized = flatten(resized)
    return encode(resized, pillow_format, **options)
