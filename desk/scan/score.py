"""How much a quadrilateral looks like the border of a page, in the small working image.

A page border is a step edge all along each side: the same paper on the inside, the same
desk on the outside, a colour jump between them that keeps its direction (so a line of
print, a stripe of a table cloth or a check pattern, whose contrast flips or fades, scores
low). The inside is smooth once print is closed away, the page is large, and its sides
have the proportions of A4 seen in perspective.
"""

from dataclasses import dataclass

import numpy as np

from desk.scan.geometry import A4_ASPECT, sample_image

_STEP = 2.5  # px either side of the border where inside and outside are compared


@dataclass(frozen=True)
class Cues:
    """What the scorer looks at, all in the working image's pixels."""

    lab: np.ndarray  # float32 Lab, print closed away, lightly blurred
    texture: np.ndarray  # local mean gradient: low on paper, high on a textured desk
    contrast: float  # the smallest step that counts as a border (Lab units)
    ink: np.ndarray | None = None  # local density of dark print (closed away from `lab`)


def _inward_normals(quads: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    p0 = quads
    d = np.roll(quads, -1, axis=1) - p0
    length = np.linalg.norm(d, axis=2, keepdims=True) + 1e-9
    n = np.stack([-d[..., 1], d[..., 0]], axis=-1) / length
    mid = p0 + d / 2
    toward = quads.mean(axis=1, keepdims=True) - mid
    n *= np.where((toward * n).sum(-1, keepdims=True) < 0, -1.0, 1.0)
    return p0, d, n


def side_support(quads: np.ndarray, cues: Cues, samples: int = 24) -> np.ndarray:
    """Per side, the mean step across the border in its dominant colour direction,
    saturating at `contrast` (0 = no border, 1 = a clear border all along).

    The step must hold both close to the border and twice as far: a thin line (a grid line
    of a desk mat, a ruled line on the page) has the same colour on both sides once you
    step past it, a border does not."""
    q = len(quads)
    p0, d, n = _inward_normals(quads)
    t = np.linspace(0.04, 0.96, samples)
    pts = p0[:, :, None, :] + d[:, :, None, :] * t[None, None, :, None]
    off = n[:, :, None, :] * _STEP
    probe = np.concatenate([pts + off, pts - off, pts + 2 * off, pts - 2 * off])
    vals = sample_image(cues.lab, probe).reshape(4, q, 4, samples, 3)
    near = vals[0] - vals[1]
    far = vals[2] - vals[3]
    med = np.median(near, axis=2, keepdims=True)
    u = med / (np.linalg.norm(med, axis=-1, keepdims=True) + 1e-9)
    proj = np.minimum((near * u).sum(-1), (far * u).sum(-1))
    # the best three quarters: a finger or a busy desk may spoil the rest of a true border
    s = np.sort(np.clip(proj / cues.contrast, 0.0, 1.0), axis=-1)
    return s[..., samples // 4 :].mean(-1)


def inside_mismatch(quads: np.ndarray, cues: Cues, samples: int = 16) -> np.ndarray:
    """How far the colour just inside the worst side is from the inside of the others.
    Along a true outline it is the same paper all round (a shadow darkens it, hence the low
    weight on lightness); an outline with one side on a desk stripe has desk inside there."""
    q = len(quads)
    p0, d, n = _inward_normals(quads)
    t = np.linspace(0.1, 0.9, samples)
    pts = (
        p0[:, :, None, :]
        + d[:, :, None, :] * t[None, None, :, None]
        + n[:, :, None, :] * (2 * _STEP)
    )
    vals = sample_image(cues.lab, pts).reshape(q, 4, samples, 3)
    side = np.median(vals, axis=2)  # q, 4, 3
    ref = np.median(side, axis=1, keepdims=True)
    diff = (side - ref) * np.array([0.3, 1.0, 1.0], np.float32)
    return np.linalg.norm(diff, axis=-1).max(axis=1)


def side_sharpness(quads: np.ndarray, cues: Cues, samples: int = 16) -> np.ndarray:
    """Per side, how abrupt its step is: the largest 1-px rise over the rise across 8 px.
    A paper's edge rises within a pixel or two (≈ 0.3–0.4 here); the edge of a shadow is a
    penumbra several pixels wide (≤ 0.15), whatever its contrast."""
    q = len(quads)
    p0, d, n = _inward_normals(quads)
    t = np.linspace(0.06, 0.94, samples)
    pts = p0[:, :, None, :] + d[:, :, None, :] * t[None, None, :, None]
    offs = np.arange(-4.0, 4.01, 1.0)
    probe = pts[None] + offs[:, None, None, None, None] * n[None, :, :, None, :]
    vals = sample_image(cues.lab, probe).reshape(len(offs), q, 4, samples, 3)
    step = vals[-1] - vals[0]
    med = np.median(step, axis=2, keepdims=True)
    u = med / (np.linalg.norm(med, axis=-1, keepdims=True) + 1e-9)
    prof = (vals * u[None]).sum(-1)
    rise = prof[-1] - prof[0]
    ratio = np.diff(prof, axis=0).max(axis=0) / np.maximum(rise, 1e-6)
    ratio = np.where(rise > 0.5 * cues.contrast, ratio, np.nan)
    with np.errstate(all="ignore"):
        out = np.nanmedian(ratio, axis=-1)
    return np.nan_to_num(out, nan=0.0)


def interior_smoothness(quads: np.ndarray, cues: Cues, grid: int = 7) -> np.ndarray:
    """How much smoother the quad's inside is than the ring just outside it: paper on a
    textured desk scores high, a patch of the desk's own pattern scores 0, and on a smooth
    desk every candidate scores about the same (this cue then says nothing)."""
    g = np.linspace(0.12, 0.88, grid)
    grid_u, grid_v = np.meshgrid(g, g)
    uu, vv = grid_u.ravel(), grid_v.ravel()
    tl, tr, br, bl = (quads[:, i, None, :] for i in range(4))
    top = tl + (tr - tl) * uu[None, :, None]
    bottom = bl + (br - bl) * uu[None, :, None]
    inside = top + (bottom - top) * vv[None, :, None]
    centre = quads.mean(axis=1, keepdims=True)
    ring = centre + (quads - centre) * 1.12
    t = np.linspace(0.0, 1.0, 8, endpoint=False)[None, None, :, None]
    outside = ring[:, :, None, :] + (np.roll(ring, -1, axis=1) - ring)[:, :, None, :] * t
    q = len(quads)
    t_in = sample_image(cues.texture, inside.reshape(-1, 2)).reshape(q, -1)
    t_out = sample_image(cues.texture, outside.reshape(-1, 2)).reshape(q, -1)
    med_in, med_out = np.median(t_in, axis=1), np.median(t_out, axis=1)
    return np.clip(1.0 - med_in / np.maximum(med_out, 1e-6), 0.0, 1.0)


def overshoot(quads: np.ndarray, cues: Cues, samples: int = 16, reach: int = 6) -> np.ndarray:
    """How far the sides' borders carry on past the corners (0 = they stop there, 1 = a
    clear border goes on), the mean of the two worst of the eight ends. A page's border
    turns at its corners; an outline cut short by the edge of a shadow or a finger across
    the page has a true border (and the shadow's) running on beyond its corners."""
    q = len(quads)
    p0, d, n = _inward_normals(quads)
    length = np.linalg.norm(d, axis=-1, keepdims=True) + 1e-9
    along = d / length
    t = np.linspace(0.1, 0.9, samples)
    pts = p0[:, :, None, :] + d[:, :, None, :] * t[None, None, :, None]
    off = n[:, :, None, :] * _STEP
    vals = sample_image(cues.lab, np.concatenate([pts + off, pts - off])).reshape(2, q, 4, -1, 3)
    med = np.median(vals[0] - vals[1], axis=2)  # q, 4, 3: the side's own step
    u = med / (np.linalg.norm(med, axis=-1, keepdims=True) + 1e-9)
    s = np.arange(3.0, 3.0 + 2 * reach, 2.0)  # px past each end
    ends = np.concatenate(
        [
            (p0 + d)[:, :, None, :] + along[:, :, None, :] * s[None, None, :, None],
            p0[:, :, None, :] - along[:, :, None, :] * s[None, None, :, None],
        ],
        axis=2,
    )  # q, 4, 2*reach, 2
    off = n[:, :, None, :] * _STEP
    ev = sample_image(cues.lab, np.concatenate([ends + off, ends - off])).reshape(
        2, q, 4, 2 * reach, 3
    )
    v = ev[0] - ev[1]
    proj = (v * u[:, :, None, :]).sum(-1)
    # a border that goes on keeps its step, colour and sign (a shadow only scales it); a
    # desk's pattern has steps of its own colours and flips sign
    alike = 1.0 - np.linalg.norm(v - med[:, :, None, :], axis=-1) / (
        np.linalg.norm(med, axis=-1)[:, :, None] + 1e-6
    )
    agree = np.clip(proj / cues.contrast, -1.0, 1.0) * np.clip(alike, 0.0, 1.0)
    strength = np.clip(agree.reshape(q, 4, 2, reach).mean(-1), 0.0, 1.0)
    return np.sort(strength.reshape(q, 8), axis=1)[:, -2:].mean(1)


def rim_texture(quads: np.ndarray, cues: Cues, samples: int = 12) -> np.ndarray:
    """How much rougher the strip just inside the roughest side is than the middle of the
    quad (log ratio, 0 when not rougher): a page's margins are as blank as its middle once
    print is closed away, an outline that takes in a strip of a patterned desk is not."""
    q = len(quads)
    p0, d, n = _inward_normals(quads)
    t = np.linspace(0.1, 0.9, samples)
    pts = (
        p0[:, :, None, :]
        + d[:, :, None, :] * t[None, None, :, None]
        + n[:, :, None, :] * (2 * _STEP)
    )
    rim = np.median(sample_image(cues.texture, pts).reshape(q, 4, samples), axis=2)
    g = np.linspace(0.2, 0.8, 4)
    uu, vv = np.meshgrid(g, g)
    tl, tr, br, bl = (quads[:, i, None, :] for i in range(4))
    top = tl + (tr - tl) * uu.ravel()[None, :, None]
    bottom = bl + (br - bl) * uu.ravel()[None, :, None]
    inside = top + (bottom - top) * vv.ravel()[None, :, None]
    mid = np.median(sample_image(cues.texture, inside).reshape(q, -1), axis=1)
    return np.clip(np.log((rim.max(1) + 0.05) / (mid + 0.05)), 0.0, 3.0) / 3.0


def paper_look(quads: np.ndarray, cues: Cues, grid: int = 6) -> np.ndarray:
    """Colour saturation (0 for white or grey, 1 for a clearly coloured sheet) and density
    of dark print inside the quad: a paper brought in is pale and printed."""
    q = len(quads)
    g = np.linspace(0.15, 0.85, grid)
    uu, vv = np.meshgrid(g, g)
    tl, tr, br, bl = (quads[:, i, None, :] for i in range(4))
    top = tl + (tr - tl) * uu.ravel()[None, :, None]
    bottom = bl + (br - bl) * uu.ravel()[None, :, None]
    inside = (top + (bottom - top) * vv.ravel()[None, :, None]).reshape(-1, 2)
    lab = sample_image(cues.lab, inside).reshape(q, -1, 3)
    ab = np.median(lab[..., 1:], axis=1)
    chroma = np.clip((np.linalg.norm(ab, axis=-1) - 8.0) / 16.0, 0.0, 1.0)
    if cues.ink is None:
        return np.stack([chroma, np.zeros(q)], axis=1)
    ink = sample_image(cues.ink, inside).reshape(q, -1).mean(1)
    return np.stack([chroma, np.clip(8.0 * ink, 0.0, 1.0)], axis=1)


def aspect_penalty(quads: np.ndarray) -> np.ndarray:
    """0 for A4 proportions (seen at a slant), growing as the quad gets squarer or longer."""
    s = np.linalg.norm(np.roll(quads, -1, axis=1) - quads, axis=2)
    a = (s[:, 0] + s[:, 2]) / 2
    b = (s[:, 1] + s[:, 3]) / 2
    ratio = np.maximum(a, b) / (np.minimum(a, b) + 1e-9)
    return np.clip(np.abs(np.log(ratio / A4_ASPECT)) - 0.12, 0.0, None)


def corner_penalty(quads: np.ndarray) -> np.ndarray:
    """How far the corners are from right angles beyond what a tilted camera gives."""
    a = np.roll(quads, 1, axis=1) - quads
    b = np.roll(quads, -1, axis=1) - quads
    cos = (a * b).sum(-1) / (np.linalg.norm(a, axis=2) * np.linalg.norm(b, axis=2) + 1e-9)
    return np.clip(np.abs(cos) - 0.35, 0.0, None).max(axis=1)


def quad_area(quads: np.ndarray) -> np.ndarray:
    x, y = quads[..., 0], quads[..., 1]
    return 0.5 * np.abs((x * np.roll(y, -1, 1)).sum(1) - (np.roll(x, -1, 1) * y).sum(1))


FEATURES = (
    "support",
    "weakest_side",
    "smooth",
    "area",
    "aspect",
    "corners",
    "off_centre",
    "mismatch",
    "overshoot",
    "rim",
    "chroma",
    "print",
    "small",
)
# Screening weights for the many raw candidates (cheap features, no sharpness).
SCREEN_WEIGHTS = np.array([1.0, 0.5, 0.8, 0.6, -1.0, -1.0, -1.0, -0.5, -0.5, -0.5, -0.3, 0.0, -0.5])
# Ranking the snapped short list (sides weighted by their sharpness): fitted by a listwise
# softmax ranking on 600 generated desk photos (`bench/bench_detect.py --fit`).
CHOICE_WEIGHTS = np.array(
    [
        0.493,
        1.398,
        1.019,
        0.21,
        -1.699,
        -1.034,
        -0.701,
        -0.491,
        -1.696,
        -0.546,
        -0.183,
        0.328,
        -0.694,
    ]
)


def features(quads: np.ndarray, cues: Cues, *, sharp: bool = False) -> np.ndarray:
    """One row of FEATURES per quad; with `sharp`, a side counts only as much as it is
    sharp (dearer: for the short list)."""
    h, w = cues.texture.shape
    sides = side_support(quads, cues)
    if sharp:
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            r = side_sharpness(quads, cues)
        # a paper edge here rises over 0.24–0.42 of its step in one pixel; a shadow's edge
        # rises slower, a thin line (a grid on a desk mat) is all rise and no step
        sides = sides * np.clip(np.minimum((r - 0.12) / 0.12, (0.56 - r) / 0.14), 0.0, 1.0)
    area = quad_area(quads) / float(h * w)
    # the officer centres the paper: an outline far off-centre is more likely another sheet
    off = np.linalg.norm(quads.mean(axis=1) - (w / 2, h / 2), axis=1) / np.hypot(w, h)
    return np.stack(
        [
            sides.mean(1),
            sides.min(1),
            interior_smoothness(quads, cues),
            np.sqrt(area),
            aspect_penalty(quads),
            corner_penalty(quads),
            np.clip(off - 0.1, 0.0, None),
            np.clip((inside_mismatch(quads, cues) - 8.0) / 16.0, 0.0, 1.0),
            overshoot(quads, cues),
            rim_texture(quads, cues),
            *paper_look(quads, cues).T,
            # a page brought to the desk camera fills a good part of the frame; a sheet
            # lying beside it is smaller
            np.clip((0.4 - np.sqrt(area)) / 0.1, 0.0, 1.0),
        ],
        axis=1,
    )


def score_quads(quads: np.ndarray, cues: Cues, *, sharp: bool = False) -> np.ndarray:
    """Score per quad, higher is better."""
    if len(quads) == 0:
        return np.zeros(0)
    return features(quads, cues, sharp=sharp) @ (CHOICE_WEIGHTS if sharp else SCREEN_WEIGHTS)


def snap_quad(quad: np.ndarray, cues: Cues, radius: int = 4, samples: int = 32) -> np.ndarray:
    """Move each side (both ends independently, up to `radius` px) onto the strongest
    consistent step edge nearby, then re-intersect the sides."""
    from desk.scan.geometry import intersect, line_through

    p0, d, n = _inward_normals(quad[None])
    p0, d, n = p0[0], d[0], n[0]
    t = np.linspace(0.04, 0.96, samples)
    offs = np.arange(-radius - 1, radius + 1.01, 0.5)
    lines = []
    da, db = np.meshgrid(np.arange(-radius, radius + 1.0), np.arange(-radius, radius + 1.0))
    da, db = da.ravel(), db.ravel()
    for i in range(4):
        pts = p0[i] + d[i] * t[:, None]
        grid = pts[:, None, :] + offs[None, :, None] * n[i]
        # a short baseline: a paper's sharp edge outscores the soft edge of a shadow beside it
        a = sample_image(cues.lab, (grid + 0.75 * n[i]).reshape(-1, 2))
        b = sample_image(cues.lab, (grid - 0.75 * n[i]).reshape(-1, 2))
        diff = (a - b).reshape(samples, len(offs), 3)
        # concave, not capped: a capped step has a flat top and the side would slide along it
        strength = np.sqrt(np.linalg.norm(diff, axis=-1))
        o = da[:, None] + (db - da)[:, None] * t[None, :]
        idx = (o - offs[0]) / 0.5
        lo = np.clip(np.floor(idx).astype(int), 0, len(offs) - 2)
        fr = idx - lo
        k = np.arange(samples)[None, :]
        e = strength[k, lo] * (1 - fr) + strength[k, lo + 1] * fr
        best = int(np.argmax(e.sum(1)))
        a_pt = p0[i] + da[best] * n[i]
        b_pt = p0[i] + d[i] + db[best] * n[i]
        lines.append(line_through(a_pt, b_pt))
    corners = [intersect(lines[(i - 1) % 4], lines[i]) for i in range(4)]
    if any(c is None for c in corners):
        return quad
    return np.array(corners)
