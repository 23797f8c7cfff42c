"""Clip times as pages, reports and removal letters show them (web.urls.timecode)."""

import pytest

from web.urls import timecode


@pytest.mark.parametrize("seconds, shown", [
    (0, "0:00"), (7.123, "0:07.1"), (12.5, "0:12.5"), (30.0, "0:30"),
    (3723.4, "1:02:03.4"), (None, "—"),
    # A time that rounds up to the next second, minute or hour carries into it.
    (0.96, "0:01"), (10.951, "0:11"), (59.97, "1:00"), (3599.99, "1:00:00"),
    (59.94, "0:59.9"), (0.04, "0:00"),
])
def test_clip_times_to_the_nearest_tenth(seconds, shown):
    assert timecode(seconds) == shown
