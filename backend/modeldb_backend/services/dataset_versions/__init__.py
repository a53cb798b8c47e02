"""DatasetVersionService: dataset versions and the upload/download of their blobs."""
