"""What renditions an image has and where they live, worked out from its stored name alone.

A normalised master is stored as `<folder>/<32 hex>_<width>x<height>.<ext>` (see
images.processing), or `…_<width>x<height>_f<x>-<y>.<ext>` once an editor has set a focal
point (x and y in thousandths). Because the name carries the master's size and focal
point, the rendition plan (which widths, which crops, their exact pixel sizes) and every
rendition's storage name follow from the name by arithmetic: a page can render
`<picture>` with srcset, width and height without a database query and without opening
the image.

A rendition's file name ends in a digest of what its pixels depend on (the master, the
spec, the focal point of a crop, the encoder settings), so a rendition whose content
changes gets a new name: `/media/` is cached for a month by browsers and CDNs, and an old
crop must never be served under a new crop's name.
"""

import hashlib
import re
from dataclasses import dataclass
from pathlib import PurePosixPath

# Widths offered to browsers through srcset. Never upscaled: a narrower master adds its own width.
WIDTHS = (480, 800, 1200, 1600)
# Fixed-ratio crops: 16:9 for story cards, 1:1 for social previews.
CROPS = {"16:9": (480, 800, 1200), "1:1": (480, 1200)}
# Author photos (Author.photo stores them under "authors/") show as 96-pixel squares: they
# also get a square twice that wide, so the author page never sends a large image.
PORTRAIT_FOLDER = "authors"
PORTRAIT_WIDTH = 192
# Admin lists show 96-pixel previews: every master also gets one small JPEG, whole and 16:9,
# twice that wide. It is never offered in a srcset, so public markup does not change.
THUMBNAIL_WIDTH = 192
THUMBNAIL_CROPS = ("", "16:9")
FORMATS = ("webp", "jpg")
MIME_TYPES = {"webp": "image/webp", "jpg": "image/jpeg"}
# How each rendition format is encoded (images.processing); part of every rendition's digest.
RENDITION_OPTIONS = {
    "webp": ("WEBP", {"quality": 80, "method": 2}),  # 4x faster than 4, files ~7% larger
    "jpg": ("JPEG", {"quality": 82, "optimize": True, "progressive": True}),
}
RENDITIONS_FOLDER = "renditions"
DIGEST_LENGTH = 10
FOCAL_STEPS = 1000  # a focal point in the name is kept to a thousandth of the image

MASTER_NAME = re.compile(
    r"^(?P<stem>[0-9a-f]{32})_(?P<width>[1-9][0-9]{0,5})x(?P<height>[1-9][0-9]{0,5})"
    r"(?:_f(?P<focal_x>[0-9]{4})-(?P<focal_y>[0-9]{4}))?\.(?P<ext>jpg|png|webp)$"
)


@dataclass(frozen=True)
class Master:
    """A normalised master image, as far as its name tells."""

    name: str
    stem: str
    width: int
    height: int
    focal: tuple | None = None  # (x, y) in 0..1 that crops centre on; None for the centre

    @property
    def rendition_folder(self):
        return str(PurePosixPath(RENDITIONS_FOLDER) / PurePosixPath(self.name).parent / self.stem)


@dataclass(frozen=True)
class Spec:
    """One rendition: a crop ratio ("" for the whole image), an output width and height, and a format."""

    crop: str
    width: int
    height: int
    format: str

    @property
    def key(self):
        """Unique per master, and the rendition's file name: `full-w800.webp`, `16x9-w480.jpg`."""
        crop = self.crop.replace(":", "x") if self.crop else "full"
        return f"{crop}-w{self.width}.{self.format}"

    @property
    def mime_type(self):
        return MIME_TYPES[self.format]


def parse_master(name):
    """The Master for a normalised image's storage name, or None for any other name."""
    if not name:
        return None
    match = MASTER_NAME.match(PurePosixPath(str(name)).name)
    if match is None:
        return None
    focal = None
    if match["focal_x"] is not None:
        focal = (int(match["focal_x"]) / FOCAL_STEPS, int(match["focal_y"]) / FOCAL_STEPS)
        if not all(0 <= value <= 1 for value in focal):
            return None
    return Master(
        name=str(name), stem=match["stem"], width=int(match["width"]), height=int(match["height"]), focal=focal
    )


def name_with_focal(name, focal):
    """The master name `name` takes for the focal point `focal` ((x, y) in 0..1, or None for the centre).

    Same folder, stem and size: whole-image renditions (named by stem) are shared, crops are not.
    """
    master = parse_master(name)
    if master is None:
        raise ValueError(f"{name!r} is not a normalised image name")
    path = PurePosixPath(master.name)
    suffix = ""
    if focal is not None:
        focal_x, focal_y = (round(value * FOCAL_STEPS) for value in focal)
        suffix = f"_f{focal_x:04d}-{focal_y:04d}"
    return str(path.with_name(f"{master.stem}_{master.width}x{master.height}{suffix}{path.suffix}"))


def target_widths(available, widths):
    """The widths to make from `available` pixels: never wider than the source, which adds its own."""
    targets = [width for width in widths if width <= available]
    if available < widths[-1] and available not in targets:
        targets.append(available)
    return targets


def crop_box_size(width, height, crop):
    """The largest (width, height) of ratio `crop` ("16:9") that fits in width x height."""
    ratio_w, ratio_h = (int(part) for part in crop.split(":"))
    box_width = min(width, (height * ratio_w) // ratio_h)
    return box_width, max(1, round(box_width * ratio_h / ratio_w))


def full_specs(master):
    """Whole-image renditions of `master`, narrowest first, in every format."""
    specs = []
    for width in target_widths(master.width, WIDTHS):
        height = max(1, round(width * master.height / master.width))
        specs.extend(Spec("", width, height, fmt) for fmt in FORMATS)
    return specs


def crop_specs(master, crop):
    """Renditions of `master` cropped to `crop`, narrowest first, in every format.

    When the crop is the whole image (a 16:9 photo asked for 16:9), the whole-image
    renditions of those widths serve: nothing is made twice.
    """
    box_width, box_height = crop_box_size(master.width, master.height, crop)
    whole = (box_width, box_height) == (master.width, master.height)
    specs = []
    for width in target_widths(box_width, crop_widths(master, crop)):
        height = max(1, round(width * box_height / box_width))
        specs.extend(Spec("" if whole else crop, width, height, fmt) for fmt in FORMATS)
    return specs


def crop_widths(master, crop):
    """The widths `master` gets in the ratio `crop`: the CROPS widths, and a portrait's small square."""
    if crop == "1:1" and PurePosixPath(master.name).parts[0] == PORTRAIT_FOLDER:
        return (PORTRAIT_WIDTH, *CROPS[crop])
    return CROPS[crop]


def thumbnail_spec(master, crop=""):
    """The small JPEG admin lists show for `master`, whole ("") or cropped to 16:9."""
    box_width, box_height = crop_box_size(master.width, master.height, crop) if crop else (master.width, master.height)
    whole = (box_width, box_height) == (master.width, master.height)
    width = min(THUMBNAIL_WIDTH, box_width)
    return Spec("" if whole else crop, width, max(1, round(width * box_height / box_width)), "jpg")


def plan(master):
    """Every rendition a master gets, each once."""
    specs = {spec.key: spec for spec in full_specs(master)}
    for crop in CROPS:
        specs.update((spec.key, spec) for spec in crop_specs(master, crop))
    specs.update((spec.key, spec) for spec in (thumbnail_spec(master, crop) for crop in THUMBNAIL_CROPS))
    return list(specs.values())


def rendition_digest(master, spec):
    """A short hash of everything a rendition's pixels depend on: it changes exactly when they do."""
    focal = master.focal if spec.crop else None
    encoding = RENDITION_OPTIONS[spec.format]
    source = f"{master.stem}|{spec.key}|{spec.width}x{spec.height}|{focal}|{encoding}"
    return hashlib.sha256(source.encode()).hexdigest()[:DIGEST_LENGTH]


def rendition_name(master, spec):
    """The storage name of one rendition: `renditions/<master folder>/<stem>/<crop>-w<width>-<digest>.<format>`."""
    stem = spec.key.rsplit(".", 1)[0]
    return f"{master.rendition_folder}/{stem}-{rendition_digest(master, spec)}.{spec.format}"
