"""Exit statuses of the text commands, shared by ``cli`` and ``cli_history``."""

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2
