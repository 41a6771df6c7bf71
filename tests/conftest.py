"""Shared fixtures: one analyzer per test session (the model loads once), small articles we
write ourselves, and the bundled fictional sample corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsledger.nlp.pipeline import Analyzer

SHOOTING = (
    "Agents fire on car in Tacoma\n\n"
    "TACOMA, Wash. — Federal immigration agents shot at a car on Pacific Avenue on Tuesday "
    "afternoon, a spokesperson for the Department of Homeland Security said.\n\n"
    "The driver, a 34-year-old man, was taken to Tacoma General Hospital. Police Chief Marisol "
    "Ortega said officers secured the scene at 3:40 p.m.\n"
)


@pytest.fixture(scope="session")
def analyzer() -> Analyzer:
    return Analyzer()


@pytest.fixture()
def shooting_text() -> str:
    return SHOOTING


@pytest.fixture(scope="session")
def sample_corpus() -> Path:
    from newsledger.cli import sample_corpus

    return sample_corpus()
