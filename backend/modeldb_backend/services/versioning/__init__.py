"""VersioningService: repositories of commits, each a full snapshot stored as a Merkle tree of blobs.

`repositories`, `commits` and `blobs` hold the core RPCs; `snapshots` writes and reads trees, `lookup`
resolves repositories and commits, `hashing` names content by SHA-256.
"""
