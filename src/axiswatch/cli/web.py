"""Verbs: serve (the dashboard and JSON API) and users (accounts and API tokens for it)."""

from __future__ import annotations

import sys

import click

from axiswatch.cli.common import emit, format_option, pass_settings
from axiswatch.errors import UsageError
from axiswatch.settings import Settings


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port.")
@click.option("--login-required", is_flag=True, help="Reading needs a login too (writing always does).")
@click.option("--allow-private", is_flag=True, help="Let submitted URLs point at private networks.")
@click.option("--max-upload-mb", type=click.IntRange(1, 1024), default=20, show_default=True,
              help="Largest accepted upload.")
@click.option("--secure-cookies/--no-secure-cookies", default=None,
              help="Mark the session cookie Secure (default: when the request came over https).")
@click.option("--watch/--no-watch", default=True, show_default=True,
              help="Run the watcher (the sources of 'axiswatch watch add') inside the server.")
@pass_settings
def serve_cmd(settings: Settings, host: str, port: int, login_required: bool, allow_private: bool,
              max_upload_mb: int, secure_cookies: bool | None, watch: bool = True) -> None:
    """Serve the dashboard and JSON API; the server is the workspace's single writer while it runs."""
    import uvicorn

    from axiswatch.web import WebConfig, create_app

    config = WebConfig(read_requires_login=login_required, allow_private=allow_private,
                       max_upload_bytes=max_upload_mb * 1024 * 1024, secure_cookies=secure_cookies, warm=True,
                       watch=watch)
    app = create_app(settings, config)  # raises WorkspaceInUse (exit 3) before listening
    if not settings.quiet:
        click.echo(f"axiswatch: serving {settings.workspace} on http://{host}:{port}/ (API docs at /docs)",
                   err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning" if settings.quiet else "info")


@click.group("users")
def users() -> None:
    """Dashboard accounts and API tokens (stored hashed in the workspace)."""


@users.command("add")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of stdin.")
@pass_settings
def users_add(settings: Settings, name: str, password_stdin: bool) -> None:
    """Create a user (or set a new password); the password is prompted unless --password-stdin."""
    from axiswatch.store import open_workspace
    from axiswatch.web.auth import add_user

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    if not password:
        raise UsageError("empty password")
    with open_workspace(settings.workspace) as ws:
        add_user(ws, name, password)
    click.echo(f"user {name} saved")


@users.command("token")
@click.argument("name")
@click.option("--label", default=None, help="What the token is for.")
@pass_settings
def users_token(settings: Settings, name: str, label: str | None) -> None:
    """Create an API token for NAME and print it once (send it as 'Authorization: Bearer TOKEN')."""
    from axiswatch.store import open_workspace
    from axiswatch.web.auth import create_token

    with open_workspace(settings.workspace) as ws:
        click.echo(create_token(ws, name, label))


@users.command("list")
@format_option()
@pass_settings
def users_list(settings: Settings, fmt: str) -> None:
    """The users and how many tokens each has."""
    from axiswatch.store import open_workspace
    from axiswatch.web.auth import list_users

    with open_workspace(settings.workspace) as ws:
        emit(list_users(ws), fmt, title="users")


def register(group: click.Group) -> None:
    """Add the verbs to the root group."""
    group.add_command(serve_cmd)
    group.add_command(users)
