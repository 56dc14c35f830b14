"""Writer stage: the saved .docx carries the GB/T 9704-2012 layout and the speech, unchanged."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from drafter.document.docx_build import build_document
from drafter.document.docx_writer import to_bytes, write_docx
from drafter.document.speech import Block, Run, Speech
from drafter.errors import DrafterError

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"w": W, "r": R}


def w(name: str) -> str:
    return f"{{{W}}}{name}"


def make_speech(title: str = "在全镇机关效能建设动员大会上的讲话") -> Speech:
    return Speech(
        [
            Block("title", [Run(title)]),
            Block("subtitle", [Run("——在全镇机关效能建设动员大会上的讲话")]),
            Block("speaker", [Run("镇党委书记\u3000王明")]),
            Block("date", [Run("（2026年3月15日）")]),
            Block("salutation", [Run("同志们：")]),
            Block("paragraph", [Run("今天，我们召开全镇机关效能建设动员大会。")]),
            Block("heading", [Run("一、统一思想，提高认识")], level=1),
            Block("heading", [Run("（一）加强机关效能建设是大势所趋")], level=2),
            Block(
                "paragraph",
                [Run("一是要强化责任。", bold=True), Run("各单位要在6月底前完成 ABC 123 项任务。")],
            ),
            Block(
                "paragraph",
                [Run("二是要狠抓落实。", bold=True), Run("  前后空格也要原样保留  ")],
            ),
        ]
    )


@pytest.fixture(scope="module")
def speech() -> Speech:
    return make_speech()


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory, speech: Speech) -> Path:
    path = tmp_path_factory.mktemp("docx") / "讲话.docx"
    returned = write_docx(speech, path, subject="机关效能建设")
    assert returned == path
    return path


@pytest.fixture(scope="module")
def parts(saved: Path) -> dict[str, etree._Element]:
    """Every XML part of the saved file, parsed."""
    with zipfile.ZipFile(saved) as z:
        names = [n for n in z.namelist() if n.endswith((".xml", ".rels"))]
        return {n: etree.fromstring(z.read(n)) for n in names}


@pytest.fixture(scope="module")
def styles(parts) -> etree._Element:
    return parts["word/styles.xml"]


def style(styles: etree._Element, style_id: str) -> etree._Element:
    found = styles.find(f"w:style[@w:styleId='{style_id}']", NS)
    assert found is not None, f"style {style_id} missing"
    return found


def attr(el: etree._Element | None, path: str, name: str) -> str | None:
    """Attribute w:name of the element at path under el (None when either is missing)."""
    if el is None:
        return None
    target = el.find(path, NS)
    return None if target is None else target.get(w(name))


def sect_pr(parts) -> etree._Element:
    return parts["word/document.xml"].find("w:body/w:sectPr", NS)


def footer_part(parts, kind: str) -> etree._Element:
    """The footer part referenced by <w:footerReference w:type=kind>."""
    ref = sect_pr(parts).find(f"w:footerReference[@w:type='{kind}']", NS)
    assert ref is not None, f"no {kind} footer"
    rels = parts["word/_rels/document.xml.rels"]
    rid = ref.get(f"{{{R}}}id")
    target = next(r.get("Target") for r in rels if r.get("Id") == rid)
    return parts[f"word/{target}"]


# --- page -------------------------------------------------------------------------------------


def test_page_is_a4_with_gbt_margins(parts):
    sp = sect_pr(parts)
    assert attr(sp, "w:pgSz", "w") == "11906"
    assert attr(sp, "w:pgSz", "h") == "16838"
    # 37 / 35 / 28 / 26 mm and the footer 25 mm from the edge, in twips.
    assert attr(sp, "w:pgMar", "top") == "2098"
    assert attr(sp, "w:pgMar", "bottom") == "1984"
    assert attr(sp, "w:pgMar", "left") == "1587"
    assert attr(sp, "w:pgMar", "right") == "1474"
    assert attr(sp, "w:pgMar", "footer") == "1417"


def test_document_grid_is_lines_only(parts):
    grid = sect_pr(parts).find("w:docGrid", NS)
    assert grid.get(w("type")) == "lines"
    assert grid.get(w("linePitch")) == "579"
    assert grid.get(w("charSpace")) is None


# --- styles -----------------------------------------------------------------------------------


def test_normal_style_is_body_text(styles):
    normal = style(styles, "Normal")
    assert attr(normal, "w:rPr/w:rFonts", "eastAsia") == "仿宋_GB2312"
    assert attr(normal, "w:rPr/w:rFonts", "ascii") == "Times New Roman"
    assert attr(normal, "w:rPr/w:rFonts", "hAnsi") == "Times New Roman"
    assert attr(normal, "w:rPr/w:sz", "val") == "32"
    assert attr(normal, "w:pPr/w:spacing", "line") == "579"
    assert attr(normal, "w:pPr/w:spacing", "lineRule") == "exact"
    assert attr(normal, "w:pPr/w:spacing", "before") == "0"
    assert attr(normal, "w:pPr/w:spacing", "after") == "0"
    assert attr(normal, "w:pPr/w:ind", "firstLine") == "640"
    assert attr(normal, "w:pPr/w:ind", "firstLineChars") == "200"
    assert attr(normal, "w:pPr/w:jc", "val") == "both"
    assert attr(normal, "w:pPr/w:widowControl", "val") == "0"
    assert attr(normal, "w:rPr/w:lang", "eastAsia") == "zh-CN"


def test_normal_character_spacing_precedes_size(styles):
    rpr = style(styles, "Normal").find("w:rPr", NS)
    assert attr(rpr, "w:spacing", "val") == "-5"
    tags = [etree.QName(c).localname for c in rpr]
    assert tags.index("spacing") < tags.index("sz")  # schema order; Word rejects otherwise


def test_doc_defaults_name_chinese_fonts(styles, parts):
    rpr = styles.find("w:docDefaults/w:rPrDefault/w:rPr", NS)
    assert attr(rpr, "w:rFonts", "eastAsia") == "仿宋_GB2312"
    assert attr(rpr, "w:rFonts", "ascii") == "Times New Roman"
    assert attr(rpr, "w:sz", "val") == "32"
    assert attr(rpr, "w:lang", "eastAsia") == "zh-CN"
    ppr = styles.find("w:docDefaults/w:pPrDefault/w:pPr", NS)
    assert attr(ppr, "w:spacing", "after") == "0"
    # The theme's East Asian fonts must resolve to Chinese, not Japanese (MS Mincho).
    assert attr(parts["word/settings.xml"], "w:themeFontLang", "eastAsia") == "zh-CN"


@pytest.mark.parametrize(
    "where",
    [
        "w:docDefaults",
        "w:style[@w:styleId='Normal']",
        "w:style[@w:styleId='Title']",
        "w:style[@w:styleId='Subtitle']",
        "w:style[@w:styleId='Salutation']",
        "w:style[@w:styleId='Heading1']",
        "w:style[@w:styleId='Heading2']",
        "w:style[@w:styleId='Heading3']",
        "w:style[@w:styleId='Heading4']",
    ],
)
def test_no_theme_fonts(styles, where):
    el = styles.find(where, NS)
    assert el is not None
    fonts = el.findall(".//w:rFonts", NS)
    assert fonts, "explicit fonts expected"
    for f in fonts:
        themed = [k for k in f.attrib if etree.QName(k).localname.lower().endswith("theme")]
        assert themed == [], f"{where} keeps {themed}"


def test_no_theme_fonts_anywhere_in_styles(styles):
    themed = [
        etree.QName(k).localname
        for f in styles.iter(w("rFonts"))
        for k in f.attrib
        if etree.QName(k).localname.lower().endswith("theme")
    ]
    assert themed == []


def test_title_style(styles):
    title = style(styles, "Title")
    assert attr(title, "w:rPr/w:sz", "val") == "44"
    assert attr(title, "w:rPr/w:rFonts", "eastAsia") == "方正小标宋简体"
    assert attr(title, "w:pPr/w:jc", "val") == "center"
    assert attr(title, "w:pPr/w:snapToGrid", "val") == "0"
    assert attr(title, "w:pPr/w:spacing", "line") == "700"
    assert attr(title, "w:pPr/w:spacing", "lineRule") == "exact"
    assert attr(title, "w:pPr/w:ind", "firstLine") == "0"
    assert attr(title, "w:pPr/w:ind", "firstLineChars") == "0"
    # The built-in Title's blue rule and colour are gone.
    assert title.find("w:pPr/w:pBdr", NS) is None
    assert title.find("w:rPr/w:color", NS) is None


def test_subtitle_style_is_centred_kaiti(styles):
    sub = style(styles, "Subtitle")
    assert attr(sub, "w:rPr/w:rFonts", "eastAsia") == "楷体_GB2312"
    assert attr(sub, "w:rPr/w:sz", "val") == "32"
    assert attr(sub, "w:pPr/w:jc", "val") == "center"
    assert attr(sub, "w:pPr/w:ind", "firstLineChars") == "0"
    assert sub.find("w:rPr/w:i", NS) is None
    assert sub.find("w:rPr/w:color", NS) is None
    assert sub.find("w:pPr/w:numPr", NS) is None


@pytest.mark.parametrize(
    ("style_id", "font", "bold"),
    [
        ("Heading1", "黑体", False),
        ("Heading2", "楷体_GB2312", False),
        ("Heading3", "仿宋_GB2312", True),
        ("Heading4", "仿宋_GB2312", False),
    ],
)
def test_heading_styles(styles, style_id, font, bold):
    h = style(styles, style_id)
    level = int(style_id[-1])
    assert attr(h, "w:rPr/w:rFonts", "eastAsia") == font
    assert attr(h, "w:rPr/w:rFonts", "ascii") == "Times New Roman"
    assert attr(h, "w:rPr/w:sz", "val") == "32"
    assert (h.find("w:rPr/w:b", NS) is not None) is bold
    assert h.find("w:rPr/w:i", NS) is None
    assert h.find("w:rPr/w:color", NS) is None
    assert attr(h, "w:pPr/w:outlineLvl", "val") == str(level - 1)  # navigation pane
    assert attr(h, "w:pPr/w:spacing", "line") == "579"
    assert attr(h, "w:pPr/w:spacing", "lineRule") == "exact"
    assert attr(h, "w:pPr/w:spacing", "before") == "0"
    assert attr(h, "w:pPr/w:spacing", "after") == "0"
    assert attr(h, "w:pPr/w:ind", "firstLine") == "640"
    assert attr(h, "w:pPr/w:ind", "firstLineChars") == "200"
    assert attr(h, "w:pPr/w:jc", "val") == "both"


def test_salutation_style_has_no_indent(styles):
    sal = style(styles, "Salutation")
    assert attr(sal, "w:pPr/w:ind", "firstLine") == "0"
    assert attr(sal, "w:pPr/w:ind", "firstLineChars") == "0"
    assert attr(sal, "w:pPr/w:jc", "val") == "left"
    assert attr(sal, "w:rPr/w:rFonts", "eastAsia") == "仿宋_GB2312"


# --- paragraphs -------------------------------------------------------------------------------


def test_texts_read_back_identically(saved, speech):
    paragraphs = docx.Document(str(saved)).paragraphs
    assert [p.text for p in paragraphs] == [b.text for b in speech.blocks]


def test_paragraphs_use_the_styles_of_their_blocks(saved):
    ids = [p.style.style_id for p in docx.Document(str(saved)).paragraphs]
    assert ids == [
        "Title",
        "Subtitle",
        "Subtitle",
        "Subtitle",
        "Salutation",
        "Normal",
        "Heading1",
        "Heading2",
        "Normal",
        "Normal",
    ]


def test_body_starts_one_line_below_the_front_block(saved):
    paragraphs = docx.Document(str(saved)).paragraphs
    assert paragraphs[4].paragraph_format.space_before.twips == 579
    assert all(p.paragraph_format.space_before is None for p in paragraphs[5:])


def test_bold_lead_runs(saved):
    runs = docx.Document(str(saved)).paragraphs[8].runs
    assert [(r.text, bool(r.bold)) for r in runs] == [
        ("一是要强化责任。", True),
        ("各单位要在6月底前完成 ABC 123 项任务。", False),
    ]


def test_heading_applied_to_part_of_a_paragraph_looks_the_same(styles):
    # Word uses the linked character style then; the template's is blue theme-font text.
    char = style(styles, "Heading1Char")
    assert attr(char, "w:rPr/w:rFonts", "eastAsia") == "黑体"
    assert char.find("w:rPr/w:color", NS) is None


# --- page numbers -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "jc", "indent_side"), [("default", "right", "right"), ("even", "left", "left")]
)
def test_page_number_footers(parts, kind, jc, indent_side):
    ftr = footer_part(parts, kind)
    paragraphs = ftr.findall("w:p", NS)
    assert len(paragraphs) == 1
    p = paragraphs[0]
    assert attr(p, "w:pPr/w:jc", "val") == jc
    assert attr(p, "w:pPr/w:ind", indent_side) == "280"
    instr = "".join(t.text for t in p.iter(w("instrText")))
    simple = [f.get(w("instr")) for f in p.iter(w("fldSimple"))]
    assert "PAGE" in instr.split() or any("PAGE" in s.split() for s in simple)
    texts = [t.text for t in p.iter(w("t"))]
    assert texts[0].strip() == "—" and texts[-1].strip() == "—"
    # Nothing but the dashes and the field's cached digits.
    assert "".join(texts).replace("—", "").strip().isdigit()
    for run in p.iter(w("r")):
        assert attr(run, "w:rPr/w:sz", "val") == "28"
        assert attr(run, "w:rPr/w:rFonts", "eastAsia") == "宋体"


def test_footer_style_does_not_indent_first_line(styles):
    footer = style(styles, "Footer")
    assert attr(footer, "w:pPr/w:ind", "firstLineChars") == "0"
    assert attr(footer, "w:pPr/w:ind", "firstLine") == "0"


def test_odd_and_even_footers_enabled(parts):
    assert parts["word/settings.xml"].find("w:evenAndOddHeaders", NS) is not None


# --- package ----------------------------------------------------------------------------------


def test_core_properties(saved, speech):
    props = docx.Document(str(saved)).core_properties
    assert props.title == speech.title
    assert props.author == "王明"  # from "镇党委书记 王明"
    assert props.subject == "机关效能建设"
    assert props.language == "zh-CN"
    assert props.created is not None and props.created.year >= 2024
    assert "python-docx" not in (props.comments or "")


def test_explicit_author_wins(speech):
    assert build_document(speech, author="县政府办").core_properties.author == "县政府办"


def test_no_leftovers_from_the_default_template(saved):
    names = zipfile.ZipFile(saved).namelist()
    assert not [n for n in names if "thumbnail" in n or "stylesWithEffects" in n]


def test_documents_do_not_share_content():
    first = build_document(make_speech("第一篇"))
    second = build_document(make_speech("第二篇"))
    assert first.paragraphs[0].text == "第一篇"
    assert second.paragraphs[0].text == "第二篇"
    assert len(second.paragraphs) == len(make_speech().blocks)


def test_heading_level_out_of_range_is_a_user_error():
    bad = Speech([Block("heading", [Run("（1）细则")], level=5)])
    with pytest.raises(DrafterError, match="5"):
        to_bytes(bad)


# --- writing ----------------------------------------------------------------------------------


def test_existing_file_is_not_overwritten_without_force(tmp_path, speech):
    path = tmp_path / "out.docx"
    path.write_bytes(b"keep me")
    with pytest.raises(DrafterError):
        write_docx(speech, path)
    assert path.read_bytes() == b"keep me"
    assert list(tmp_path.iterdir()) == [path]  # no temp file left behind


def test_force_replaces_existing_file(tmp_path, speech):
    path = tmp_path / "out.docx"
    path.write_bytes(b"old")
    write_docx(speech, path, force=True)
    assert docx.Document(str(path)).paragraphs[0].text == speech.title


def test_to_bytes_is_a_docx(speech, tmp_path):
    data = to_bytes(speech)
    assert data[:2] == b"PK"
    path = tmp_path / "x.docx"
    path.write_bytes(data)
    assert docx.Document(str(path)).core_properties.title == speech.title


def test_control_character_is_a_user_error():
    bad = Speech([Block("paragraph", [Run("第一段\x0c第二段")])])
    with pytest.raises(DrafterError, match="控制字符"):
        to_bytes(bad)


def test_fast_writer_gives_the_same_paragraphs_as_python_docx(speech):
    """to_bytes() writes document.xml itself for speed; it must equal python-docx's own output,
    including tabs, line breaks, edge spaces, bold runs and XML-special characters."""
    import io

    tricky = Speech(speech.blocks + [
        Block("paragraph", [Run(" 前导空格<&>\"'", bold=True), Run("制表\t符\n换行 ")]),
        Block("heading", [Run("（一）小标题")], level=2),
    ])
    fast = zipfile.ZipFile(io.BytesIO(to_bytes(tricky))).read("word/document.xml")
    buf = io.BytesIO()
    build_document(tricky).save(buf)
    assert fast == zipfile.ZipFile(buf).read("word/document.xml")
    doc = docx.Document(io.BytesIO(to_bytes(tricky, author="王明", subject="动员大会")))
    assert doc.paragraphs[-2].text == " 前导空格<&>\"'制表\t符\n换行 "
    assert (doc.core_properties.author, doc.core_properties.subject) == ("王明", "动员大会")
    assert doc.core_properties.language == "zh-CN"


def test_podium_layout_reads_aloud_larger_with_the_same_page(tmp_path, speech):
    """讲台版: 18 pt body on exact 36 pt lines (grid too), bold level-1 headings, no squeeze of
    character spacing; the page, margins, title and page numbers stay those of the GB layout."""
    path = tmp_path / "podium.docx"
    write_docx(speech, path, layout="podium")
    with zipfile.ZipFile(path) as z:
        styles_xml = etree.fromstring(z.read("word/styles.xml"))
        document = etree.fromstring(z.read("word/document.xml"))
    normal = style(styles_xml, "Normal")
    assert attr(normal, "w:rPr/w:sz", "val") == "36"
    assert attr(normal, "w:pPr/w:spacing", "line") == "720"
    assert attr(normal, "w:pPr/w:spacing", "lineRule") == "exact"
    assert attr(normal, "w:pPr/w:ind", "firstLine") == "720"
    assert attr(normal, "w:pPr/w:ind", "firstLineChars") == "200"
    assert normal.find(w("rPr") + "/" + w("spacing")) is None
    assert style(styles_xml, "Heading1").find(f"{w('rPr')}/{w('b')}") is not None
    assert attr(style(styles_xml, "Title"), "w:rPr/w:sz", "val") == "44"
    sect = document.find(f".//{w('sectPr')}")
    assert attr(sect, "w:docGrid", "linePitch") == "720"
    assert attr(sect, "w:pgMar", "top") == "2098" and attr(sect, "w:pgSz", "w") == "11906"
    assert [p.text for p in docx.Document(str(path)).paragraphs] == [b.text for b in speech.blocks]


def test_runs_with_ambiguous_punctuation_ask_for_the_east_asian_font(speech):
    """“”‘’——…… are drawn in the Latin font by Word unless the run carries w:hint="eastAsia";
    both writers mark exactly the runs holding them, and the text stays the same."""
    import io

    quoted = Speech(speech.blocks + [
        Block("paragraph", [Run("“三个年”活动——", bold=True), Run("要抓‘实’……不是空话·")]),
        Block("paragraph", [Run("没有引号的一段。")]),
    ])
    fast = etree.fromstring(zipfile.ZipFile(io.BytesIO(to_bytes(quoted))).read("word/document.xml"))
    buf = io.BytesIO()
    build_document(quoted).save(buf)
    slow = etree.fromstring(zipfile.ZipFile(buf).read("word/document.xml"))
    for root in (fast, slow):
        runs = root.findall(".//w:r", NS)
        hinted = {"".join(r.itertext()) for r in runs
                  if attr(r, "w:rPr/w:rFonts", "hint") == "eastAsia"}
        assert hinted == {"——在全镇机关效能建设动员大会上的讲话", "“三个年”活动——", "要抓‘实’……不是空话·"}
        lead = next(r for r in runs if "".join(r.itertext()) == "“三个年”活动——")
        assert [c.tag for c in lead.find("w:rPr", NS)] == [w("rFonts"), w("b")]  # schema order


# --- package parts: fonts, mode, properties ----------------------------------------------------


def test_font_table_lists_every_font_named_with_its_chinese_substitutes(parts):
    fonts = {f.get(w("name")): f for f in parts["word/fontTable.xml"].findall("w:font", NS)}
    named = {v for el in parts["word/styles.xml"].iter(w("rFonts"))
             for k, v in el.attrib.items() if k != w("hint")}
    named |= {v for name in ("word/footer1.xml", "word/footer2.xml")
              for el in parts[name].iter(w("rFonts")) for v in el.attrib.values()}
    assert set(fonts) == named == {"Times New Roman", "仿宋_GB2312", "方正小标宋简体", "楷体_GB2312",
                                   "黑体", "宋体"}
    alt = {n: attr(f, "w:altName", "val") for n, f in fonts.items()}
    assert alt["仿宋_GB2312"] == "仿宋" and alt["楷体_GB2312"] == "楷体"
    assert alt["方正小标宋简体"] == "华文中宋"
    for name in named - {"Times New Roman"}:
        assert attr(fonts[name], "w:charset", "val") == "86", name  # GB2312
        assert len(attr(fonts[name], "w:panose1", "val")) == 20, name


def test_native_mode_and_no_template_parts(saved, parts):
    compat = parts["word/settings.xml"].find(
        "w:compat/w:compatSetting[@w:name='compatibilityMode']", NS)
    assert compat.get(w("val")) == "15"  # Word 2013+: no 兼容模式
    names = zipfile.ZipFile(saved).namelist()
    assert not [n for n in names if n.startswith("customXml") or "numbering" in n]
    assert "numbering" not in etree.tostring(parts["[Content_Types].xml"]).decode()
    ids = {s.get(w("styleId")) for s in parts["word/styles.xml"].findall("w:style", NS)}
    assert {"Normal", "Title", "Subtitle", "Salutation", "Heading1", "Heading4", "Footer"} <= ids
    assert len(ids) < 25  # ours, their linked character styles and Word's defaults
    assert not parts["word/styles.xml"].findall(".//w:numPr", NS)


def test_app_properties_are_drafter_s_with_real_counts(parts, speech):
    app = {el.tag.split("}")[1]: el.text for el in parts["docProps/app.xml"]}
    assert app["Application"] == "drafter" and "AppVersion" not in app
    chars = sum(len("".join(b.text.split())) for b in speech.blocks)
    assert int(app["Characters"]) == chars
    assert int(app["Paragraphs"]) == len(speech.blocks)
    assert int(app["Pages"]) == 1 and int(app["Lines"]) >= len(speech.blocks)
    assert int(app["Words"]) > 100  # each Chinese character counts as a word, as in Word


@pytest.mark.parametrize("build", ["fast", "python-docx"])
def test_windows_fonts_name_only_faces_every_windows_has(build, speech):
    import io

    if build == "fast":
        data = to_bytes(speech, fonts="windows")
    else:
        buf = io.BytesIO()
        build_document(speech, fonts="windows").save(buf)
        data = buf.getvalue()
    z = zipfile.ZipFile(io.BytesIO(data))
    styles = etree.fromstring(z.read("word/styles.xml"))
    east = {el.get(w("eastAsia")) for el in styles.iter(w("rFonts"))} - {None}
    assert east == {"仿宋", "楷体", "黑体", "宋体"}
    title = style(styles, "Title")
    assert attr(title, "w:rPr/w:rFonts", "eastAsia") == "宋体"
    assert title.find("w:rPr/w:b", NS) is not None  # bold 宋体 stands in for 小标宋
    table = etree.fromstring(z.read("word/fontTable.xml"))
    assert {f.get(w("name")) for f in table} == {"Times New Roman", "仿宋", "楷体", "黑体", "宋体"}
    app = etree.fromstring(z.read("docProps/app.xml"))
    assert app.find("{*}Application").text == "drafter"


def test_unknown_font_set_is_a_user_error(speech):
    with pytest.raises(DrafterError, match="未知的字体方案"):
        to_bytes(speech, fonts="mac")


# --- titles ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("title", "lines"), [
    ("在临川县2027年工作部署会暨2026年度总结表彰大会上的讲话",
     ["在临川县2027年工作部署会暨", "2026年度总结表彰大会上的讲话"]),
    ("在东湖街道深化作风建设专项活动动员会上的讲话", ["在东湖街道深化作风建设", "专项活动动员会上的讲话"]),
    ("在全镇机关效能建设动员大会上的讲话", ["在全镇机关效能建设动员大会上的讲话"]),
])
def test_a_long_title_breaks_between_words_into_even_lines(title, lines):
    import io

    from drafter.document.titles import break_title

    assert break_title(title, 20) == lines
    fast = etree.fromstring(zipfile.ZipFile(io.BytesIO(to_bytes(make_speech(title)))).read(
        "word/document.xml"))
    first = fast.find("w:body/w:p", NS)
    texts = [t.text for t in first.iter(w("t"))]
    assert texts == lines and len(first.findall(".//w:br", NS)) == len(lines) - 1
    buf = io.BytesIO()
    build_document(make_speech(title)).save(buf)
    assert docx.Document(buf).paragraphs[0].text == "\n".join(lines)


def test_no_title_line_is_one_character_or_splits_a_word():
    from drafter.document.titles import break_title, cells

    for title in ("在江州市政府系统廉政工作会议暨自身建设推进会上的讲话",
                  "在青石镇“项目建设年”“作风建设年”“环境优化年”活动动员大会上的讲话",
                  "关于进一步加强和改进新时代基层干部教育培训工作的实施意见"):
        lines = break_title(title, 20)
        assert "".join(lines) == title and len(lines) == 2
        assert all(cells(x) <= 20 and len(x) >= 2 for x in lines)
        assert lines[1][0] not in "，。、”）"


def test_the_writer_s_own_title_break_is_kept(tmp_path):
    from drafter.document import markdown

    md = "# 在临川县2027年工作部署会\n# 暨2026年度总结表彰大会上的讲话\n\n同志们：\n\n正文。\n"
    speech = markdown.parse(md)
    assert speech.title == "在临川县2027年工作部署会\n暨2026年度总结表彰大会上的讲话"
    assert markdown.dumps(speech).startswith(md.split("\n\n")[0] + "\n")
    doc = docx.Document(write_docx(speech, tmp_path / "t.docx"))
    assert doc.paragraphs[0].text == speech.title


@pytest.mark.parametrize("typed", ["镇党委书记 王明", "镇党委书记  王明 ", "镇党委书记\t王明"])
def test_the_speaker_line_has_a_full_width_space_between_post_and_name(typed, tmp_path):
    blocks = [Block("speaker", [Run(typed)]) if b.kind == "speaker" else b
              for b in make_speech().blocks]
    doc = docx.Document(str(write_docx(Speech(blocks), tmp_path / "s.docx")))
    assert doc.paragraphs[2].text == "镇党委书记\u3000王明"
    assert doc.core_properties.author == "王明"


def test_app_words_count_han_characters_and_runs_of_letters():
    from drafter.document.docx_parts import _words

    assert _words("推进2026年工作。ABC和ｄｅｆ，々") == 6 + 4  # 推进年工作和; 2026 ABC ｄｅｆ 々
