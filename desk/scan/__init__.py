"""From a paper on the counter to a small, legal PDF: page detection, clean-up, codes. No Qt."""
