"""Read-only queries over the store, shared by the CLI, exports and the dashboard."""
