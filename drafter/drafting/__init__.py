"""The drafting core: outlines loaded (outline), their sentences chosen and rendered through
sandboxed Jinja (render, sandbox, jinja_zh), and the starter spec a writer fills in (starter)."""
