"""Deterministic procedural scenes: coloured shapes on textured backgrounds."""
import cv2
import numpy as np

SHAPES = ('circle', 'square', 'triangle', 'diamond')


def _background(rng: np.random.Generator, size: int) -> np.ndarray:
    """A dark textured background: a colour gradient, stripes and noise."""
    ys, xs = np.mgrid[0:size, 0:size].astype(np.float32) / size
    top, bottom = rng.uniform(0, 110, size=(2, 3))
    weight = ys[..., None] if rng.random() < 0.5 else xs[..., None]
    img = top * (1 - weight) + bottom * weight
    angle = rng.uniform(0, np.pi)
    freq = rng.uniform(4, 12)
    stripes = np.sin(2 * np.pi * freq * (xs * np.cos(angle) + ys * np.sin(angle)))
    img += rng.uniform(10, 30) * stripes[..., None]
    img += rng.normal(0, 6, size=img.shape)
    return np.clip(img, 0, 255).astype(np.uint8)


def _shape_mask(rng: np.random.Generator, label: int, size: int,
                min_frac: float, max_frac: float) -> np.ndarray:
    """A binary mask with one shape of class ``label`` placed at random."""
    side = int(rng.uniform(min_frac, max_frac) * size)
    x0 = int(rng.integers(0, size - side + 1))
    y0 = int(rng.integers(0, size - side + 1))
    x1, y1 = x0 + side - 1, y0 + side - 1
    cx, cy = (x0 + x1) // 2, (y0 + y1) // 2
    mask = np.zeros((size, size), np.uint8)
    name = SHAPES[label]
    if name == 'circle':
        cv2.circle(mask, (cx, cy), side // 2, 1, -1)
    elif name == 'square':
        cv2.rectangle(mask, (x0, y0), (x1, y1), 1, -1)
    elif name == 'triangle':
        pts = np.array([[cx, y0], [x0, y1], [x1, y1]], np.int32)
        cv2.fillPoly(mask, [pts], 1)
    else:
        pts = np.array([[cx, y0], [x1, cy], [cx, y1], [x0, cy]], np.int32)
        cv2.fillPoly(mask, [pts], 1)
    return mask


def render_scene(seed: int, index: int, img_size: int = 64, max_shapes: int = 1,
                 min_frac: float = 0.3, max_frac: float = 0.7):
    """Render scene ``index`` of the dataset with ``seed``.

    Returns:
        tuple: ``img`` (H, W, 3) uint8 in BGR order, ``bboxes`` (N, 4) float32
        as ``x1, y1, x2, y2`` in pixels (exclusive right/bottom edge), and
        ``labels`` (N,) int64. Shapes are drawn largest first; later shapes may
        occlude earlier ones, and the boxes are those of the visible pixels.
    """
    rng = np.random.default_rng([seed, index])
    img = _background(rng, img_size)
    num = int(rng.integers(1, max_shapes + 1))
    labels = rng.integers(0, len(SHAPES), size=num)
    shapes = [(_shape_mask(rng, int(lbl), img_size, min_frac, max_frac), int(lbl))
              for lbl in labels]
    shapes.sort(key=lambda shape: -int(shape[0].sum()))
    visible = []
    for mask, _ in shapes:
        colour = rng.uniform(140, 255, size=3)
        colour[rng.integers(0, 3)] *= rng.uniform(0.1, 0.6)
        img[mask.astype(bool)] = colour.astype(np.uint8)
        visible = [v & (1 - mask) for v in visible] + [mask]
    bboxes, kept = [], []
    for (_, lbl), mask in zip(shapes, visible):
        ys, xs = np.nonzero(mask)
        if len(xs) == 0:
            continue
        bboxes.append([xs.min(), ys.min(), xs.max() + 1, ys.max() + 1])
        kept.append(lbl)
    return (img, np.asarray(bboxes, np.float32).reshape(-1, 4),
            np.asarray(kept, np.int64))
