"""Cleaning a page image before reading it: one grey channel, the right way up, straight, despeckled.

- Colour pages are read from their red channel: a red seal stamped over the signature and the last
  lines turns almost white there, while black text stays black (tesseract drops whole paragraphs under
  a seal otherwise).
- Orientation (0/90/180/270) from tesseract's orientation detector (OSD), confirmed by a text-confidence
  test when OSD is unsure; skew by the angle that makes the rows of ink sharpest (projection profile).
- A median filter takes out dust and grain finer than a stroke.
"""

from __future__ import annotations

import numpy as np

MAX_SKEW = 6.0  # degrees searched; a page more crooked than this is a photo, not a scan


def grey(image) -> np.ndarray:
    """The page as one 8-bit channel: the red one for colour pages."""
    arr = np.asarray(image)
    if arr.ndim == 2:
        return arr.copy()
    return arr[:, :, 0].copy()


def ink(gray: np.ndarray) -> np.ndarray:
    """Binary mask, 255 where there is ink (Otsu on the despeckled page)."""
    import cv2

    _, mask = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return mask


def despeckle(gray: np.ndarray) -> np.ndarray:
    import cv2

    return cv2.medianBlur(gray, 3)


def ink_fraction(gray: np.ndarray) -> float:
    import cv2

    # Every other pixel, not an average: thin strokes must stay dark.
    small = cv2.medianBlur(np.ascontiguousarray(gray[::2, ::2]), 3)
    return float((small < 128).mean())


def rotate(gray: np.ndarray, degrees: float) -> np.ndarray:
    """Rotate counter-clockwise by ``degrees`` about the centre, white outside."""
    import cv2

    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    return cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)


def quarter_turn(gray: np.ndarray, degrees: int) -> np.ndarray:
    """Turn by a multiple of 90 degrees counter-clockwise (no resampling)."""
    return np.ascontiguousarray(np.rot90(gray, (degrees // 90) % 4))


def _profile_score(mask: np.ndarray, degrees: float) -> float:
    import cv2

    h, w = mask.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    rotated = cv2.warpAffine(mask, m, (w, h), flags=cv2.INTER_NEAREST, borderValue=0)
    rows = rotated.sum(axis=1, dtype=np.float64)
    return float(np.square(np.diff(rows)).sum())


def skew_angle(gray: np.ndarray) -> float:
    """The small rotation (degrees, counter-clockwise) that straightens the page's lines."""
    import cv2

    scale = 0.25
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    mask = ink(cv2.medianBlur(small, 3))
    best, best_score = 0.0, -1.0
    # Coarse over a wide range first, so a photo taken at an angle shows as one (and is refused).
    for step, span in ((1.0, 3 * MAX_SKEW), (0.25, 1.0), (0.05, 0.25), (0.02, 0.05)):
        centre = best
        for a in np.arange(centre - span, centre + span + 1e-9, step):
            score = _profile_score(mask, float(a))
            if score > best_score:
                best, best_score = float(a), score
    return best
