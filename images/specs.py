"""What renditions an image has and where they live, worked out from its stored name alone.

A normalised master is stored as `<folder>/<32 hex>_<width>x<height>.<ext>` (see
images.processing). Because the name carries the master's size, the rendition plan
(which widths, which crops, their exact pixel sizes) and every rendition's storage
name follow from the name by arithmetic: a page can render `<picture>` with srcset,
width and height without a database query and without opening the image.
"""

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
RENDITIONS_FOLDER = "renditions"

MASTER_NAME = re.compile(
    r"^(?P<stem>[0-9a-f]{32})_(?P<width>[1-9][0-9]{0,5})x(?P<height>[1-9][0-9]{0,5})\.(?P<ext>jpg|png|webp)$"
)


@dataclass(frozen=True)
class Master:
    """A normalised master image, as far as its name tells."""

    name: str
    stem: str
    width: int
    height: int

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
    return Master(name=str(name), stem=match["stem"], width=int(match["width"]), height=int(match["height"]))


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


def rendition_name(master, spec):
    """The storage name of one rendition: `renditions/<master folder>/<stem>/<key>`."""
    return f"{master.rendition_folder}/{spec.key}"
