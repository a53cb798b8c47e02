"""Proto messages kept as JSON text in a column (code versions, environments, versioned inputs...)."""

from __future__ import annotations

import json

from google.protobuf import json_format


def message_json(message: object) -> str | None:
    """JSON text of a proto message for a JSON column, or None when the message is unset/empty."""
    from google.protobuf.message import Message

    assert isinstance(message, Message)
    if message.ByteSize() == 0:
        return None
    return json.dumps(json_format.MessageToDict(message, preserving_proto_field_name=True), sort_keys=True)


def fill_message(target: object, text: str | None) -> None:
    """Parse JSON column text into `target` (a sub-message of the response being built)."""
    from google.protobuf.message import Message

    assert isinstance(target, Message)
    if text:
        json_format.ParseDict(json.loads(text), target, ignore_unknown_fields=True)
