"""Running the command line in a test: the fixtures' instant, the output captured."""

from __future__ import annotations

from referral_desk.cli import main
from referral_desk.clock import FixedClock
from tests.fixtures import NOW


def run(argv, capsys):
    code = main(argv, clock=FixedClock(NOW))
    out = capsys.readouterr()
    return code, out.out, out.err
