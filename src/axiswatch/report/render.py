"""Render a ``Brief`` as HTML (Jinja2, autoescaped), Markdown (escaped) or PDF (WeasyPrint).

The PDF is the HTML printed with the print rules of ``brief.css`` (page
numbers, a table of contents with page numbers, fonts with Cyrillic and Hangul
coverage). WeasyPrint is given a URL fetcher that refuses everything, so a
brief can never fetch from the network however its text was written.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import Environment, FunctionLoader, StrictUndefined
from markupsafe import Markup

from axiswatch.errors import UsageError
from axiswatch.report.model import Brief
from axiswatch.report.prose import date_words

FORMATS = ("html", "md", "pdf")
# Characters with a meaning in CommonMark or GFM tables; a backslash makes each literal.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~&])")
_WS = re.compile(r"\s+")


def _template_source(name: str) -> str:
    return resources.files("axiswatch.report").joinpath("templates", name).read_text("utf-8")


def md_escape(value: Any) -> str:
    """Text that Markdown shows literally: specials backslash-escaped, line breaks folded to spaces."""
    if isinstance(value, Markup):
        return str(value)
    if value is None:
        return ""
    return _MD_SPECIAL.sub(r"\\\1", _WS.sub(" ", str(value)).strip())


def _marker(number: int) -> Markup:
    return Markup(f"[{int(number)}]")  # noqa: S704 - built from an int, nothing to escape


def _autolink(url: str) -> Markup:
    """A URL safe inside ``<...>``: no spaces, angle brackets or backslashes."""
    # Markdown autolinks end at the first space or '>', so those are percent-encoded first.
    return Markup(re.sub(r"[\s<>\\]", lambda m: f"%{ord(m.group()):02X}", url))  # noqa: S704


@cache
def _environments() -> tuple[Environment, Environment]:
    html = Environment(loader=FunctionLoader(_template_source), autoescape=True, undefined=StrictUndefined,
                       keep_trailing_newline=True)
    # Markdown is not HTML: HTML escaping would print "&amp;"; ``finalize`` escapes Markdown instead.
    md = Environment(loader=FunctionLoader(_template_source), autoescape=False,  # noqa: S701
                     undefined=StrictUndefined,
                     finalize=md_escape, keep_trailing_newline=True)
    md.globals.update(marker=_marker, url=_autolink)
    return html, md


def _context(brief: Brief) -> dict[str, Any]:
    return {"brief": brief, "as_of": date_words(brief.as_of),
            "css": Markup(_template_source("brief.css"))}  # noqa: S704 - our packaged stylesheet


def render_html(brief: Brief) -> str:
    """The brief as one self-contained HTML page (styles and charts inline)."""
    return _environments()[0].get_template("brief.html.j2").render(**_context(brief))


def render_markdown(brief: Brief) -> str:
    """The brief as Markdown with ``[n]`` citation markers and a numbered Sources list."""
    text = _environments()[1].get_template("brief.md.j2").render(**_context(brief))
    return re.sub(r"\n{3,}", "\n\n", text).rstrip() + "\n"


def _refuse_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise ValueError(f"the brief fetches nothing; refused {url[:80]!r}")


def render_pdf(brief: Brief) -> bytes:
    """The brief printed to PDF by WeasyPrint (vector charts, page numbers, table of contents)."""
    from weasyprint import HTML

    html = render_html(brief)
    return bytes(HTML(string=html, url_fetcher=_refuse_fetch, base_url=None).write_pdf())


def render(brief: Brief, fmt: str) -> bytes:
    """The brief in ``fmt`` (html, md or pdf) as bytes."""
    if fmt == "html":
        return render_html(brief).encode("utf-8")
    if fmt == "md":
        return render_markdown(brief).encode("utf-8")
    if fmt == "pdf":
        return render_pdf(brief)
    raise UsageError(f"unknown brief format {fmt!r}; use one of {', '.join(FORMATS)}")


def write_brief(brief: Brief, path: Path, fmt: str | None = None) -> Path:
    """Write the brief to ``path`` in ``fmt`` (default: from the file's suffix); all or nothing."""
    fmt = fmt or {".htm": "html", ".html": "html", ".md": "md", ".markdown": "md", ".pdf": "pdf"}.get(
        path.suffix.lower(), "")
    data = render(brief, fmt)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    tmp.write_bytes(data)
    tmp.replace(path)  # a reader never sees half a file
    return path
