"""The public API is complete, documented and typed: what ``axiswatch.__all__`` promises exists."""

from __future__ import annotations

import inspect
import subprocess
import sys

import axiswatch
import axiswatch.api as api


def _public_functions(obj: object) -> list[tuple[str, object]]:
    out = []
    for name, member in vars(obj).items():
        if name.startswith("_"):
            continue
        fn = member.__func__ if isinstance(member, staticmethod | classmethod) else member
        if inspect.isfunction(fn) and getattr(fn, "__module__", None) == "axiswatch.api":
            out.append((name, fn))
    return out


def test_all_names_resolve_and_are_unique():
    assert len(axiswatch.__all__) == len(set(axiswatch.__all__))
    for name in axiswatch.__all__:
        assert getattr(axiswatch, name) is not None, name
    assert axiswatch.__version__ == "0.1.0"
    assert axiswatch.open is api.open and axiswatch.Workbench is api.Workbench


def test_extract_is_the_package_and_the_function():
    # `axiswatch.extract` names the extraction subpackage; called, it is `axiswatch.api.extract`
    from axiswatch.extract import Extractor

    assert axiswatch.extract.Extractor is Extractor
    text = "Russia delivered 1 million barrels of oil to North Korea in March 2024."
    via_package = [e.to_dict() for e in axiswatch.extract(text, published="2024-04-01")]
    assert via_package == [e.to_dict() for e in api.extract(text, published="2024-04-01")]
    assert [(e["event_type"], e["commodity"], e["date"]) for e in via_package] == [("AID", "fuel", "2024-03")]


def test_every_public_api_function_is_exported():
    defined = {name for name, _ in _public_functions(api)} | {"Workbench"}
    assert defined == set(api.__all__)
    assert set(api.__all__) <= set(axiswatch.__all__)


def test_every_public_function_and_method_has_a_docstring_and_type_hints():
    members = _public_functions(api) + [(f"Workbench.{n}", f) for n, f in _public_functions(api.Workbench)]
    assert len(members) > 25  # the Workbench's table, analysis, stage, brief and export methods
    for name, fn in members:
        doc = inspect.getdoc(fn)
        assert doc and doc.strip(), f"{name} has no docstring"
        sig = inspect.signature(fn)
        assert sig.return_annotation is not inspect.Signature.empty, f"{name} has no return type"
        for pname, p in sig.parameters.items():
            if pname == "self":
                continue
            assert p.annotation is not inspect.Parameter.empty, f"{name}({pname}) has no type"
    assert inspect.getdoc(api.Workbench)


def test_import_axiswatch_stays_light():
    # the CLI and ingest worker processes import the package: the API (pandas) loads only when asked for
    code = "import sys, axiswatch; print('pandas' in sys.modules, 'axiswatch.api' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def test_unknown_attribute_is_an_attribute_error():
    try:
        axiswatch.no_such_thing  # noqa: B018
    except AttributeError as exc:
        assert "no_such_thing" in str(exc)
    else:
        raise AssertionError("expected AttributeError")
