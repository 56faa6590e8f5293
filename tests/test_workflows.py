"""The release workflow publishes the committed, verified build/ and the package by trusted publishing."""

from __future__ import annotations

import yaml

from .conftest import ROOT

WORKFLOW = yaml.safe_load((ROOT / ".github" / "workflows" / "release.yml").read_text(encoding="utf-8"))


def _runs(job: str) -> list[str]:
    return [step.get("run", "") for step in WORKFLOW["jobs"][job]["steps"]]


def test_release_job_checks_and_verifies_but_never_rebuilds():
    runs = "\n".join(_runs("release"))
    assert "landmine-news build --check" in runs and "landmine-news verify build" in runs
    builds = [line.strip() for line in runs.splitlines() if line.strip().startswith("landmine-news build")]
    assert builds == ["landmine-news build --check"], builds


def test_pypi_job_uses_trusted_publishing_from_the_tag():
    job = WORKFLOW["jobs"]["pypi"]
    assert job["permissions"] == {"id-token": "write"} and job["needs"] == "release"
    uses = [step.get("uses", "") for step in job["steps"]]
    assert any(u.startswith("pypa/gh-action-pypi-publish@") for u in uses)
    assert any("python -m build" in r for r in _runs("pypi"))
    assert not any("password" in str(step.get("with", {})) for step in job["steps"])
