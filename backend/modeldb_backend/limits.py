"""The one source of the validation limits and run statuses shared by the protos, the backend and the client.

Standard library and the generated pb modules only, so the client imports it without the server side
(tests/client/test_import_rules.py). The store's column widths, the backend's checks and the client's
call-site checks all read these; the run statuses come from extension.proto's RunStatus enum.
"""

from __future__ import annotations

from .pb.ext import extension_pb2 as _ext

MAX_KEY_LENGTH = 250  # characters of a key (hyperparameters, attributes, metrics, observations); a column width
MAX_NAME_LENGTH = 256  # characters of a project, experiment, run or dataset name; a column width
MAX_TAG_LENGTH = 250  # characters of a tag; a column width
MAX_VALUE_BYTES = 64 * 1024  # bytes of one value as JSON (the default of the max_value_bytes setting)
MAX_WORKSPACE_LENGTH = 256  # characters of a workspace name; a column width
MAX_JOB_ID_LENGTH = 256  # characters of a run's job_id; a column width

# RunStatus numbers of extension.proto (what SetRunStatus and RunState carry on the wire).
RUNNING, FINISHED, FAILED, KILLED = int(_ext.RUNNING), int(_ext.FINISHED), int(_ext.FAILED), int(_ext.KILLED)
_VALUES = _ext.RunStatus.DESCRIPTOR.values
# The enum names of the set statuses, as the backend stores them ("RUNNING", ...), in proto order.
STATUS_ENUM_NAMES: tuple[str, ...] = tuple(v.name for v in _VALUES if v.number)
# The client's words for each number ("running", ...); the unspecified status reads "unknown".
STATUS_NAMES: dict[int, str] = {v.number: v.name.lower() if v.number else "unknown" for v in _VALUES}
# Each status's word, for the call sites that pass or compare one ("running", "finished", "failed", "killed").
RUNNING_WORD, FINISHED_WORD, FAILED_WORD, KILLED_WORD = (STATUS_NAMES[n] for n in (RUNNING, FINISHED, FAILED, KILLED))
# The words a run may end with, as the client and the magics accept them ("finished", "failed", "killed").
END_STATUSES: tuple[str, ...] = (FINISHED_WORD, FAILED_WORD, KILLED_WORD)

# Versioning snapshots (VersioningService.CreateCommit): bounds on locations and on the size of one commit.
MAX_LOCATION_SEGMENT_LENGTH = 256  # characters of one folder or blob name in a location; a column width
MAX_LOCATION_DEPTH = 64  # segments of one blob location
MAX_COMMIT_BLOBS = 200_000  # blobs one CreateCommit may carry
MAX_BLOB_COMPONENTS = 1_000_000  # components of one dataset blob
