"""tqdm progress bars for long commands: bytes read (with ETA) and rows per second."""

import time

from tqdm import tqdm


class Bar:
    """A byte-based bar whose postfix shows rows read and rows/s."""

    def __init__(self, name, total_bytes, disable=None):
        self.bar = tqdm(total=total_bytes, unit="B", unit_scale=True, desc=name[:40],
                        disable=disable, leave=True, dynamic_ncols=True)
        self.started, self.row_count = time.monotonic(), 0

    def bytes(self, count):
        """Advance by bytes read."""
        self.bar.update(count)

    def rows(self, count):
        """Add rows read to the postfix."""
        self.row_count += count
        rate = self.row_count / max(time.monotonic() - self.started, 1e-9)
        self.bar.set_postfix_str(f"{self.row_count:,} rows, {rate:,.0f} rows/s")

    def close(self):
        """Finish the bar."""
        self.bar.close()


def factory(quiet=False):
    """A progress(name, total) callable for the core, or None when quiet."""
    return None if quiet else (lambda name, total: Bar(name, total))
