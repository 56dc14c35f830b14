"""Build .docx files as Word and WPS write them when people edit (tracked changes, hyperlinks,
fields, tables, text boxes, pictures, footnotes), in code: python-docx makes the package, the
paragraphs are WordprocessingML written here. No binary fixtures."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import docx
from docx.oxml import parse_xml

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {
    "w": W_NS,
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "v": "urn:schemas-microsoft-com:vml",
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
}
DECLS = " ".join(f'xmlns:{k}="{v}"' for k, v in NS.items())
_CHANGE = 'w:author="李四" w:date="2026-03-10T09:00:00Z"'


def p(*content: str, jc: str | None = None, style: str | None = None) -> str:
    props = (f'<w:pStyle w:val="{style}"/>' if style else "") + (
        f'<w:jc w:val="{jc}"/>' if jc else "")
    return f"<w:p>{f'<w:pPr>{props}</w:pPr>' if props else ''}{''.join(content)}</w:p>"


def r(text: str, bold: bool = False) -> str:
    return (f"<w:r>{'<w:rPr><w:b/></w:rPr>' if bold else ''}"
            f'<w:t xml:space="preserve">{escape(text)}</w:t></w:r>')


def ins(*runs: str) -> str:
    return f'<w:ins w:id="1" {_CHANGE}>{"".join(runs)}</w:ins>'


def delete(text: str) -> str:
    return (f'<w:del w:id="2" {_CHANGE}><w:r><w:delText xml:space="preserve">{escape(text)}'
            "</w:delText></w:r></w:del>")


def move_from(text: str) -> str:
    return (f'<w:moveFrom w:id="3" {_CHANGE}><w:r><w:t>{escape(text)}</w:t></w:r></w:moveFrom>')


def move_to(text: str) -> str:
    return f'<w:moveTo w:id="4" {_CHANGE}>{r(text)}</w:moveTo>'


def hyperlink(text: str) -> str:
    return f'<w:hyperlink w:anchor="_Toc1" w:history="1">{r(text)}</w:hyperlink>'


def simple_field(instruction: str, result: str) -> str:
    return f'<w:fldSimple w:instr="{instruction}">{r(result)}</w:fldSimple>'


def field(instruction: str, result: str) -> str:
    """A complex field: begin, instruction, separate, result, end."""
    return ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r><w:instrText xml:space="preserve">{escape(instruction)}</w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + r(result)
            + '<w:r><w:fldChar w:fldCharType="end"/></w:r>')


def comment_mark(n: int = 0) -> str:
    return (f'<w:commentRangeStart w:id="{n}"/><w:commentRangeEnd w:id="{n}"/>'
            f'<w:r><w:commentReference w:id="{n}"/></w:r>')


def table(*rows: list[str]) -> str:
    cells = "".join("<w:tr>" + "".join(f'<w:tc><w:tcPr><w:tcW w:w="2000" w:type="dxa"/></w:tcPr>'
                                       f"{p(r(text))}</w:tc>" for text in row) + "</w:tr>"
                    for row in rows)
    return ('<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid>'
            + '<w:gridCol w:w="2000"/>' * len(rows[0]) + f"</w:tblGrid>{cells}</w:tbl>")


def text_box(*paragraphs: str) -> str:
    """A run holding a text box as Word 2010+ writes it: DrawingML in mc:Choice, the same text
    again as VML in mc:Fallback."""
    inner = "<w:txbxContent>" + "".join(paragraphs) + "</w:txbxContent>"
    return ('<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor>'
            '<wp:extent cx="1828800" cy="914400"/><wp:docPr id="7" name="文本框 7"/><a:graphic>'
            '<a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
            f"<wps:wsp><wps:txbx>{inner}</wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData>"
            "</a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict>"
            f'<v:shape id="tb7" style="width:144pt;height:72pt"><v:textbox>{inner}</v:textbox>'
            "</v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>")


def picture(number: int = 1) -> str:
    return (f'<w:r><w:drawing><wp:inline><wp:extent cx="914400" cy="914400"/>'
            f'<wp:docPr id="{100 + number}" name="图片 {number}"/><a:graphic><a:graphicData '
            f'uri="{NS["pic"]}"><pic:pic><pic:nvPicPr><pic:cNvPr id="{100 + number}" name="p"/>'
            '<pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="rId999"/>'
            "</pic:blipFill><pic:spPr/></pic:pic></a:graphicData></a:graphic></wp:inline>"
            "</w:drawing></w:r>")


def chart() -> str:
    return ('<w:r><w:drawing><wp:inline><wp:extent cx="914400" cy="914400"/>'
            f'<wp:docPr id="200" name="图表 1"/><a:graphic><a:graphicData uri="{NS["c"]}">'
            '<c:chart r:id="rId998"/></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>')


def equation(text: str) -> str:
    return f"<m:oMath><m:r><m:t>{escape(text)}</m:t></m:r></m:oMath>"


def note_ref(kind: str, n: int) -> str:
    return f'<w:r><w:{kind}Reference w:id="{n}"/></w:r>'


def word(path: Path, body: list[str], footnotes: list[str] = (), endnotes: list[str] = ()) -> Path:
    """A .docx whose body holds these block elements (paragraphs, tables) and, if given, these
    footnotes and endnotes (each the text of one note), as Word saves them: notes parts with
    their separator notes first."""
    document = docx.Document()
    root = document.element.body
    for child in list(root):
        if not child.tag.endswith("sectPr"):
            root.remove(child)
    sect = root[-1] if len(root) else None
    for xml in body:
        element = parse_xml(xml.replace(">", f" {DECLS}>", 1))  # declared on the root
        if sect is not None:
            sect.addprevious(element)
        else:
            root.append(element)
    buf = io.BytesIO()
    document.save(buf)
    path.write_bytes(_with_notes(buf.getvalue(), footnotes, endnotes))
    return path


def _notes_part(kind: str, texts: list[str]) -> bytes:
    separators = "".join(
        f'<w:{kind} w:type="{t}" w:id="{i}"><w:p><w:r><w:{t}/></w:r></w:p></w:{kind}>'
        for i, t in ((-1, "separator"), (0, "continuationSeparator")))
    notes = "".join(f'<w:{kind} w:id="{i}"><w:p><w:pPr><w:pStyle w:val="{kind}Text"/></w:pPr>'
                    f'<w:r><w:{kind}Ref/></w:r>{r(" " + text)}</w:p></w:{kind}>'
                    for i, text in enumerate(texts, 1))
    return f'<w:{kind}s {DECLS}>{separators}{notes}</w:{kind}s>'.encode()


def _with_notes(data: bytes, footnotes, endnotes) -> bytes:
    if not footnotes and not endnotes:
        return data
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    ct = "application/vnd.openxmlformats-officedocument.wordprocessingml."
    extra, rels, types = {}, "", ""
    for kind, texts in (("footnote", footnotes), ("endnote", endnotes)):
        if texts:
            extra[f"word/{kind}s.xml"] = _notes_part(kind, list(texts))
            rels += f'<Relationship Id="rId{kind}" Type="{rel}{kind}s" Target="{kind}s.xml"/>'
            types += f'<Override PartName="/word/{kind}s.xml" ContentType="{ct}{kind}s+xml"/>'
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            part = src.read(item.filename)
            if item.filename == "word/_rels/document.xml.rels":
                part = part.replace(b"</Relationships>", rels.encode() + b"</Relationships>")
            elif item.filename == "[Content_Types].xml":
                part = part.replace(b"</Types>", types.encode() + b"</Types>")
            dst.writestr(item, part)
        for name, part in extra.items():
            dst.writestr(name, part)
    return out.getvalue()
