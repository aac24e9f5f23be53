"""The one exception the instrument loader raises."""


class InstrumentError(Exception):
    """A broken instrument file; the one-line message names the file, the place and the problem."""
