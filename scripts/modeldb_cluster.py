"""A local cluster of real processes: PostgreSQL database, moto's S3, N backend replicas and HAProxy in front.

The core of `scripts/cluster`, importable by the tests (tests/cluster/conftest.py puts scripts/ on sys.path) and
the benchmarks: `Cluster(directory).up(replicas=3)`, `.restart_replica(2)`, `.kill_replica(1)`, `.down()`.
Everything about a running cluster is in its directory (default .cluster/): state.json (ports, database, pids),
url (the load balancer's URL), <component>.pid and <component>.log. Any process can drive a cluster from its
directory; nothing is kept only in memory. By default the data lives as long as the cluster (moto keeps S3 in
memory, `down` drops the database); `up(data_dir=...)` keeps it (local artifact store, database kept).
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HAPROXY_CFG = ROOT / "deploy" / "haproxy" / "haproxy.cfg"
MAX_REPLICAS = 8  # the slots of deploy/haproxy/haproxy.cfg
BUCKET = "modeldb"
ARTIFACT_PREFIX = "artifacts"
CHECK_PATH = "/readyz"  # HAProxy's health check: 200 = in rotation, 503 while a replica drains or stops
DRAIN_SECONDS = 1.5  # > HAProxy's check interval (400 ms, fall 1): the replica leaves rotation before it stops
START_TIMEOUT = 60.0
STOP_TIMEOUT = 15.0  # after SIGTERM, then SIGKILL; above drain + the default shutdown grace
S3_ENV = {"AWS_ACCESS_KEY_ID": "cluster", "AWS_SECRET_ACCESS_KEY": "cluster", "AWS_DEFAULT_REGION": "us-east-1"}
DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432/postgres"
MEMBER_VAR = "MODELDB_CLUSTER_MEMBER"  # in every process the cluster starts: its directory (see _alive)


class ClusterError(RuntimeError):
    """The cluster cannot do what was asked; the message says why (shown without a traceback by the CLI)."""


@dataclass
class Replica:
    n: int
    rest_port: int
    grpc_port: int
    pid: int | None = None

    @property
    def name(self) -> str:
        return f"replica-{self.n}"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.rest_port}"

    @property
    def grpc_target(self) -> str:
        return f"127.0.0.1:{self.grpc_port}"


@dataclass
class State:
    """What state.json holds: enough to find, stop and restart every process of the cluster."""

    db_name: str
    pg_admin_url: str
    lb_port: int
    stats_port: int
    moto_port: int
    check_path: str
    replicas: list[Replica]
    extra_env: dict[str, str] = field(default_factory=dict)
    pids: dict[str, int] = field(default_factory=dict)  # moto, haproxy
    # Kept data (`up --data DIR`): artifacts in DIR on the local store (no moto), the database kept by `down`.
    data_dir: str | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.lb_port}"

    @property
    def grpc_target(self) -> str:
        return f"127.0.0.1:{self.lb_port}"

    @property
    def db_url(self) -> str:
        base = self.pg_admin_url.rsplit("/", 1)[0]
        return f"{base}/{self.db_name}"

    @property
    def s3_endpoint(self) -> str | None:
        return None if self.data_dir else f"http://127.0.0.1:{self.moto_port}"

    @property
    def artifact_root(self) -> str:
        return str(Path(self.data_dir) / "artifacts") if self.data_dir else f"s3://{BUCKET}/{ARTIFACT_PREFIX}"

    @classmethod
    def load(cls, path: Path) -> State:
        raw = json.loads(path.read_text())
        raw["replicas"] = [Replica(**r) for r in raw["replicas"]]
        return cls(**raw)

    def save(self, path: Path) -> None:
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(self), indent=2))
        tmp.replace(path)  # a reader never sees half a file


# ---- processes -------------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _alive(pid: int | None, marker: str, member: Path | None = None) -> bool:
    """Whether `pid` runs, its command line contains `marker` and (given `member`) it was started for the cluster
    in that directory (MEMBER_VAR in its environment): a recycled pid, or another cluster's process, is not."""
    if not pid:
        return False
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0") if member is not None else []
    except OSError:
        return False
    state = stat.rsplit(")", 1)[1].split()[0]
    ours = member is None or f"{MEMBER_VAR}={member}".encode() in environ
    return state not in ("Z", "X") and marker in cmdline and ours


def _reap(pid: int) -> None:
    """Collects an exited child of this process (the tests start the processes themselves); others: no-op."""
    with contextlib.suppress(ChildProcessError, OSError):
        os.waitpid(pid, os.WNOHANG)


def _wait_exit(pid: int, marker: str, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while True:  # checked at least once, whatever the timeout
        _reap(pid)
        if not _alive(pid, marker):
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.05)


def stop_process(pid: int | None, marker: str, timeout: float = STOP_TIMEOUT) -> None:
    """SIGTERM, then SIGKILL if it has not exited after `timeout` seconds; returns once it is gone."""
    stop_all([pid], marker, timeout)


def stop_all(pids: list[int | None], marker: str, timeout: float = STOP_TIMEOUT, skip_drain: bool = False) -> None:
    """Stops several processes at once: SIGTERM to all, wait, SIGKILL those still there after `timeout`.

    `skip_drain`: a second SIGTERM shortly after the first ends a replica's drain (when nobody routes to it).
    One SIGTERM only otherwise: a second one would cut the drain short.
    """
    live = [pid for pid in pids if pid is not None and _alive(pid, marker)]
    for round_ in range(2 if skip_drain else 1):
        if round_:
            time.sleep(0.2)  # two signals sent back to back may arrive as one
        for pid in live:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    for pid in live:
        if _wait_exit(pid, marker, max(deadline - time.monotonic(), 0.0)):
            continue
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        if not _wait_exit(pid, marker, 10):
            raise ClusterError(f"process {pid} ({marker}) survived SIGKILL")


def _spawn(argv: list[str], log: Path, env: Mapping[str, str]) -> int:
    """Starts a detached process (its own session: a Ctrl-C in the terminal does not reach it) logging to `log`,
    marked as a member of the cluster in the log's directory."""
    env = {**env, MEMBER_VAR: str(log.parent)}
    with log.open("ab") as out:
        proc = subprocess.Popen(
            argv, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True
        )
    return proc.pid


def _http_status(url: str, timeout: float = 2.0) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return exc.code
    except (OSError, ValueError):
        return None


def _wait_for(what: str, check: Callable[[], bool], timeout: float, log: Path | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    tail = ""
    if log is not None and log.exists():
        tail = "\n" + "\n".join(log.read_text(errors="replace").splitlines()[-15:])
    raise ClusterError(f"{what} not ready after {timeout:.0f} s{tail}")


def _bin(name: str) -> str:
    """A console script of the environment running us (.venv/bin/modeldb-backend, .venv/bin/moto_server)."""
    candidate = Path(sys.executable).parent / name
    return str(candidate) if candidate.exists() else name


# ---- PostgreSQL --------------------------------------------------------------------------------------------------


def _pg(admin_url: str, sql: str) -> None:
    import psycopg2

    try:
        conn = psycopg2.connect(admin_url, connect_timeout=5)
    except psycopg2.OperationalError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ClusterError(
            f"cannot reach PostgreSQL ({first}); point MODELDB_CLUSTER_PG (or --pg) at a server where we may create "
            "databases, e.g. postgresql://postgres@127.0.0.1:5432/postgres"
        ) from None
    conn.autocommit = True
    try:
        conn.cursor().execute(sql)
    finally:
        conn.close()


def _pg_has_database(admin_url: str, name: str) -> bool:
    import psycopg2

    conn = psycopg2.connect(admin_url, connect_timeout=5)
    try:
        cursor = conn.cursor()
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
        return cursor.fetchone() is not None
    finally:
        conn.close()


def default_pg_admin_url() -> str:
    url = os.environ.get("MODELDB_CLUSTER_PG") or os.environ.get("TEST_DATABASE_URL") or DEFAULT_PG
    return url.replace("postgresql+psycopg2://", "postgresql://")


# ---- the cluster -----------------------------------------------------------------------------------------------


class Cluster:
    """The cluster kept in `directory`; every method works from state.json, so any process may call them."""

    def __init__(self, directory: Path | str = ROOT / ".cluster") -> None:
        self.dir = Path(directory).resolve()
        self.state_file = self.dir / "state.json"
        self.already_up = False  # set by up(): the cluster was running already, nothing was started

    # -- reading

    @property
    def db_name(self) -> str:
        """The cluster's database: one per cluster directory (kept data is found again by the next `up`)."""
        return f"modeldb_cluster_{hashlib.sha1(str(self.dir).encode()).hexdigest()[:10]}"

    def _ours(self, pid: int | None, marker: str) -> bool:
        return _alive(pid, marker, self.dir)

    def state(self) -> State:
        if not self.state_file.exists():
            raise ClusterError(f"no cluster in {self.dir} (run `scripts/cluster up`)")
        return State.load(self.state_file)

    @property
    def url(self) -> str:
        return self.state().url

    def replica(self, n: int) -> Replica:
        for replica in self.state().replicas:
            if replica.n == n:
                return replica
        raise ClusterError(f"no replica {n} (replicas: 1..{len(self.state().replicas)})")

    def replica_alive(self, n: int) -> bool:
        return self._ours(self.replica(n).pid, "modeldb-backend")

    def lb_stats(self) -> list[dict[str, str]]:
        """HAProxy's stats CSV rows, every proxy and server (status, stot, hrsp_5xx, eresp, econ, wretr, ...)."""
        state = self.state()
        with urllib.request.urlopen(f"http://127.0.0.1:{state.stats_port}/stats;csv", timeout=2) as response:
            text = response.read().decode()
        return list(csv.DictReader(io.StringIO(text.lstrip("# "))))

    def _lb_rows(self, proxy: str = "modeldb_rest") -> dict[str, dict[str, str]]:
        """The server rows of one HAProxy backend by server name ("replica1", ...); {} when HAProxy does not answer."""
        try:
            rows = self.lb_stats()
        except OSError:
            return {}
        return {r["svname"]: r for r in rows if r["pxname"] == proxy and r["svname"] not in ("FRONTEND", "BACKEND")}

    def lb_servers(self) -> dict[str, str]:
        """HAProxy's view of the REST servers: {"replica1": "UP", "replica2": "DOWN", ...}."""
        return {name: row["status"] for name, row in self._lb_rows().items()}

    def status(self) -> dict[str, object]:
        state = self.state()
        rest, grpc = self._lb_rows(), self._lb_rows("modeldb_grpc")
        return {
            "url": state.url,
            "database": state.db_name,
            "db_url": state.db_url.replace("postgresql://", "postgresql+psycopg2://"),  # MODELDB_DB_URL
            "artifacts": state.artifact_root,
            "s3": state.s3_endpoint,
            "moto": self._ours(state.pids.get("moto"), "moto"),
            "haproxy": self._ours(state.pids.get("haproxy"), "haproxy"),
            "replicas": {
                r.name: {
                    "pid": r.pid,
                    "alive": self._ours(r.pid, "modeldb-backend"),
                    "rest": r.url,
                    "grpc": r.grpc_target,
                    "lb": rest.get(f"replica{r.n}", {}).get("status", "?"),
                    # requests HAProxy sent it (REST, gRPC) since HAProxy started
                    "requests": [int(x.get(f"replica{r.n}", {}).get("stot") or 0) for x in (rest, grpc)],
                }
                for r in state.replicas
            },
        }

    # -- up and down

    def up(
        self,
        replicas: int = 3,
        extra_env: Mapping[str, str] | None = None,
        pg_admin_url: str | None = None,
        data_dir: Path | str | None = None,
        port: int | None = None,
    ) -> State:
        """Starts the cluster; already up with as many replicas: nothing to do. Returns its state.

        `data_dir`: keep the data: artifacts on the local store in data_dir/artifacts (shared by the replicas, no
        moto), and the database survives `down` (the next `up` with a data_dir finds it again).
        `port`: HAProxy's port (default: a free one), e.g. to keep MODELDB_URL across restarts of the cluster.
        """
        if not 1 <= replicas <= MAX_REPLICAS:
            raise ClusterError(f"--replicas must be from 1 to {MAX_REPLICAS} (the slots of {HAPROXY_CFG.name})")
        self.already_up = self.state_file.exists() and self._adopt_running(replicas)
        if self.already_up:
            return self.state()
        self.dir.mkdir(parents=True, exist_ok=True)
        admin = (pg_admin_url or default_pg_admin_url()).replace("+psycopg2", "")  # psycopg2 takes libpq URLs
        state = self._new_state(replicas, dict(extra_env or {}), admin)
        state.data_dir = str(Path(data_dir).resolve()) if data_dir is not None else None
        state.lb_port = port or state.lb_port
        state.save(self.state_file)  # first: a failure below leaves what `down` needs to clean up
        try:
            self._start_all(state)
        except BaseException:
            self.down()
            raise
        return state

    def _adopt_running(self, replicas: int) -> bool:
        """True when the cluster is already fully up as asked; cleans up a dead one; refuses a partial one."""
        state = self.state()
        alive = [self._ours(r.pid, "modeldb-backend") for r in state.replicas]
        alive += [self._ours(pid, name) for name, pid in state.pids.items()]
        if all(alive) and len(state.replicas) == replicas:
            return True
        if any(alive):
            up = sum(alive)
            raise ClusterError(
                f"a cluster is already in {self.dir} ({len(state.replicas)} replicas, {up} processes alive); "
                "run `scripts/cluster down` first"
            )
        self.down()  # nothing left running (e.g. after a reboot): clean up and start afresh
        return False

    def _new_state(self, replicas: int, extra_env: dict[str, str], pg_admin_url: str) -> State:
        return State(
            db_name=self.db_name,
            pg_admin_url=pg_admin_url,
            lb_port=free_port(),
            stats_port=free_port(),
            moto_port=free_port(),
            check_path=CHECK_PATH,
            replicas=[Replica(n, free_port(), free_port()) for n in range(1, replicas + 1)],
            extra_env=extra_env,
        )

    def _start_all(self, state: State) -> None:
        if state.data_dir:
            Path(state.data_dir, "artifacts").mkdir(parents=True, exist_ok=True)
            if not _pg_has_database(state.pg_admin_url, state.db_name):
                _pg(state.pg_admin_url, f'CREATE DATABASE "{state.db_name}"')
        else:
            _pg(state.pg_admin_url, f'DROP DATABASE IF EXISTS "{state.db_name}" WITH (FORCE)')
            _pg(state.pg_admin_url, f'CREATE DATABASE "{state.db_name}"')
            self._start_moto(state)
        self._migrate(state)  # once, before the replicas: they then start on an up-to-date schema
        for replica in state.replicas:
            self._start_replica(state, replica)
        state.save(self.state_file)  # the pids: `down` stops them should one of them never get ready
        for replica in state.replicas:
            self._wait_replica_ready(replica)
        self._start_haproxy(state)
        for replica in state.replicas:
            self._wait_in_rotation(replica.n)
        (self.dir / "url").write_text(state.url + "\n")

    def down(self, drop_data: bool = False) -> None:
        """Stops every process (SIGTERM, SIGKILL after a bound) and drops the database (kept data: only when
        `drop_data`; its artifacts directory is left to its owner). Safe to repeat."""
        if not self.state_file.exists():
            return
        state = self.state()

        def mine(pids: list[int | None], marker: str) -> list[int | None]:
            return [pid for pid in pids if self._ours(pid, marker)]

        stop_all(mine([state.pids.get("haproxy")], "haproxy"), "haproxy")
        # HAProxy is gone: no drain needed; the replicas still finish the requests under way
        stop_all(mine([r.pid for r in state.replicas], "modeldb-backend"), "modeldb-backend", skip_drain=True)
        stop_all(mine([state.pids.get("moto")], "moto"), "moto")
        if drop_data or not state.data_dir:
            with contextlib.suppress(Exception):  # PostgreSQL gone too: nothing of ours is left there either
                _pg(state.pg_admin_url, f'DROP DATABASE IF EXISTS "{state.db_name}" WITH (FORCE)')
        for path in [self.state_file, self.dir / "url", *self.dir.glob("*.pid")]:
            path.unlink(missing_ok=True)

    # -- replicas

    def replica_env(self, state: State, replica: Replica) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("MODELDB_")}
        env.update(S3_ENV)
        env.update(
            {
                "MODELDB_DB_URL": state.db_url.replace("postgresql://", "postgresql+psycopg2://"),
                "MODELDB_ARTIFACT_ROOT": state.artifact_root,
                "MODELDB_S3_ENDPOINT_URL": state.s3_endpoint or "",  # empty: unset
                "MODELDB_HOST": "127.0.0.1",
                "MODELDB_PORT": str(replica.rest_port),
                "MODELDB_GRPC_PORT": str(replica.grpc_port),
                "MODELDB_INSTANCE_NAME": replica.name,
                "MODELDB_DRAIN_SECONDS": str(DRAIN_SECONDS),
                "MODELDB_WORKERS": "1",  # one process per replica: the cluster is the scale-out
            }
        )
        if state.data_dir:  # local store: artifact URLs through HAProxy, not at a replica's own port
            env["MODELDB_PUBLIC_URL"] = state.url
        env.update(state.extra_env)
        return env

    def _start_replica(self, state: State, replica: Replica) -> None:
        env = self.replica_env(state, replica)
        argv = [_bin("modeldb-backend"), "serve", "--log-level", "WARNING"]
        replica.pid = _spawn(argv, self.dir / f"{replica.name}.log", env)
        (self.dir / f"{replica.name}.pid").write_text(f"{replica.pid}\n")

    def _wait_replica_ready(self, replica: Replica, timeout: float = START_TIMEOUT) -> None:
        def ready() -> bool:
            if not self._ours(replica.pid, "modeldb-backend"):
                raise ClusterError(f"{replica.name} exited:\n{_tail(self.dir / f'{replica.name}.log')}")
            return _http_status(replica.url + CHECK_PATH) == 200  # migrated, and the database answers

        _wait_for(replica.name, ready, timeout, self.dir / f"{replica.name}.log")

    def _wait_in_rotation(self, n: int, timeout: float = START_TIMEOUT) -> None:
        _wait_for(f"replica-{n} in HAProxy's rotation", lambda: self.lb_servers().get(f"replica{n}") == "UP", timeout)

    def _update_replica(self, replica: Replica) -> None:
        state = self.state()
        state.replicas = [replica if r.n == replica.n else r for r in state.replicas]
        state.save(self.state_file)

    def start_replica(self, n: int, timeout: float = START_TIMEOUT) -> None:
        """Starts replica `n` again on its ports; returns once it is ready and back in HAProxy's rotation."""
        state = self.state()
        replica = self.replica(n)
        if self._ours(replica.pid, "modeldb-backend"):
            raise ClusterError(f"{replica.name} is running (pid {replica.pid})")
        self._start_replica(state, replica)
        self._update_replica(replica)
        self._wait_replica_ready(replica, timeout)
        self._wait_in_rotation(n, timeout)

    def stop_replica(self, n: int, timeout: float = STOP_TIMEOUT) -> None:
        """Graceful stop: SIGTERM (the replica drains, then finishes what is under way) and wait for its exit."""
        replica = self.replica(n)
        if self._ours(replica.pid, "modeldb-backend"):
            stop_process(replica.pid, "modeldb-backend", timeout)
        (self.dir / f"{replica.name}.pid").unlink(missing_ok=True)

    def kill_replica(self, n: int) -> None:
        """SIGKILL: the replica dies mid-request, as on a machine failure."""
        replica = self.replica(n)
        if replica.pid and self._ours(replica.pid, "modeldb-backend"):
            with contextlib.suppress(ProcessLookupError):
                os.kill(replica.pid, signal.SIGKILL)
            if not _wait_exit(replica.pid, "modeldb-backend", 10):
                raise ClusterError(f"{replica.name} survived SIGKILL")
        (self.dir / f"{replica.name}.pid").unlink(missing_ok=True)

    def restart_replica(self, n: int, timeout: float = START_TIMEOUT) -> None:
        """Rolling-restart step: graceful stop, start again, wait until ready and back in rotation."""
        self.stop_replica(n)
        self.start_replica(n, timeout)

    # -- moto, migrations, HAProxy

    def _start_moto(self, state: State) -> None:
        endpoint = f"http://127.0.0.1:{state.moto_port}"
        env = {**os.environ, **S3_ENV}
        argv = [_bin("moto_server"), "-H", "127.0.0.1", "-p", str(state.moto_port)]
        state.pids["moto"] = _spawn(argv, self.dir / "moto.log", env)
        (self.dir / "moto.pid").write_text(f"{state.pids['moto']}\n")
        state.save(self.state_file)
        _wait_for("moto", lambda: _http_status(endpoint + "/moto-api/") is not None, 30, self.dir / "moto.log")
        import boto3

        s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", **_boto_keys())
        s3.create_bucket(Bucket=BUCKET)

    def _migrate(self, state: State) -> None:
        env = self.replica_env(state, state.replicas[0])
        done = subprocess.run(
            [_bin("modeldb-backend"), "migrate"], env=env, capture_output=True, text=True, timeout=120, check=False
        )
        if done.returncode != 0:
            raise ClusterError(f"migrations failed:\n{done.stdout}{done.stderr}")

    def haproxy_env(self, state: State) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            {
                "MODELDB_LB_BIND": f"127.0.0.1:{state.lb_port}",
                "MODELDB_LB_STATS_BIND": f"127.0.0.1:{state.stats_port}",
                "MODELDB_LB_CHECK_PATH": state.check_path,
            }
        )
        for replica in state.replicas:
            env[f"MODELDB_REPLICA{replica.n}"] = "enabled"
            env[f"MODELDB_REPLICA{replica.n}_REST"] = f"127.0.0.1:{replica.rest_port}"
            env[f"MODELDB_REPLICA{replica.n}_GRPC"] = f"127.0.0.1:{replica.grpc_port}"
        return env

    def _start_haproxy(self, state: State) -> None:
        haproxy = os.environ.get("MODELDB_HAPROXY", "haproxy")
        argv = [haproxy, "-db", "-f", str(HAPROXY_CFG)]  # -db: foreground, no daemon (we keep its pid)
        try:
            state.pids["haproxy"] = _spawn(argv, self.dir / "haproxy.log", self.haproxy_env(state))
        except FileNotFoundError:
            raise ClusterError("haproxy is not installed: run scripts/ensure-haproxy") from None
        (self.dir / "haproxy.pid").write_text(f"{state.pids['haproxy']}\n")
        state.save(self.state_file)
        log = self.dir / "haproxy.log"

        def listening() -> bool:
            if not self._ours(state.pids["haproxy"], "haproxy"):
                raise ClusterError(f"haproxy exited:\n{_tail(log)}")
            return _http_status(f"http://127.0.0.1:{state.stats_port}/stats;csv") == 200

        _wait_for("haproxy", listening, 30, log)


def _boto_keys() -> dict[str, str]:
    return {"aws_access_key_id": S3_ENV["AWS_ACCESS_KEY_ID"], "aws_secret_access_key": S3_ENV["AWS_SECRET_ACCESS_KEY"]}


def _tail(log: Path, lines: int = 20) -> str:
    if not log.exists():
        return "(no log)"
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])


@contextlib.contextmanager
def running(
    directory: Path, replicas: int = 3, extra_env: Mapping[str, str] | None = None, pg_admin_url: str | None = None
) -> Iterator[Cluster]:
    """`with running(tmp, 3) as cluster:` a cluster that is torn down (processes stopped, database dropped) after."""
    cluster = Cluster(directory)
    cluster.up(replicas, extra_env, pg_admin_url)
    try:
        yield cluster
    finally:
        cluster.down()
