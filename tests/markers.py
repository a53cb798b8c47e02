"""The `pg`, `ui`, `jupyter` and `slow` markers, applied at collection so that nobody has to remember them.

Nothing is skipped by these markers: `make test` runs everything; `make test-fast` deselects
`pg`, `ui` and `slow` with `-m`. The markers are declared in pyproject.toml (`--strict-markers`).
"""

from __future__ import annotations

from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent

# Fixtures that open a PostgreSQL connection (directly or through a server on it).
PG_FIXTURES = frozenset({"pg_server_url", "pg_url", "pg_app", "postgresql_server"})
# The parameter value the database-matrix fixtures (`server`, client `target`, `modeldb_db_url`, ...) use for it.
PG_PARAM = "postgresql"
# A real Jupyter server (pytest-jupyter) or a real kernel (nbclient, jupyter_client) in the test's module.
JUPYTER_FIXTURES = frozenset({"jp_serverapp"})
JUPYTER_MODULES = ("nbclient", "jupyter_client")

# Slow tests, by node id without parameters; a file path marks every test of the file. Measured on the 2-core dev
# machine with `pytest --durations`: a test whose call takes about 1.5 s or more, and whole files that spawn a
# server process per test, send requests of 100k+ ids, or fuzz every route. Re-measure when adding tests:
#   .venv/bin/python -m pytest --durations=60 -q -p no:cacheprovider -m "not pg and not ui and not slow" tests/<dir>
# tests/test_markers.py checks that every entry still names a test.
SLOW = frozenset(
    {
        # whole files: server processes, 100k-id requests, property fuzzing of every route, notebooks in kernels
        "tests/backend/test_hardening_batches.py",
        "tests/backend/test_hardening_parity.py",
        "tests/backend/test_hardening_shutdown.py",
        "tests/backend/test_replicas.py",
        "tests/backend/test_rolling_upgrade.py",
        "tests/backend/test_server.py",
        "tests/backend/test_workers.py",
        "tests/backend/versioning/test_size.py",
        "tests/bench/test_bench_smoke.py",
        "tests/cluster/test_cluster.py",
        "tests/cluster/test_faults.py",
        "tests/fuzz/test_rest_bodies.py",
        "tests/fuzz/test_rest_fuzz.py",
        "tests/jupyter/test_magics_notebook.py",
        "tests/jupyter/test_quickstart_rerun.py",
        "tests/magics/test_kernel_lifecycle.py",
        "tests/magics/test_registry_notebook.py",
        "tests/magics/test_version_notebook.py",
        "tests/widgets/test_notebook.py",
        # single tests of 1.5 s or more, and the ones that start a server process or a kernel
        "tests/backend/test_access_log.py::test_serve_writes_one_json_object_per_request_line",
        "tests/backend/test_metrics.py::test_several_processes_report_together",
        "tests/backend/test_series_downsample.py::test_every_bucket_keeps_its_exact_extremes",
        "tests/widgets/test_chart.py::test_a_long_series_is_drawn_downsampled_with_its_spikes",
        "tests/backend/test_probes.py::test_sigterm_drains_then_stops",
        "tests/backend/test_probes.py::test_sigterm_drains_every_worker_process",
        "tests/backend/test_query_grammar.py::test_garbage_never_crashes",
        "tests/backend/test_request_keys.py::test_keys_expire_and_are_purged_in_batches",
        "tests/backend/test_request_keys.py::test_the_client_retries_a_write_whose_answer_was_lost",
        "tests/backend/test_request_keys.py::test_two_replicas_on_one_postgresql",
        "tests/backend/test_settings.py::test_bad_values_stop_the_server_with_one_line",
        "tests/backend/test_settings.py::test_grpc_port_flag_off",
        "tests/backend/test_settings.py::test_grpc_port_from_the_environment",
        "tests/backend/test_settings.py::test_standalone_honours_limits_sweep_and_grpc_off_from_the_environment",
        "tests/backend/test_settings.py::test_standalone_sweep_off_and_default_limits",
        "tests/backend/versioning/test_diff.py::test_100k_blob_commits_diff_merge_and_revert_touch_only_the_change",
        "tests/backend/versioning/test_grpc_message_size.py::test_listing_over_4_mb_over_grpc",
        "tests/client/test_artifacts_s3.py::test_multipart_upload_and_download",
        "tests/client/test_default_names.py::test_a_fast_sweep_of_unnamed_runs",
        "tests/client/test_embedded_settings.py::test_embedded_honours_database_artifact_root_and_upload_limit",
        "tests/client/test_exit.py::test_exit_with_the_backend_down_keeps_the_journal",
        "tests/client/test_lifecycle.py::test_idle_sender_sleeps_when_a_heartbeat_is_due_but_no_run_is_running",
        "tests/client/test_multiprocess.py::test_processes_log_to_one_experiment",
        "tests/client/test_reliability.py::test_journal_of_a_live_client_is_not_adopted",
        "tests/client/test_reliability.py::test_kernel_journal_follows_the_store_across_server_ports",
        "tests/client/test_reliability.py::test_kill_and_restart_mid_loop_stores_every_point_once",
        "tests/client/test_reliability.py::test_outage_spools_and_the_next_client_replays",
        "tests/client/test_start_run.py::test_a_spooled_creation_replayed_twice_is_one_run",
        "tests/fuzz/test_openapi.py::test_served_document",
        "tests/fuzz/test_query_properties.py::test_parse_and_compile_or_invalid",
        "tests/jupyter/test_kernel_client.py::test_kernel_logs_to_its_server",
        "tests/jupyter/test_kernel_client.py::test_quickstart_notebook_runs_against_the_server",
        "tests/magics/test_cell_magic.py::test_cell_run_failure_propagates_and_fails_the_run",
        "tests/test_markers.py::test_markers_follow_fixtures_parameters_and_paths",
        "tests/magics/test_notebook.py::test_example_notebook",
        "tests/widgets/test_browser.py::test_backend_gone_is_a_message_and_refresh_recovers",
        "tests/widgets/test_chart.py::test_live_updates_while_the_loop_logs",
    }
)


def _params(item: pytest.Item) -> dict[str, object]:
    callspec = getattr(item, "callspec", None)
    return dict(callspec.params) if callspec is not None else {}


def needs_postgresql(item: pytest.Item) -> bool:
    names = set(getattr(item, "fixturenames", ()))
    return bool(names & PG_FIXTURES) or any(isinstance(v, str) and v == PG_PARAM for v in _params(item).values())


def needs_jupyter(item: pytest.Item) -> bool:
    if set(getattr(item, "fixturenames", ())) & JUPYTER_FIXTURES:
        return True
    module = getattr(item, "module", None)
    if module is None:
        return False
    return any(getattr(value, "__module__", "").startswith(JUPYTER_MODULES) for value in vars(module).values())


def is_slow(item: pytest.Item) -> bool:
    node = item.nodeid.split("[", 1)[0]
    return node in SLOW or node.split("::", 1)[0] in SLOW


def markers_for(item: pytest.Item) -> list[str]:
    marks = []
    if needs_postgresql(item):
        marks.append("pg")
    in_browser = item.path.is_relative_to(TESTS / "ui")
    if in_browser:
        marks.append("ui")
    if in_browser or needs_jupyter(item):  # the browser tests drive a JupyterLab server of their own
        marks.append("jupyter")
    if is_slow(item):
        marks.append("slow")
    return marks


def apply_markers(items: list[pytest.Item]) -> None:
    for item in items:
        for name in markers_for(item):
            item.add_marker(name)
