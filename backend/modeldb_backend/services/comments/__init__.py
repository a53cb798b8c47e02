"""CommentService: comments on experiment runs."""
