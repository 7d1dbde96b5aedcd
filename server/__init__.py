"""copydesk: an editorial linter for news copy."""

# The one place the version is written: pyproject.toml reads it from here (tool.setuptools.dynamic),
# so that no command pays for importlib.metadata to learn it at start-up.
__version__ = "0.1.0"
