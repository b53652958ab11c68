"""The dashboard and JSON API (``axiswatch serve``).

``create_app`` builds the FastAPI app over one workspace; ``data`` holds the
one function per page that both the HTML page and its ``/api`` twin call;
``auth`` the accounts, tokens, sessions and CSRF; ``jobs`` the background
ingest -> extract -> analysis runs; ``state`` the single-writer hold on the
workspace and the analysis cache.
"""

from axiswatch.web.app import create_app
from axiswatch.web.state import WebConfig

__all__ = ["WebConfig", "create_app"]
