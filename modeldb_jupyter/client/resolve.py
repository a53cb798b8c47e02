"""Which backend a Client talks to: an explicit URL, $MODELDB_URL, (later) the Jupyter server, else embedded.

Resolution order:
1. `Client(url=...)` (with `token=...`);
2. `MODELDB_URL` (with `MODELDB_TOKEN`);
3. the resolvers registered with `register_resolver` — the hook where the Jupyter integration inserts
   "the Jupyter server that owns this kernel" (it returns None outside a kernel);
4. embedded: an in-process backend on SQLite + local artifacts under $MODELDB_HOME, no server process.

Nothing here does I/O beyond reading the environment, so resolving is free at import and construction time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

# The one definition of the home directory (light: the settings module imports no server code).
from modeldb_backend.settings import client_server, modeldb_home

if TYPE_CHECKING:
    from modeldb_backend.settings import Settings


@dataclass(frozen=True)
class Target:
    """A resolved backend: `kind` is "http" (url, token) or "embedded" (home directory)."""

    kind: str
    url: str = ""  # the server's base URL; for "embedded", the database URL
    token: str | None = None
    home: Path | None = None
    source: str = ""  # how it was chosen, for messages: "argument", "MODELDB_URL", a resolver's name, "embedded"
    # Overrides `identity`: a Jupyter server reached at a new port each session can give its database URL
    # ("embedded:<db url>"), so journals replay across sessions and to the embedded store on the same data.
    journal_key: str | None = None
    # For "embedded": the backend's settings, read from the environment when the target was resolved.
    settings: Settings | None = None

    @property
    def identity(self) -> str:
        """A stable name of the backend, for journals: data spooled for one backend is replayed only to it."""
        if self.journal_key:
            return self.journal_key
        return self.url if self.kind == "http" else store_identity(self.url)

    def describe(self) -> str:
        return self.url if self.kind == "http" else f"the embedded store in {self.home}"


def store_identity(db_url: str) -> str:
    """The journal key of a database: the same for the embedded store and for a Jupyter server on it, whatever
    port the server has this session. A password in the URL is masked: the key is written into the journal."""
    parts = urlsplit(db_url)
    if not parts.password:  # rebuilding would also turn sqlite:////abs into sqlite://abs
        return f"embedded:{db_url}"
    user, host = parts.username or "", parts.netloc.rpartition("@")[2]
    return "embedded:" + urlunsplit(parts._replace(netloc=f"{user}:***@{host}"))


Resolver = Callable[[], "Target | None"]
_RESOLVERS: list[Resolver] = []


def register_resolver(resolver: Resolver) -> None:
    """Add a resolver consulted after the environment and before the embedded default.

    The Jupyter server extension registers one that finds the server owning the current kernel; it must
    be cheap and return None when it does not apply.
    """
    if resolver not in _RESOLVERS:
        _RESOLVERS.append(resolver)


def unregister_resolver(resolver: Resolver) -> None:
    if resolver in _RESOLVERS:
        _RESOLVERS.remove(resolver)


def normalize_url(url: str) -> str:
    """`localhost:8080` → `http://localhost:8080`; trailing slashes dropped; refuses what is not a URL."""
    text = url.strip()
    if not text:
        raise ValueError("the backend URL is empty: pass e.g. Client('http://127.0.0.1:8080')")
    if "://" not in text:
        text = "http://" + text
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"the backend URL {url!r} is not an http(s) URL such as http://127.0.0.1:8080")
    return text.rstrip("/")


def resolve(url: str | None = None, token: str | None = None) -> Target:
    """The backend for a new Client, by the order documented above."""
    env_url, env_token = client_server()
    if url:
        return Target("http", normalize_url(url), token or env_token, source="argument")
    if env_url:
        return Target("http", normalize_url(env_url), token or env_token, source="MODELDB_URL")
    for resolver in list(_RESOLVERS):
        found = resolver()
        if found is not None:
            return found
    return embedded_target()


def embedded_target() -> Target:
    """The embedded backend the environment describes; a bad MODELDB_* value is a SettingsError (a ValueError)."""
    settings = embedded_settings()
    return Target("embedded", settings.db_url, home=modeldb_home().resolve(), source="embedded", settings=settings)


def embedded_settings(**overrides: Any) -> Settings:
    """The embedded backend's settings: MODELDB_* variables, no network port, the home directory made absolute."""
    from modeldb_backend.settings import Settings, default_db_url

    home = modeldb_home().resolve()  # absolute: the database URL is also the journal's key (store_identity)
    defaults = {"db_url": default_db_url(home), "artifact_root": str(home / "artifacts"), "grpc_port": None}
    return Settings.from_env(defaults=defaults, **overrides)
