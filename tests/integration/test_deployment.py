"""prefect.yaml's deployment resolves to the pipeline flow, with valid parameters and schedule.

`prefect deploy` only reads prefect.yaml when someone deploys, against a server:
a renamed flow, a dropped parameter or a broken cron would surface on the
scheduled morning. This checks the same things with no server: the YAML is
parsed, the entrypoint is loaded the way a worker loads it, and the parameters
and the schedule are validated by Prefect's own classes.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import inspect
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def deployment() -> dict:
    data = yaml.safe_load((ROOT / "prefect.yaml").read_text(encoding="utf-8"))
    deployments = {d["name"]: d for d in data["deployments"]}
    assert "eventdata-daily" in deployments
    return deployments["eventdata-daily"]


def test_entrypoint_loads_the_pipeline_flow(deployment: dict) -> None:
    from prefect.flows import Flow, load_flow_from_entrypoint

    path, func = deployment["entrypoint"].split(":")
    assert (ROOT / path).is_file()
    loaded = load_flow_from_entrypoint(f"{ROOT / path}:{func}", use_placeholder_flow=False)
    assert isinstance(loaded, Flow)
    assert loaded.name == "eventdata-pipeline"
    # The loaded flow has the same signature as the one the CLI runs.
    from flows.pipeline import pipeline

    assert inspect.signature(loaded.fn) == inspect.signature(pipeline.fn)


def test_parameters_are_the_flows_and_validate(deployment: dict) -> None:
    from flows.pipeline import pipeline

    params = deployment["parameters"]
    accepted = set(inspect.signature(pipeline.fn).parameters)
    assert set(params) <= accepted, f"unknown parameters: {set(params) - accepted}"
    assert {"raw_dir", "curated_dir"} <= set(params)
    validated = pipeline.validate_parameters(params)
    assert Path(validated["raw_dir"]) == Path("raw")
    assert int(validated["batch_size"]) >= 1


def test_schedule_is_a_valid_daily_cron(deployment: dict) -> None:
    # The server's schedule class: the one that computes the runs it will create.
    from prefect.server.schemas.schedules import CronSchedule

    schedules = deployment["schedules"]
    assert len(schedules) == 1 and schedules[0]["active"] is True
    cron = CronSchedule(cron=schedules[0]["cron"], timezone=schedules[0].get("timezone", "UTC"))
    start = dt.datetime(2026, 11, 25, 7, 0, tzinfo=dt.UTC)
    runs = asyncio.run(cron.get_dates(n=2, start=start))
    assert [r.astimezone(dt.UTC).hour for r in runs] == [6, 6]
    assert runs[0].astimezone(dt.UTC).date() == dt.date(2026, 11, 26)
    assert runs[1] - runs[0] == dt.timedelta(days=1)


def test_bad_cron_is_rejected() -> None:
    from prefect.client.schemas.schedules import CronSchedule

    with pytest.raises(ValueError):
        CronSchedule(cron="0 25 * * *", timezone="UTC")


def test_work_pool_and_pull_step(deployment: dict) -> None:
    data = yaml.safe_load((ROOT / "prefect.yaml").read_text(encoding="utf-8"))
    assert deployment["work_pool"]["name"] == "local-process"
    steps = [next(iter(s)) for s in data["pull"]]
    assert "prefect.deployments.steps.set_working_directory" in steps
