"""S3-compatible artifact store: presigned URLs, so bytes go straight between the client and the bucket."""

from __future__ import annotations

import contextlib
from typing import Any
from urllib.parse import urlparse

from ..errors import InvalidArgument
from .base import ArtifactStore, StoredObject, TransferUrl
from .paths import clean_artifact_path

URL_EXPIRY_SECONDS = 3600
DEFAULT_REGION = "us-east-1"
_ABSENT = ("404", "NoSuchKey", "NotFound")


class S3ArtifactStore(ArtifactStore):
    kind = "s3"
    prefers_multipart = True

    def __init__(self, uri: str, endpoint_url: str | None = None, region: str | None = None) -> None:
        import boto3  # imported here so that the local store works without boto3 installed
        from botocore.config import Config

        parsed = urlparse(uri)
        if parsed.scheme != "s3" or not parsed.netloc:
            raise ValueError(f"S3 artifact root must look like s3://bucket[/prefix], got {uri!r}")
        self.bucket = parsed.netloc
        self.prefix = parsed.path.strip("/")
        self.endpoint_url = endpoint_url
        # S3-compatible services on a host:port (MinIO, moto) only understand path-style addressing.
        config = Config(signature_version="s3v4", s3={"addressing_style": "path" if endpoint_url else "auto"})
        self.client: Any = boto3.client(
            "s3", endpoint_url=endpoint_url, region_name=region or DEFAULT_REGION, config=config
        )

    def key(self, path: str) -> str:
        clean = clean_artifact_path(path)
        return f"{self.prefix}/{clean}" if self.prefix else clean

    def upload_url(self, path: str, base_url: str, part_number: int = 0, upload_id: str | None = None) -> TransferUrl:
        params: dict[str, Any] = {"Bucket": self.bucket, "Key": self.key(path)}
        if upload_id and part_number > 0:
            params.update(UploadId=upload_id, PartNumber=part_number)
            url = self.client.generate_presigned_url("upload_part", Params=params, ExpiresIn=URL_EXPIRY_SECONDS)
            return TransferUrl(url=url, multipart_upload_ok=True)
        url = self.client.generate_presigned_url("put_object", Params=params, ExpiresIn=URL_EXPIRY_SECONDS)
        return TransferUrl(url=url)

    def download_url(self, path: str, base_url: str) -> str:
        params = {"Bucket": self.bucket, "Key": self.key(path)}
        return str(self.client.generate_presigned_url("get_object", Params=params, ExpiresIn=URL_EXPIRY_SECONDS))

    def stat(self, path: str) -> StoredObject | None:
        from botocore.exceptions import ClientError

        try:
            head = self.client.head_object(Bucket=self.bucket, Key=self.key(path))
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in _ABSENT:
                return None
            raise
        return StoredObject(size=int(head["ContentLength"]))

    def delete(self, path: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self.key(path))

    def start_multipart(self, path: str) -> str:
        result = self.client.create_multipart_upload(Bucket=self.bucket, Key=self.key(path))
        return str(result["UploadId"])

    def complete_multipart(self, path: str, upload_id: str, parts: list[tuple[int, str]]) -> StoredObject | None:
        """Assemble the parts; S3's refusals (a wrong ETag, a part under 5 MiB, ...) are the caller's to fix."""
        from botocore.exceptions import ClientError

        try:
            self.client.complete_multipart_upload(
                Bucket=self.bucket,
                Key=self.key(path),
                UploadId=upload_id,
                MultipartUpload={"Parts": [{"PartNumber": n, "ETag": etag} for n, etag in sorted(parts)]},
            )
        except ClientError as exc:
            error = exc.response.get("Error", {})
            raise InvalidArgument(
                f"the S3 store refused to complete the multipart upload of {path!r}: "
                f"{error.get('Code', 'error')}: {error.get('Message', exc)}"
            ) from exc
        return self.stat(path)

    def abort_multipart(self, path: str, upload_id: str) -> None:
        from botocore.exceptions import ClientError

        with contextlib.suppress(ClientError):  # already completed or aborted: nothing left to discard
            self.client.abort_multipart_upload(Bucket=self.bucket, Key=self.key(path), UploadId=upload_id)
