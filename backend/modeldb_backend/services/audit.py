"""ExtensionService.findAuditRecords: reading the append-only audit trail (to be filled)."""

from __future__ import annotations


class AuditRpcs:
    pass
