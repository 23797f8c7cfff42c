"""Why a channel could not be listed: one exception per cause, shared by the resolver and
its adapters (kept apart so that neither imports the other)."""

from ..errors import UserError
from ..i18n import N_


class ChannelError(UserError):
    """A channel could not be resolved; the subclass says why."""

    status = 502
    rank = 0  # when every resolver fails, the highest-ranked failure is the one shown
    final = False  # True: the channel itself is the problem, so other resolvers are not tried


class Unsupported(ChannelError):
    """This resolver cannot handle that kind of reference; the next one may."""

    rank = -1


class QuotaExhausted(ChannelError):
    """The Data API key has no quota left today."""

    status, rank = 503, 1

    def __init__(self):
        super().__init__(N_("YouTube's daily API quota for this site is used up, and the other "
                            "ways of listing the channel did not work either. Try again "
                            "tomorrow."))


class YouTubeError(ChannelError):
    """YouTube answered, but with an error or something unreadable."""

    status, rank = 502, 2

    def __init__(self, detail):
        super().__init__(f"YouTube answered with an error, so the channel's uploads could not "
                         f"be listed ({detail}). Try again later.")


class NetworkUnreachable(ChannelError):
    """YouTube could not be reached or did not answer in time."""

    status, rank = 503, 3

    def __init__(self):
        super().__init__(N_("YouTube could not be reached just now, so the channel's uploads "
                            "could not be listed. Try again in a few minutes."))


class ChannelMissing(ChannelError):
    """No channel has that ID, handle or name."""

    status, rank, final = 404, 4, True

    def __init__(self, what):
        super().__init__(f"YouTube has no channel {what}. Check the spelling; a channel that "
                         "was deleted or renamed can no longer be found under its old name.")


class VideoMissing(ChannelError):
    """The video whose channel was wanted does not exist or is private."""

    status, rank, final = 404, 4, True

    def __init__(self, video_id):
        super().__init__(f"YouTube has no public video {video_id}, so its channel is unknown. "
                         "It may be private or deleted; paste the channel link instead.")


class ChannelUnavailable(ChannelError):
    """The channel exists but is private or was terminated."""

    status, rank, final = 410, 5, True

    def __init__(self, what):
        super().__init__(f"The channel {what} is private or has been terminated by YouTube, so "
                         "its uploads cannot be listed.")
