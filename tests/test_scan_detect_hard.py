"""Generated desk photos that the detector once got wrong: a coloured or a printed sheet
beside the page, a shadow band across the page on a striped desk (with fingers over an
edge), a strip of a patterned desk taken in with the page."""

import pytest
from synth import desk_photo

from desk.scan.detect import detect_page
from desk.scan.geometry import quad_jaccard


@pytest.mark.parametrize(
    ("seed", "kind"),
    [
        (20091, "light"),  # a dark teal sheet in a shadow band outranked the page
        (20245, "clutter"),  # a plain green sheet on a checked cloth
        (20189, "pattern"),  # stripes drowned the page's edges; a shadow band across it
        (20166, "hand"),  # the outline stopped at a shadow's edge above two fingers
        (20557, "clutter"),  # shadow across the page, a sheet beside it
        (20795, "pattern"),  # the outline took in a band of the checked cloth
    ],
)
def test_hard_desk_photo(seed, kind):
    shot = desk_photo(seed, kind)
    assert quad_jaccard(shot.corners, detect_page(shot.image).corners) >= 0.95
