"""Uploads are accepted by what they are, refused with a reason, and re-encoded without metadata."""

import io

import pytest
from PIL import Image

from images import processing, specs
from tests.support.images import (
    GPS_IFD,
    HTML,
    SVG,
    animated_gif,
    decompression_bomb_png,
    encode,
    jpeg,
    noisy_jpeg,
    open_bytes,
    phone_photo,
    picture,
    png,
    upload,
    webp,
)


def normalise(data, name="photo.jpg"):
    return processing.normalise_upload(upload(data, name))


@pytest.mark.parametrize(
    ("data", "stored_format", "extension"),
    [
        pytest.param(jpeg((1600, 900)), "JPEG", "jpg", id="jpeg"),
        pytest.param(png((1000, 700)), "PNG", "png", id="png"),
        pytest.param(webp((1000, 700)), "WEBP", "webp", id="webp"),
        pytest.param(animated_gif((640, 480)), "PNG", "png", id="gif-first-frame"),
    ],
)
def test_each_accepted_format_is_stored_re_encoded_under_a_generated_name(data, stored_format, extension):
    result = normalise(data, name="../../My holiday (1).jpeg")

    stored = open_bytes(result.content.read())
    assert stored.format == stored_format
    assert result.content.name.endswith(f".{extension}")
    master = specs.parse_master(result.content.name)
    assert master is not None, "the stored name is <hex>_<w>x<h>.<ext>, nothing of the uploader's"
    assert (master.width, master.height) == stored.size == (result.width, result.height)
    assert "holiday" not in result.content.name and "/" not in result.content.name


def test_an_animated_gif_keeps_its_first_frame_only():
    stored = open_bytes(normalise(animated_gif(), name="anim.gif").content.read())
    assert getattr(stored, "n_frames", 1) == 1
    red, green, _ = stored.convert("RGB").getpixel((600, 400))
    assert red > 150 and green < 100, "the first (red) frame"


def test_png_transparency_is_kept():
    stored = open_bytes(normalise(png(mode="RGBA"), name="logo.png").content.read())
    assert stored.mode == "RGBA"


def test_exif_gps_xmp_and_the_camera_are_gone_after_upload():
    original = phone_photo()
    assert open_bytes(original).getexif().get_ifd(GPS_IFD), "the test photo does carry a GPS position"

    data = normalise(original).content.read()

    stored = open_bytes(data)
    assert not stored.getexif(), "no EXIF at all: no GPS, no camera, no orientation tag"
    assert "exif" not in stored.info and "xmp" not in stored.info and "icc_profile" not in stored.info
    assert b"Secret Clinic Town" not in data and b"PhoneMaker" not in data and b"Exif" not in data


def test_png_metadata_is_gone_after_upload():
    image = picture((400, 300))
    exif = Image.Exif()
    exif[GPS_IFD] = {1: "N", 2: (1.0, 2.0, 3.0)}
    from PIL.PngImagePlugin import PngInfo

    text = PngInfo()
    text.add_text("Comment", "taken at the Secret Clinic")
    data = normalise(encode(image, "PNG", exif=exif, pnginfo=text), name="shot.png").content.read()
    assert b"Secret Clinic" not in data and b"eXIf" not in data
    assert not open_bytes(data).getexif()


def test_orientation_is_applied_to_the_pixels():
    # Landscape pixels with "rotate 90° clockwise to view" (EXIF orientation 6), white block top-left.
    result = normalise(phone_photo(size=(1200, 800), orientation=6))

    stored = open_bytes(result.content.read())
    assert stored.size == (800, 1200), "stored upright: portrait"
    assert stored.getpixel((760, 20))[0] > 200, "the white block is now top-right"
    assert stored.getpixel((20, 20))[0] < 100


def test_cmyk_and_greyscale_are_stored_as_rgb():
    cmyk = encode(picture((300, 200)).convert("CMYK"), "JPEG")
    grey = encode(picture((300, 200)).convert("L"), "PNG")
    assert open_bytes(normalise(cmyk).content.read()).mode == "RGB"
    assert open_bytes(normalise(grey, "g.png").content.read()).mode == "RGB"


def test_large_images_are_scaled_down_to_the_master_size(settings):
    settings.IMAGE_MASTER_MAX_SIDE = 1000
    result = normalise(jpeg((2400, 1200)))
    assert (result.width, result.height) == (1000, 500)


def refusal(data, name="photo.jpg"):
    with pytest.raises(processing.ImageRefused) as caught:
        normalise(data, name=name)
    return caught.value


def test_svg_is_refused_even_when_named_jpg():
    error = refusal(SVG, name="logo.svg")
    assert error.code == "svg" and "SVG" in error.messages[0]
    assert refusal(SVG, name="logo.jpg").code == "svg"


def test_html_named_jpg_is_refused():
    error = refusal(HTML, name="holiday.jpg")
    assert error.code == "markup"
    assert "HTML" in error.messages[0]


def test_truncated_jpeg_is_refused():
    whole = jpeg((1200, 800))
    error = refusal(whole[: len(whole) // 2])
    assert error.code == "truncated"
    assert "truncated" in error.messages[0]


def test_garbage_and_unsupported_formats_are_refused():
    assert refusal(b"\x00\x01garbage" * 100).code == "not_an_image"
    assert refusal(encode(picture((50, 50)), "BMP"), name="old.bmp").code == "not_an_image"
    assert refusal(encode(picture((50, 50)), "TIFF"), name="scan.tif").code == "not_an_image"


def test_over_size_file_is_refused_with_both_sizes(settings):
    settings.IMAGE_MAX_UPLOAD_BYTES = 10_000
    data = noisy_jpeg((800, 600))
    assert len(data) > 10_000
    error = refusal(data)
    assert error.code == "too_large"
    assert "limit is 9.8\xa0KB" in error.messages[0]


def test_over_pixel_image_is_refused_before_decoding(settings):
    settings.IMAGE_MAX_PIXELS = 100_000
    error = refusal(jpeg((400, 300)))
    assert error.code == "too_many_pixels"
    assert "400 × 300" in error.messages[0] and "0.1 megapixels" in error.messages[0]


def test_decompression_bomb_is_refused_without_allocating_it():
    bomb = decompression_bomb_png()
    assert len(bomb) < 1000, "a tiny file that claims 30000 × 30000 pixels"
    error = refusal(bomb, name="bomb.png")
    assert error.code == "too_many_pixels"


def test_pillow_uses_the_same_pixel_limit(settings):
    assert settings.IMAGE_MAX_PIXELS == 40_000_000
    assert Image.MAX_IMAGE_PIXELS == settings.IMAGE_MAX_PIXELS


def test_zero_byte_file_is_refused():
    error = refusal(b"")
    assert error.code == "empty"
    assert "empty" in error.messages[0]


def test_a_renditions_has_no_metadata_either():
    master = open_bytes(normalise(phone_photo()).content.read())
    spec = specs.Spec("", 480, 720, "jpg")
    data = processing.render_rendition(master, spec)
    assert b"Exif" not in data and not Image.open(io.BytesIO(data)).getexif()
