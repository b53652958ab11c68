"""The workspace: one DuckDB file with versioned migrations."""

from axiswatch.store.workspace import Workspace, open_workspace

__all__ = ["Workspace", "open_workspace"]
