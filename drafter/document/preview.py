"""Preview: a speech → PDF (and PNG pages) through LibreOffice, the client most readers use.

LibreOffice only ever sees a .docx drafter has just written from a Speech: text, our styles and
page numbers, no image, link, macro or object from anyone's file (see docs/reliability.md)."""

from __future__ import annotations

import io
import os
import re
import shutil
import signal
import struct
import subprocess
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from drafter.document import docx_writer
from drafter.document.output import atomic_write
from drafter.document.speech import Speech
from drafter.errors import DrafterError, os_reason
from drafter.files import read_file
from drafter.resources import DATA_DIR

FONTS_CONF = DATA_DIR / "fonts.conf"
# Copied into each conversion's fresh profile: no linked images, no macros or active content,
# every web request sent to a dead local proxy (docs/reliability.md lists and explains each key).
PROFILE_SETTINGS = DATA_DIR / "libreoffice.xcu"
# Proxy variables LibreOffice (libcurl) would honour; matched case-insensitively (Windows).
PROXY_VARIABLES = {"http_proxy", "https_proxy", "ftp_proxy", "all_proxy", "no_proxy"}
# The parts every Word .docx has; anything else named .docx is refused before it is read.
DOCX_PARTS = ("[Content_Types].xml", "word/document.xml")
INSTALL_HINT = (
    "Debian/Ubuntu：sudo apt-get install libreoffice-writer-nogui fonts-noto-cjk；"
    "Windows/macOS：安装 LibreOffice（https://zh-cn.libreoffice.org），"
    "并把 soffice 所在的文件夹加入 PATH"
)
PNG_HINT = (
    "Debian/Ubuntu：sudo apt-get install poppler-utils；"
    "Windows/macOS：安装 Poppler，并把 pdftoppm 所在的文件夹加入 PATH；或去掉 --png"
)
TIMEOUT = 180  # seconds; a cold first start of LibreOffice on a slow machine takes ~30
PNG_DPI = 80  # A4 at 80 dpi is 661 × 935 pixels: the whole page on a screen, text readable
_EXISTS_HINT = "加 --force 覆盖，或用 -o 指定其他文件名"


@dataclass
class Preview:
    """What `preview` wrote: the PDF, its page count (None if unknown) and any PNG pages."""

    pdf: Path
    pages: int | None
    pngs: list[Path] = field(default_factory=list)
    # Characters of the document the PDF does not show, each with the words around it; None
    # when the PDF's text could not be read (no pdftotext).
    missing: list[str] | None = None


def soffice() -> str | None:
    """LibreOffice's command on PATH (Debian names it both soffice and libreoffice)."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def require_soffice() -> str:
    exe = soffice()
    if exe is None:
        raise DrafterError("找不到 LibreOffice（soffice），无法生成预览", hint=INSTALL_HINT)
    return exe


def require_pdftoppm() -> str:
    exe = shutil.which("pdftoppm")
    if exe is None:
        raise DrafterError("找不到 pdftoppm（poppler-utils），无法生成 PNG", hint=PNG_HINT)
    return exe


def _env() -> dict[str, str]:
    # No proxy variables: whatever LibreOffice might fetch should hit the dead proxy of its
    # profile (and fail), not a real one named in the user's environment.
    env = {k: v for k, v in os.environ.items() if k.lower() not in PROXY_VARIABLES}
    # The .docx names the licensed government fonts; where they are missing, map them to free
    # CJK fonts so the preview shows Chinese in the right families (design.md §2). A user's own
    # FONTCONFIG_FILE wins.
    if FONTS_CONF.is_file() and "FONTCONFIG_FILE" not in env:
        env["FONTCONFIG_FILE"] = str(FONTS_CONF)
    return env


def _run(cmd: list[str], timeout: float, what: str) -> subprocess.CompletedProcess:
    """Run cmd; on timeout kill its whole process group — soffice is a launcher whose
    soffice.bin child would otherwise outlive us holding the pipes and the profile."""
    posix = os.name == "posix"
    try:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                stdin=subprocess.DEVNULL, env=_env(), start_new_session=posix)
    except OSError as e:
        raise DrafterError(f"无法运行 {what}：{os_reason(e)}", cmd[0]) from e
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        if posix:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        else:
            proc.kill()
        proc.communicate()
        raise DrafterError(
            f"{what} 在 {timeout:g} 秒内没有完成", hint="机器较慢时再试一次；仍然超时请检查安装"
        ) from None
    text = [b.decode("utf-8", "replace") for b in (out, err)]
    return subprocess.CompletedProcess(cmd, proc.returncode, *text)


def _last_words(proc: subprocess.CompletedProcess) -> str | None:
    """The last lines LibreOffice printed, without its harmless Java warning."""
    lines = [line for line in (proc.stderr + proc.stdout).splitlines()
             if line.strip() and "javaldx" not in line]
    return "\n".join(lines[-3:])[-300:] or None


def _failed(message: str, proc: subprocess.CompletedProcess, tool: str) -> DrafterError:
    """The tool's own last words are English: users get drafter's sentence, and --debug shows
    the words as the error's cause."""
    words = _last_words(proc)
    error = DrafterError(message, hint=f"加 --debug 重新运行可看到 {tool} 自己的输出" if words else None)
    error.__cause__ = RuntimeError(words) if words else None
    return error


def to_pdf(docx_files: Sequence[Path], out_dir: Path, *, timeout: float = TIMEOUT) -> list[Path]:
    """Convert .docx files to PDF in out_dir with one LibreOffice start (≈1–3 s, then ≈0.2 s a
    file); returns the PDFs in order. LibreOffice names each PDF after its input, so the inputs'
    names must differ."""
    docx_files = [Path(f) for f in docx_files]
    if len({f.stem for f in docx_files}) != len(docx_files):
        raise ValueError("to_pdf: input names must differ (each PDF is named after its input)")
    exe = require_soffice()
    with tempfile.TemporaryDirectory(prefix="drafter-lo-") as profile:
        # A private, throw-away profile: concurrent runs do not wait for each other's lock, root
        # works, and the user's own LibreOffice (and its settings) stay out of it.
        _harden(Path(profile))
        proc = _run([exe, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
                     "--norestore", "--nolockcheck", "--convert-to", "pdf",
                     "--outdir", str(out_dir), *map(str, docx_files)], timeout, "LibreOffice")
    pdfs = [Path(out_dir) / (f.stem + ".pdf") for f in docx_files]
    missing = [p for p in pdfs if not p.is_file()]
    if missing:
        raise _failed(f"LibreOffice 没有生成 {missing[0].name}（退出码 {proc.returncode}）",
                      proc, "LibreOffice")
    return pdfs


def _harden(profile: Path) -> None:
    """Seed a fresh profile with drafter's settings (LibreOffice fills in the rest on start)."""
    user = profile / "user"
    user.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(PROFILE_SETTINGS, user / "registrymodifications.xcu")


def to_png(pdf: Path, prefix: Path, dpi: int = PNG_DPI, *, timeout: float = TIMEOUT) -> list[Path]:
    """PNG pages prefix-1.png, prefix-2.png … (pdftoppm, poppler-utils), in page order.
    pdftoppm pads the numbers (-01 … when there are ten pages or more); we do not."""
    exe = require_pdftoppm()
    proc = _run([exe, "-r", str(dpi), "-png", str(pdf), str(prefix)], timeout, "pdftoppm")
    if proc.returncode != 0:
        raise _failed(f"pdftoppm 没能转换 {pdf.name}（退出码 {proc.returncode}）", proc, "pdftoppm")
    number = re.compile(re.escape(prefix.name) + r"-(\d+)\.png")
    found = sorted((int(m.group(1)), p) for p in prefix.parent.iterdir()
                   if (m := number.fullmatch(p.name)))
    pages = []
    for n, path in found:
        pages.append(path.rename(prefix.with_name(f"{prefix.name}-{n}.png")))
    return pages


def page_count(pdf_bytes: bytes) -> int | None:
    """Pages of a PDF as LibreOffice writes it (one uncompressed /Type/Page object a page);
    None when that does not hold, so the caller leaves the count out rather than guess."""
    return len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", pdf_bytes)) or None


def png_name(out: Path, page: int) -> Path:
    return out.with_name(f"{out.stem}-{page}.png")


def _refuse_existing(paths: Sequence[Path], force: bool) -> None:
    for path in paths:
        if path.exists() and not force:
            raise DrafterError(f"输出文件已存在：{path}", path, hint=_EXISTS_HINT)


def preview(speech: Speech, out: Path | str, *, author: str = "", subject: str = "",
            layout: str | docx_writer.Layout = "gb", png: bool = False, force: bool = False,
            timeout: float = TIMEOUT, fonts: str | None = None) -> Preview:
    """Write out (.pdf) for a speech laid out by docx_writer and, with png, its pages as
    out-1.png … beside it. It takes a Speech, not a file, so that LibreOffice converts only
    what drafter writes here. Nothing is written unless every output can be: existing files
    are refused (without force) before the conversion starts and again, for all pages, before
    writing."""
    out = Path(out)
    if out.suffix.lower() != ".pdf":
        raise DrafterError(f"预览文件要以 .pdf 结尾：{out}", out, hint="例如 -o 预览.pdf")
    require_soffice()
    if png:
        require_pdftoppm()
    _refuse_existing([out, png_name(out, 1)] if png else [out], force)
    docx = docx_writer.to_bytes(speech, author=author, subject=subject, layout=layout,
                                fonts=fonts)
    with tempfile.TemporaryDirectory(prefix="drafter-preview-") as tmp:
        tmp_dir = Path(tmp)
        # A plain ASCII name: the user's file name may hold characters LibreOffice's URL
        # handling trips on (#, %), and no lock file lands beside the user's own .docx.
        src = tmp_dir / "preview.docx"
        src.write_bytes(docx)
        (pdf,) = to_pdf([src], tmp_dir, timeout=timeout)
        pages = to_png(pdf, tmp_dir / "page", timeout=timeout) if png else []
        targets = [png_name(out, n) for n in range(1, len(pages) + 1)]
        _refuse_existing([out, *targets], force)
        data = pdf.read_bytes()
        result = Preview(atomic_write(out, data, force=force), page_count(data),
                         missing=missing_text(speech, pdf, timeout=timeout))
        for page, target in zip(pages, targets, strict=True):
            result.pngs.append(atomic_write(target, page.read_bytes(), force=force))
    return result


def missing_text(speech: Speech, pdf: Path, *, timeout: float = TIMEOUT) -> list[str] | None:
    """What the PDF leaves out of the speech (a line-end mark a layout hides, a character no
    font has), through pdftotext; None when pdftotext is not installed."""
    exe = shutil.which("pdftotext")
    if exe is None:
        return None
    proc = _run([exe, "-enc", "UTF-8", str(pdf), "-"], timeout, "pdftotext")
    if proc.returncode != 0:
        return None
    return lost_characters("".join(b.text for b in speech.blocks), proc.stdout)


def lost_characters(want: str, got: str) -> list[str]:
    """Each run of characters in want (spaces aside) that got lacks, with five characters of
    context on either side: “难题【。】抓这项”."""
    import difflib

    want, got = "".join(want.split()), "".join(got.split())
    lost = []
    matcher = difflib.SequenceMatcher(None, want, got, autojunk=False)
    for op, a0, a1, _, _ in matcher.get_opcodes():
        if op in ("delete", "replace"):
            lost.append(f"{want[max(0, a0 - 5):a0]}【{want[a0:a1]}】{want[a1:a1 + 5]}")
    return lost


def require_docx(path: Path | str) -> None:
    """Refuse, by content and whatever the name says, a file that is not a Word .docx package.
    A 范文 "docx" from a document site is often a web page, a web archive, RTF or an old .doc
    renamed; they are not ours to read, and LibreOffice would open any of them."""
    path = Path(path)
    data = read_file(path)
    names: list[str] = []
    if data.startswith(b"PK"):
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, struct.error):
            names = []
    if all(part in names for part in DOCX_PARTS):
        return
    kind = _content_kind(data, names)
    space = " " if kind[0].isascii() else ""
    raise DrafterError(
        f"文件内容是{space}{kind}，不是 Word 文档（.docx）", path,
        hint="用 Word 或 WPS 打开它，另存为“Word 文档（*.docx）”后再预览",
    )


def _content_kind(data: bytes, names: list[str]) -> str:
    """What a file that is not a .docx looks like, in the words a writer knows."""
    if data.startswith(b"PK"):
        return "OpenDocument 文档" if "mimetype" in names else "压缩包，里面没有 Word 正文"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return "旧版 Word 文档（.doc）或其他 Office 97 文件"
    # Byte order marks and UTF-16's zero bytes off: Word saves web pages in UTF-16 too.
    head = data[:4096].lstrip(b"\xef\xbb\xbf\xff\xfe").replace(b"\x00", b"").strip().lower()
    if not head:
        return "空的"
    signatures = [
        (head.startswith(b"{\\rtf"), "RTF 文档"),
        (head.startswith(b"%pdf"), "PDF 文件"),
        (b"mime-version:" in head, "网页存档（.mht）"),
        (b"<office:document" in head, "OpenDocument 单文件文档（.fodt）"),
        (b"<w:worddocument" in head or b"<pkg:package" in head, "Word XML 文档（.xml）"),
        (b"<html" in head or b"<!doctype html" in head, "HTML 网页"),
        (head.startswith(b"<"), "XML 文件"),
    ]
    return next((kind for found, kind in signatures if found), "纯文本或无法识别的内容")
