"""Referral Desk: the transfer-and-consultation center's terminal desk."""

# The release, in one place: the package metadata (pyproject's dynamic version), `referral-desk --version`,
# `server token list` and the server's metrics read it here. Each release has its section in CHANGELOG.md.
__version__ = "0.2.0"
