"""Hero illustrations for the demo stories: drawn, not downloaded, so every image is our own."""

import io
import random
import zlib

from PIL import Image, ImageColor, ImageDraw

HERO_SIZE = (1600, 900)
HERO_QUALITY = 82


def render_hero(slug, colours, size=HERO_SIZE):
    """A deterministic abstract illustration (JPEG bytes): a gradient and shapes seeded by `slug`."""
    rng = random.Random(zlib.crc32(slug.encode()))
    width, height = size
    start, end = (ImageColor.getrgb(colour) for colour in colours)

    # A diagonal gradient: the average of a vertical and a horizontal ramp, scaled up.
    vertical = Image.linear_gradient("L")
    ramp = Image.blend(vertical, vertical.transpose(Image.Transpose.ROTATE_90), 0.5)
    if rng.random() < 0.5:
        ramp = ramp.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    mask = ramp.resize(size, Image.Resampling.BILINEAR)
    image = Image.composite(Image.new("RGB", size, end), Image.new("RGB", size, start), mask)

    draw = ImageDraw.Draw(image, "RGBA")
    light = (255, 255, 255)
    for _ in range(rng.randint(3, 5)):  # soft discs
        x, y, r = rng.randint(0, width), rng.randint(0, height), rng.randint(90, 360)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(*light, rng.randint(22, 55)))
    for _ in range(rng.randint(2, 3)):  # rings
        x, y, r = rng.randint(150, width - 150), rng.randint(120, height - 120), rng.randint(60, 240)
        draw.ellipse((x - r, y - r, x + r, y + r), outline=(*light, rng.randint(80, 130)), width=rng.randint(6, 14))
    for _ in range(rng.randint(2, 4)):  # lines across
        y0, y1 = rng.randint(0, height), rng.randint(0, height)
        draw.line((0, y0, width, y1), fill=(*light, rng.randint(40, 90)), width=rng.randint(3, 9))
    dot_x, dot_y, gap = rng.randint(80, width - 420), rng.randint(60, height - 300), rng.randint(36, 56)
    for row in range(5):  # a small dot grid
        for col in range(6):
            cx, cy = dot_x + col * gap, dot_y + row * gap
            draw.ellipse((cx - 5, cy - 5, cx + 5, cy + 5), fill=(*light, 120))

    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=HERO_QUALITY, optimize=True)
    return buffer.getvalue()
