"""drafter: drafts Chinese government speeches from a YAML spec and writes GB/T 9704 .docx."""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["DrafterError", "Speech", "draft", "load_spec", "read_speech", "write", "write_docx"]

from drafter.errors import DrafterError


def __getattr__(name: str):
    # The API pulls in jinja2 and yaml; import it on first use so `import drafter` stays light.
    if name in ("draft", "load_spec", "read_speech", "write", "write_docx"):
        from drafter import api

        return getattr(api, name)
    if name == "Speech":
        from drafter.document.speech import Speech

        return Speech
    raise AttributeError(name)
