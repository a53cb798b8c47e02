"""DatasetService: datasets; `loading` holds what DatasetVersionService and run links share with it."""
