"""Artifact bookkeeping shared by every service: stored blobs and multipart parts (`blobs`), artifact URLs
of projects, experiments and runs (`urls`) and completion of bytes the local store receives (`uploads`).
The stores themselves (local, S3) are modeldb_backend.artifacts."""
