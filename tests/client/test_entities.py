"""Client entities on every backend: get-or-create, create, get by name or id, context, typed errors."""

from __future__ import annotations

import pytest

from modeldb_jupyter.client import (
    AlreadyExistsError,
    Client,
    Experiment,
    ExperimentRun,
    ModelDBWarning,
    NotFoundError,
    Project,
)


def test_set_creates_then_gets_the_same(client: Client, uniq: str) -> None:
    project = client.set_project(f"p-{uniq}", desc="about", tags=["t1"], attrs={"team": "ml"})
    assert isinstance(project, Project)
    assert (project.name, project.description, project.tags, project.attributes) == (
        f"p-{uniq}",
        "about",
        ["t1"],
        {"team": "ml"},
    )
    assert client.set_project(f"p-{uniq}") == project
    experiment = client.set_experiment("e1")
    assert isinstance(experiment, Experiment) and experiment.project_id == project.id
    assert client.set_experiment("e1") == experiment
    run = client.set_experiment_run("r1", tags=["a"], attrs={"k": 1})
    assert isinstance(run, ExperimentRun)
    assert (run.project_id, run.experiment_id) == (project.id, experiment.id)
    again = client.set_experiment_run("r1")
    assert again == run and again.id == run.id
    assert (client.proj, client.expt, client.run) == (project, experiment, run)


def test_set_with_metadata_on_existing_warns(client: Client, uniq: str) -> None:
    client.set_project(f"p-{uniq}")
    with pytest.warns(ModelDBWarning, match="already exists"):
        client.set_project(f"p-{uniq}", desc="ignored")


def test_set_without_context_creates_defaults(client: Client) -> None:
    run = client.set_experiment_run()
    assert client.proj is not None and client.proj.name.startswith("Proj ")
    assert client.expt is not None and client.expt.name.startswith("Expt ")
    assert run.name.startswith("Run ")


def test_create_twice_is_already_exists(client: Client, uniq: str) -> None:
    client.create_project(f"p-{uniq}")
    with pytest.raises(AlreadyExistsError) as info:
        client.create_project(f"p-{uniq}")
    assert isinstance(info.value, ValueError)
    assert info.value.status in (409, None)
    client.create_experiment("e")
    with pytest.raises(AlreadyExistsError):
        client.create_experiment("e")
    client.create_experiment_run("r")
    with pytest.raises(AlreadyExistsError):
        client.create_experiment_run("r")


def test_get_missing_is_not_found(client: Client, uniq: str) -> None:
    with pytest.raises(NotFoundError) as info:
        client.get_project(f"missing-{uniq}")
    assert isinstance(info.value, LookupError)
    with pytest.raises(NotFoundError):
        client.get_project(id="00000000-0000-0000-0000-000000000000")
    client.set_project(f"p-{uniq}")
    with pytest.raises(NotFoundError):
        client.get_experiment("nope")
    client.set_experiment("e")
    with pytest.raises(NotFoundError):
        client.get_experiment_run("nope")
    with pytest.raises(ValueError, match="name or id"):
        client.get_project()


def test_get_by_id_restores_the_context(client: Client, uniq: str) -> None:
    project = client.set_project(f"p-{uniq}")
    experiment = client.set_experiment("e")
    run = client.set_experiment_run("r")
    other = Client(client.target.url if client.target.kind == "http" else None)
    try:
        found = other.get_experiment_run(id=run.id)
        assert found == run and found.name == "r"
        assert other.expt == experiment and other.proj == project
        assert other.get_experiment(id=experiment.id) == experiment
        assert other.get_project(id=project.id).name == f"p-{uniq}"
        assert other.get_experiment("e") == experiment
        assert other.get_experiment_run("r") == run
        assert other.set_experiment_run(id=run.id) == run
    finally:
        other.close()


def test_switching_project_resets_experiment(client: Client, uniq: str) -> None:
    client.set_project(f"a-{uniq}")
    client.set_experiment("e")
    client.set_project(f"b-{uniq}")
    assert client.expt is None and client.run is None
    assert client.set_experiment("e").project_id == client.proj.id  # type: ignore[union-attr]


def test_delete(client: Client, uniq: str) -> None:
    project = client.set_project(f"p-{uniq}")
    experiment = client.set_experiment("e")
    run = client.set_experiment_run("r")
    run.delete()
    with pytest.raises(NotFoundError):
        client.get_experiment_run(id=run.id)
    experiment.delete()
    with pytest.raises(NotFoundError):
        client.get_experiment(id=experiment.id)
    project.delete()
    with pytest.raises(NotFoundError):
        client.get_project(f"p-{uniq}")


def test_bad_names_and_attributes_are_refused_with_the_fix(client: Client, uniq: str) -> None:
    with pytest.raises(ValueError, match="256"):
        client.create_project("x" * 300)
    with pytest.raises(ValueError, match="NaN"):
        client.create_project(f"p-{uniq}", attrs={"a": float("nan")})
    with pytest.raises(TypeError, match="JSON"):
        client.create_project(f"p-{uniq}", attrs={"a": object()})
    with pytest.raises(ValueError, match="tag"):
        client.create_project(f"p-{uniq}", tags=[""])


def test_repr_and_equality(client: Client, uniq: str) -> None:
    project = client.set_project(f"p-{uniq}")
    assert repr(project) == f"<Project 'p-{uniq}' id={project.id}>"
    assert len({project, client.get_project(f"p-{uniq}")}) == 1
    assert "Client of" in repr(client)
