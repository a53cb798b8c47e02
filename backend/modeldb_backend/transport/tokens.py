"""Who is calling the standalone server: per-user tokens from a token file, or the one shared token.

The token file (MODELDB_TOKENS_FILE; a Kubernetes or Compose secret mounts as one) holds one token a line:

    # comments and blank lines are ignored
    ana sha256:<64 hex digits>
    bo  sha256:<64 hex digits>

Only the SHA-256 of each token is stored: a leaked file lets nobody in. Tokens are random 32-byte urlsafe
secrets made by `modeldb-backend token add USER --file F`, which prints the secret once. A user may have several
lines (a new token before the old one is revoked). The server re-reads the file when it changes (its mtime, size
or inode), so adding or revoking a token needs no restart; a file that cannot be read or parsed keeps the
previous table (logged), so a half-written file never locks the team out, and a deleted file revokes every token.

The shared MODELDB_TOKEN keeps working beside the file; its caller is MODELDB_TOKEN_USER (default `token`).
With neither configured the server is open and every caller is `local`.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import re
import secrets
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import Unauthenticated
from ..settings import USER_NAME

if TYPE_CHECKING:
    from ..settings import Settings

log = logging.getLogger(__name__)
ANONYMOUS = "local"  # the caller of a server with no token at all: one user, identity unknown
PREFIX = "sha256:"
TOKEN_HEADERS = ("Grpc-Metadata-developer_key", "Grpc-Metadata-developer-key", "developer-key", "developer_key")
_HEX = re.compile(r"[0-9a-f]{64}")
_Stamp = tuple[int, int, int]  # (mtime_ns, size, inode): a rename-into-place changes the inode


class TokenFileError(ValueError):
    """A token file that cannot be used; the message names the file and the line."""


@dataclass(frozen=True)
class Entry:
    user: str
    digest: bytes  # SHA-256 of the token


def new_token() -> str:
    """A fresh secret: 32 random bytes, urlsafe base64 (43 characters)."""
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    """The file's spelling of a token: `sha256:<hex>`."""
    return PREFIX + hashlib.sha256(token.encode()).hexdigest()


def parse_tokens(text: str, source: str) -> list[Entry]:
    """The entries of a token file's text, or a TokenFileError naming `source` and the first bad line."""
    entries: list[Entry] = []
    owners: dict[bytes, str] = {}
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        entry = _parse_line(line, f"{source}, line {number}")
        if owners.setdefault(entry.digest, entry.user) != entry.user:  # one token must name one person
            raise TokenFileError(
                f"{source}, line {number}: this token is already the token of {owners[entry.digest]!r}"
            )
        entries.append(entry)
    return entries


def _parse_line(line: str, where: str) -> Entry:
    parts = line.split()
    if len(parts) != 2:
        raise TokenFileError(f"{where}: expected 'USER sha256:<hex>', got {len(parts)} fields")
    user, hashed = parts
    if not USER_NAME.fullmatch(user):
        raise TokenFileError(f"{where}: {user[:40]!r} is no user name (letters, digits, . _ @ + -; at most 128)")
    if not hashed.startswith(PREFIX) or not _HEX.fullmatch(hashed[len(PREFIX) :]):
        raise TokenFileError(
            f"{where}: the token must be stored hashed as sha256:<64 lower-case hex digits> "
            "(`modeldb-backend token add` writes it)"
        )
    return Entry(user, bytes.fromhex(hashed[len(PREFIX) :]))


class TokenFile:
    """A token file and its entries, re-read whenever the file changes."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()  # REST and gRPC share the loop; worker threads may authenticate too
        self._stamp: _Stamp | None = None
        self._entries = self._read_first()

    def _read_first(self) -> list[Entry]:
        try:
            self._stamp = _stamp_of(self.path)
            return parse_tokens(self.path.read_text(encoding="utf-8"), str(self.path))
        except OSError as exc:
            raise TokenFileError(f"cannot read the tokens file {self.path}: {exc.strerror or exc}") from None
        except UnicodeDecodeError:
            raise TokenFileError(f"the tokens file {self.path} is not UTF-8 text") from None

    def entries(self) -> list[Entry]:
        """The current entries: re-read when the file changed since the last look."""
        with self._lock:
            try:
                stamp = _stamp_of(self.path)
            except FileNotFoundError:
                stamp = None
            except OSError:
                return self._entries  # a transient stat failure: keep what we have
            if stamp != self._stamp:
                self._reload(stamp)
            return self._entries

    def _reload(self, stamp: _Stamp | None) -> None:
        self._stamp = stamp
        if stamp is None:
            log.warning("tokens file %s is gone: every per-user token is revoked", self.path)
            self._entries = []
            return
        try:
            self._entries = parse_tokens(self.path.read_text(encoding="utf-8"), str(self.path))
        except (OSError, UnicodeDecodeError, TokenFileError) as exc:
            log.error("tokens file %s not reloaded, the previous tokens stay valid: %s", self.path, exc)
        else:
            log.info("tokens file %s reloaded: %d tokens", self.path, len(self._entries))

    def user_for(self, token: str) -> str | None:
        """The user `token` belongs to, or None. Every entry is compared, in constant time each."""
        digest = hashlib.sha256(token.encode()).digest()
        found: str | None = None
        for entry in self.entries():
            if hmac.compare_digest(entry.digest, digest) and found is None:
                found = entry.user
        return found


def _stamp_of(path: Path) -> _Stamp:
    st = os.stat(path)
    return (st.st_mtime_ns, st.st_size, st.st_ino)


def offered_tokens(headers: Any) -> list[str]:
    """The tokens a request carries: `Authorization: Bearer|token <t>` and ModelDB's developer-key headers."""
    offered: list[str] = []
    scheme, _, value = (headers.get("Authorization", "") or "").partition(" ")
    if scheme.lower() in ("bearer", "token") and value.strip():
        offered.append(value.strip())
    offered.extend(headers.get(h) for h in TOKEN_HEADERS if headers.get(h))
    return offered


class Credentials:
    """What a standalone server accepts: the shared token (its user named by a setting) and a token file."""

    def __init__(self, shared: str | None, shared_user: str, file: TokenFile | None) -> None:
        self.shared, self.shared_user, self.file = shared, shared_user, file

    @property
    def open(self) -> bool:
        return not self.shared and self.file is None

    def user_for(self, offered: Iterable[str]) -> str | None:
        for token in offered:
            if self.shared and hmac.compare_digest(token.encode(), self.shared.encode()):
                return self.shared_user
            user = self.file.user_for(token) if self.file is not None else None
            if user is not None:
                return user
        return None

    def identify(self, headers: Any) -> str:
        """The caller's user name, or Unauthenticated; `local` on a server without tokens."""
        if self.open:
            return ANONYMOUS
        user = self.user_for(offered_tokens(headers))
        if user is None:
            raise Unauthenticated("missing or wrong token: send 'Authorization: Bearer <token>'")
        return user


@lru_cache(maxsize=8)
def _credentials(shared: str | None, shared_user: str, path: str | None) -> Credentials:
    # One TokenFile per path and process: its table is a cache of the file, which stays the one truth
    # shared by every replica and worker process.
    return Credentials(shared, shared_user, TokenFile(path) if path else None)


def credentials_for(settings: Settings) -> Credentials:
    """The server's credentials (the token file read once; TokenFileError if it cannot be used)."""
    return _credentials(settings.token, settings.token_user, settings.tokens_file)


def identify(settings: Settings, headers: Any) -> str:
    """The standalone server's caller: a per-user token, the shared token's user, or `local` without tokens."""
    return credentials_for(settings).identify(headers)


# The CLI's side: `modeldb-backend token add|list|revoke --file F`.


def add_token(path: Path, user: str) -> str:
    """Append a new token for `user` to the file (created 0600 if missing); return the secret, shown once."""
    if not USER_NAME.fullmatch(user):
        raise TokenFileError(f"{user[:40]!r} is no user name (letters, digits, . _ @ + -; at most 128)")
    lines = _existing_lines(path)
    token = new_token()
    _write(path, [*lines, f"{user} {hash_token(token)}"])
    return token


def list_users(path: Path) -> list[tuple[str, int]]:
    """(user, number of tokens) per user, in file order; the tokens themselves are never shown."""
    counts: dict[str, int] = {}
    for entry in parse_tokens(_read(path), str(path)):
        counts[entry.user] = counts.get(entry.user, 0) + 1
    return list(counts.items())


def revoke_user(path: Path, user: str) -> int:
    """Remove every token of `user`; return how many were removed (0: the user had none)."""
    lines = _existing_lines(path)
    kept = [line for line in lines if line.split()[:1] != [user]]
    if len(kept) != len(lines):
        _write(path, kept)
    return len(lines) - len(kept)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ""
    except OSError as exc:
        raise TokenFileError(f"cannot read the tokens file {path}: {exc.strerror or exc}") from None


def _existing_lines(path: Path) -> list[str]:
    text = _read(path)
    parse_tokens(text, str(path))  # never rewrite a file we do not understand
    return text.splitlines()


def _write(path: Path, lines: list[str]) -> None:
    """Replace the file atomically (a reloading server never sees half of it), owner-only permissions."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write("".join(f"{line}\n" for line in lines))
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def token_command(action: str, user: str | None, path: Path) -> tuple[int, str]:
    """`modeldb-backend token add|list|revoke`: (exit status, what to print on stdout)."""
    if action == "add":
        assert user is not None  # argparse requires it
        token = add_token(path, user)
        return 0, f"{token}\n(the token of {user}, shown only now; {path} keeps its SHA-256)"
    if action == "list":
        return 0, "\n".join(f"{name}\t{count} token{'s' if count > 1 else ''}" for name, count in list_users(path))
    assert user is not None
    removed = revoke_user(path, user)
    if not removed:
        return 1, f"{user} has no token in {path}"
    return 0, f"revoked {removed} token{'s' if removed > 1 else ''} of {user}"
