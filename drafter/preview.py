"""Preview: a speech → PDF (and PNG pages) through LibreOffice, the client most readers use."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from .errors import DrafterError
from .output import atomic_write

FONTS_CONF = Path(__file__).with_name("data") / "fonts.conf"
INSTALL_HINT = (
    "Debian/Ubuntu：apt-get install libreoffice-writer-nogui fonts-noto-cjk poppler-utils；"
    "Windows/macOS：安装 LibreOffice，并把 soffice 所在文件夹加入 PATH"
)
TIMEOUT = 180  # seconds; LibreOffice's first start builds its profile


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _env() -> dict[str, str]:
    env = dict(os.environ)
    # The licensed government fonts are named in the .docx; on a machine without them, map them
    # to free CJK fonts so the preview shows Chinese (design.md §2).
    if FONTS_CONF.is_file() and "FONTCONFIG_FILE" not in env:
        env["FONTCONFIG_FILE"] = str(FONTS_CONF)
    return env


def to_pdf(docx_files: list[Path], out_dir: Path) -> list[Path]:
    """Convert .docx files to PDF in out_dir with one LibreOffice run; returns the PDFs."""
    exe = soffice()
    if exe is None:
        raise DrafterError("找不到 LibreOffice（soffice），无法生成预览", hint=INSTALL_HINT)
    with tempfile.TemporaryDirectory(prefix="drafter-lo-") as profile:
        # A private profile: concurrent runs and root both work, the user's profile is untouched.
        cmd = [exe, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
               "--convert-to", "pdf", "--outdir", str(out_dir), *map(str, docx_files)]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT,
                                  env=_env())
        except subprocess.TimeoutExpired as e:
            raise DrafterError(f"LibreOffice 转换超时（{TIMEOUT} 秒）") from e
    pdfs = [out_dir / (f.stem + ".pdf") for f in docx_files]
    missing = [p for p in pdfs if not p.is_file()]
    if missing:
        raise DrafterError(f"LibreOffice 没有生成 {missing[0].name}",
                           hint=(proc.stderr or proc.stdout).strip()[-300:] or None)
    return pdfs


def to_png(pdf: Path, prefix: Path, dpi: int = 80) -> list[Path]:
    """PNG pages prefix-1.png, prefix-2.png … with pdftoppm (poppler-utils)."""
    exe = shutil.which("pdftoppm")
    if exe is None:
        raise DrafterError("找不到 pdftoppm，无法生成 PNG", hint="apt-get install poppler-utils")
    subprocess.run([exe, "-r", str(dpi), "-png", str(pdf), str(prefix)], check=True,
                   capture_output=True, timeout=TIMEOUT)
    return sorted(prefix.parent.glob(prefix.name + "-*.png"))


def preview(docx_bytes: bytes, out: Path, *, png: bool = False, force: bool = False) -> list[Path]:
    """Write out (.pdf) for the .docx given as bytes, and PNG pages beside it when asked."""
    if out.exists() and not force:
        raise DrafterError(f"输出文件已存在：{out}", out, hint="加 --force 覆盖，或用 -o 指定其他文件名")
    with tempfile.TemporaryDirectory(prefix="drafter-preview-") as tmp:
        tmp_dir = Path(tmp)
        src = tmp_dir / (out.stem + ".docx")
        src.write_bytes(docx_bytes)
        (pdf,) = to_pdf([src], tmp_dir)
        written = [atomic_write(out, pdf.read_bytes(), force=force)]
        if png:
            for page in to_png(pdf, tmp_dir / out.stem):
                target = out.with_name(page.name)
                written.append(atomic_write(target, page.read_bytes(), force=force))
    return written
