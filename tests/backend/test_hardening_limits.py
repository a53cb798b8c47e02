"""Issue 12, defect 6: the same limits and the same answers on SQLite and PostgreSQL.

SQLite refused a CONTAIN value over its LIKE pattern limit and a query deeper than its expression limit
(500s), PostgreSQL refused text longer than a VARCHAR column (500) and took seconds to plan many
intersected predicates; integers over Python's digit limit failed the query parser. Every one of these is
now a 400 that names the limit, before any SQL runs, on both databases and both transports.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert, update
from sqlalchemy.orm import Session

from modeldb_backend.errors import InvalidArgument
from modeldb_backend.store import models as m
from modeldb_backend.store.engine import make_engine
from tests.apiclient import Api, ApiError
from tests.backend.runs_support import Ctx

LIMIT = "the limit is"


@pytest.fixture
def c(api: Api, uniq: str) -> Ctx:
    ctx = Ctx(api, uniq)
    for i in range(3):  # rows to compare against: SQLite checks a LIKE pattern only when it runs it
        ctx.create(f"run-{i}", metrics=[{"key": "a", "value": i}], tags=[f"tag-{i}"])
    return ctx


def _find(c: Ctx, predicates: list[dict[str, Any]]) -> dict[str, Any]:
    return c.call("findExperimentRuns", {"project_id": c.project["id"], "predicates": predicates})


def _query(c: Ctx, query: str) -> dict[str, Any]:
    return c.api.call("ExtensionService", "queryRuns", {"project_id": c.project["id"], "query": query})


def _refused(call: Any, *args: Any) -> str:
    with pytest.raises(ApiError) as info:
        call(*args)
    assert info.value.code == 3, info.value.message
    return info.value.message


def test_contain_values_have_one_limit(c: Ctx) -> None:
    long = {"key": "name", "operator": "CONTAIN", "value": "a" * 50_000}
    assert "over the limit of 10000" in _refused(_find, c, [long])
    assert "over the limit of 10000" in _refused(_find, c, [{**long, "key": "tags"}])
    at_limit = {"key": "name", "operator": "CONTAIN", "value": "%" * 10_000}  # escaped: twice the bytes
    assert _find(c, [at_limit]).get("experiment_runs") is None
    assert _find(c, [{"key": "tags", "operator": "NOT_CONTAIN", "value": "_" * 10_000}])["total_records"] == "3"


def test_queries_have_one_limit_on_comparisons(c: Ctx) -> None:
    assert "1200 comparisons; the limit is 64" in _refused(_query, c, " or ".join(["id=1"] * 1200))
    assert _query(c, " or ".join(["metrics.a = 1"] * 64))["total_records"] == "1"
    assert "65 comparisons" in _refused(_query, c, " and ".join(["metrics.a >= 0"] * 65))
    assert _query(c, " and ".join(["metrics.a >= 0"] * 64))["total_records"] == "3"
    many = ", ".join(str(i) for i in range(1000))
    assert _query(c, f"metrics.a in [{many}]")["total_records"] == "3"


def test_finds_have_one_limit_on_predicates_and_lists(c: Ctx) -> None:
    pred = {"key": "metrics.a", "operator": "GTE", "value": 0}
    assert "65 comparisons; the limit is 64" in _refused(_find, c, [pred] * 65)
    assert _find(c, [pred] * 64)["total_records"] == "3"
    values = list(range(1000))
    assert _find(c, [{"key": "metrics.a", "operator": "IN", "value": values}])["total_records"] == "3"
    assert "1001 values; the limit is 1000" in _refused(
        _find, c, [{"key": "metrics.a", "operator": "IN", "value": [*values, 1000]}]
    )
    assert LIMIT in _refused(_find, c, [{"key": "metrics." + "k" * 1000, "operator": "EQ", "value": 1}])


def test_integers_beyond_pythons_digit_limit_are_a_400(c: Ctx) -> None:
    assert "too large" in _refused(_query, c, "metrics.a > " + "1" * 4400)
    assert "too large" in _refused(_query, c, "metrics.a > " + "9" * 400)
    assert _query(c, "metrics.a < " + "0" * 4400 + "2")["total_records"] == "2"
    assert _query(c, "metrics.a < 12345678901234567890")["total_records"] == "3"


def test_workspace_names_have_one_limit(c: Ctx) -> None:
    projects = "ProjectService"
    long = "w" * 257
    message = _refused(c.api.call, projects, "createProject", {"name": f"p-{c.uniq}", "workspace_name": long})
    assert "workspace_name is 257 characters long; the limit is 256" in message
    assert LIMIT in _refused(c.api.call, projects, "getProjects", {"workspace_name": long})
    assert LIMIT in _refused(c.api.call, "DatasetService", "createDataset", {"name": c.uniq, "workspace_name": long})
    widest = "w" * (256 - len(c.uniq)) + c.uniq
    c.api.call(projects, "createProject", {"name": f"p-{c.uniq}", "workspace_name": widest})
    assert c.api.call(projects, "getProjects", {"workspace_name": widest})["total_records"] == "1"


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_text_over_a_column_width_is_the_same_400(database: str, tmp_path: Path, request: Any) -> None:
    """The net under the services' own checks: text wider than its column, written any way, on both."""
    url = f"sqlite:///{tmp_path / 'net.sqlite'}" if database == "sqlite" else request.getfixturevalue("pg_url")
    engine = make_engine(url)
    m.Base.metadata.create_all(engine)
    try:
        with Session(engine) as session:
            project = {"id": "p", "name": "n", "date_created": 0, "date_updated": 0}
            with pytest.raises(InvalidArgument, match=r"projects.workspace is 257 characters long; the limit is 256"):
                session.add(m.Project(**project, workspace="w" * 257))
                session.flush()
            session.rollback()
            with pytest.raises(InvalidArgument, match=r"tags.tag is 251 characters long; the limit is 250"):
                session.execute(
                    insert(m.Tag),
                    [
                        {"entity_id": "e", "tag": "ok", "entity_type": "run"},
                        {"entity_id": "e", "tag": "t" * 251, "entity_type": "run"},
                    ],
                )
            session.rollback()
            session.add(m.Project(**project, workspace="w" * 256))
            session.flush()
            with pytest.raises(InvalidArgument, match=r"projects.owner is 300 characters long"):
                session.execute(update(m.Project).where(m.Project.id == "p").values(owner="o" * 300))
            session.rollback()
    finally:
        engine.dispose()
