from __future__ import annotations

import copy

import pytest

from .web_helpers import SPEC, Client, make_app


@pytest.fixture
def spec() -> dict:
    return copy.deepcopy(SPEC)


@pytest.fixture(scope="module")
def app():
    return make_app()


@pytest.fixture
def client(app) -> Client:
    return Client(app)
