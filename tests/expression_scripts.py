"""A project script module for the runScript rows (tests/expression_cases_gateway.py) and the trigger
tests: a gateway would make it visible by name; here it is importable from tests/."""
from __future__ import unicode_literals

VERSION = 3
CALLS = [0]


def add(a, b):
    return a + b


def greeting():
    return "hello"


def fail():
    raise ValueError("the script refused")


def calls():
    """How many times it was called: its value changes at every evaluation, with no tag involved."""
    CALLS[0] += 1
    return CALLS[0]


STATE = {"running": False}


def running():
    """A start condition kept by a script, not by a tag."""
    return STATE["running"]
