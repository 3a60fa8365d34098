"""Posts brought in from other blogs' files; one module per source format."""
