"""Fixtures of the documents tests: a published plan, a signature profile."""

from __future__ import annotations

import pytest


@pytest.fixture
def plan(make_plan):
    return make_plan("000")


@pytest.fixture
def activities_plan(make_plan):
    return make_plan("001")
