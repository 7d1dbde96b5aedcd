"""copydesk: an editorial linter for news copy."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("copydesk")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"
