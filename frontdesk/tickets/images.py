"""Re-encoding uploaded images with Pillow (SECURITY.md check 28).

A photo carries its metadata (EXIF: GPS position, camera serial, time; XMP; comments)
and an image file can hide other data or exploit a decoder. Every JPEG, PNG, GIF and
WebP is decoded and written again: only the pixels (all frames of an animation) and the
colour profile survive; a JPEG is turned upright first, since its EXIF orientation goes.
An image of more than `FRONTDESK_MAX_IMAGE_PIXELS` pixels (all frames counted) is
refused before it is decoded: a few kilobytes can expand to gigabytes of memory.
"""

from __future__ import annotations

import io

from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

IMAGE_TYPES = {"image/jpeg": "JPEG", "image/png": "PNG", "image/gif": "GIF", "image/webp": "WEBP"}
# Metadata Pillow keeps in `info` and could write back: dropped before saving.
METADATA_KEYS = ("exif", "xmp", "XML:com.adobe.xmp", "comment", "photoshop", "adobe", "dpi")


class ImageRefused(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def reencode_image(content: bytes, content_type: str) -> bytes:
    """The image written again without metadata; ImageRefused when it cannot be read,
    is not what its bytes said, or has too many pixels."""
    expected = IMAGE_TYPES[content_type]
    limit = settings.FRONTDESK_MAX_IMAGE_PIXELS
    try:
        with Image.open(io.BytesIO(content), formats=[expected]) as image:
            frames = getattr(image, "n_frames", 1)
            if image.width * image.height * frames > limit:
                raise ImageRefused(_("the image has too many pixels."))
            return _save(image, expected, frames)
    except ImageRefused:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError) as error:
        raise ImageRefused(_("the image could not be read.")) from error
    except (SyntaxError, EOFError) as error:  # some decoders' way of saying "corrupt"
        raise ImageRefused(_("the image could not be read.")) from error


def _save(image: Image.Image, kind: str, frames: int) -> bytes:
    icc_profile = image.info.get("icc_profile")
    out = io.BytesIO()
    if kind == "JPEG":
        upright = ImageOps.exif_transpose(image)
        _drop_metadata(upright)
        upright.save(out, "JPEG", quality=90, icc_profile=icc_profile)
    elif kind == "PNG":
        image.load()
        _drop_metadata(image)
        image.save(out, "PNG", icc_profile=icc_profile)
    elif kind == "GIF":
        image.load()
        _drop_metadata(image)
        image.save(out, "GIF", save_all=frames > 1)
    else:
        image.load()
        _drop_metadata(image)
        image.save(out, "WEBP", quality=90, save_all=frames > 1, icc_profile=icc_profile)
    return out.getvalue()


def _drop_metadata(image: Image.Image) -> None:
    # PNG text chunks are kept in `info` under their own names, as text.
    texts = [name for name, value in image.info.items() if isinstance(value, str)]
    for name in [*METADATA_KEYS, *texts]:
        image.info.pop(name, None)
