"""Referral Desk: the transfer-and-consultation center's terminal desk."""

__version__ = "0.1.0"
