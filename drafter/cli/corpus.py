"""CLI for the corpus: `drafter corpus clean` and `drafter corpus overlap`; no logic here.

cli/__init__.py loads this module only when `drafter corpus …` runs. Only click is imported at module
level: the cleaner, OpenCC and YAML load inside the commands.
"""

from __future__ import annotations

from pathlib import Path

import click

from drafter.cli.zh import ChineseGroup
from drafter.errors import DrafterError


@click.group("corpus", cls=ChineseGroup)
def corpus() -> None:
    """范文语料：清洗网上下载的讲话稿，查草稿与范文的重合（查重）。

    \b
    常用：
      drafter corpus clean raw/*.txt -o corpus  清洗，写成 corpus/<编号>.md
      drafter corpus index corpus               建查重索引（范文多时查得快）
      drafter corpus overlap 草稿.docx          查草稿与语料的重合
    """


@corpus.command("clean")
@click.argument("files", metavar="文件...", nargs=-1, required=True,
                type=click.Path(path_type=Path))
@click.option("-o", "--output", "out_dir", metavar="文件夹", default="corpus", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="写入的文件夹。")
@click.option("--force", is_flag=True, help="覆盖已存在的语料文件。")
@click.option("-v", "--verbose", is_flag=True, help="逐个文件列出删掉的行（规则：原文）和疑似乱码的位置。")
@click.pass_context
def clean_cmd(ctx: click.Context, files: tuple[Path, ...], out_dir: Path, force: bool,
              verbose: bool) -> None:
    """清洗网上下载的讲话稿（.txt 或 .html），写成 文件夹/<编号>.md（带元数据）。

    按一行“是什么”去掉网页的东西：导航、广告、时间/来源/导语、资源描述和上传分享、下载和编辑提示、
    页码（第 1 页 共 27 页）、文库插进正文的分块序号、汇编标记（篇1）、推荐和相关文章、网友评论、
    版权和链接、正文里重复的标题；标题取像讲话标题的那一行（在…上的讲话），不取网站名。
    付费隐藏和“未完”处写成单独一段〔此处原文缺失约N字〕，前后不拼接。繁体转简体（按词转换）；
    去掉字后的拼音注音（區(qū)）；统一全角标点和空白，省略号保留；网页丢了换行时在“一、（一）
    第一，一是 同志们”前恢复分段；疑似乱码保留原文并报告位置。详见 docs/corpus.md。
    编号取文件名开头的数字：000_6f928f7a.txt → 000.md。一个文件出错不影响其他文件。
    """
    from drafter.corpus import clean as corpus_mod

    failed = 0
    seen: dict[str, Path] = {}
    for path in files:
        try:
            doc_id = corpus_mod.doc_id(path)
            if doc_id in seen:
                raise DrafterError(
                    f"编号 {doc_id} 与 {seen[doc_id]} 重复，会写到同一个文件", path,
                    hint="把其中一个文件改名，让文件名开头的编号不同",
                )
            seen[doc_id] = path
            cleaned = corpus_mod.clean_file(path)
            written = corpus_mod.write_doc(cleaned, out_dir, doc_id, force=force)
        except DrafterError as e:
            if ctx.meta.get("debug"):
                raise
            click.echo(f"错误: {e.format()}", err=True)
            failed += 1
            continue
        n = len(cleaned.flags)
        line = (f"已写入：{written}（{cleaned.title}；{len(cleaned.paragraphs)} 段，"
                f"删除 {len(cleaned.removed)} 行")
        click.echo(line + (f"，疑似乱码 {n} 处）" if n else "）"))
        if verbose:
            for rule, text in cleaned.removed:
                click.echo(f"  删除 [{rule}] {text}")
            for f in cleaned.flags:
                row, col = corpus_mod.file_position(cleaned, f)
                click.echo(f"  {f.kind} {written}:{row}:{col}（正文第 {f.line} 段第 {f.column} 字）"
                           f"：{f.text}")
        elif n:
            click.echo(f"  注意：{n} 处疑似乱码已保留在正文中，加 --verbose 查看位置", err=True)
    if failed:
        click.echo(f"{failed} 个文件没有处理，见上面的错误信息。", err=True)
        ctx.exit(2)


@corpus.command("index")
@click.argument("folder", metavar="语料文件夹", type=click.Path(file_okay=False, path_type=Path))
@click.option("--update", is_flag=True, help="更新已有的索引：只处理新增、修改（按文件哈希）和删除的文件。")
@click.option("--force", is_flag=True, help="索引已存在时重建。")
@click.option("--index", "index_path", metavar="文件", type=click.Path(dir_okay=False, path_type=Path),
              help="索引文件（默认：语料文件夹/.drafter/index.sqlite）。")
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="读取范文的进程数（默认：CPU 核数）。")
def index_cmd(folder: Path, update: bool, force: bool, index_path: Path | None,
              jobs: int | None) -> None:
    """给语料文件夹建查重索引（一个 SQLite 文件）：之后 drafter corpus overlap、
    drafter check --against 和批量生成直接查索引，不再每次读全部范文。

    索引存每篇范文的 8 字片段指纹（winnowing）和压缩的全文；查重时先按指纹找出候选范文，
    再逐字比较，结果与不用索引时相同。语料文件有增删改时用 --update 更新（按文件哈希）。
    详见 docs/corpus.md。
    """
    import os
    import time

    from drafter.corpus import index as index_mod

    start = time.perf_counter()
    jobs = jobs or os.cpu_count() or 1
    if update:
        r = index_mod.update(folder, index_path, jobs=jobs)
        click.echo(f"已更新语料索引：{r.path}（共 {r.docs} 篇；新增 {len(r.added)} 篇、"
                   f"修改 {len(r.changed)} 篇、删除 {len(r.removed)} 篇）")
    else:
        r = index_mod.build(folder, index_path, force=force, jobs=jobs)
        click.echo(f"已建立语料索引：{r.path}（{r.docs} 篇）")
    click.echo(f"  索引文件 {r.size / 2**20:.1f} MB，用时 {time.perf_counter() - start:.1f} 秒")


@corpus.command("overlap")
@click.argument("draft", metavar="草稿", type=click.Path(path_type=Path))
@click.option("--corpus", "corpus_dir", metavar="文件夹",
              type=click.Path(file_okay=False, path_type=Path),
              help="语料文件夹（默认：当前文件夹下的 corpus/，没有则用 drafter 自带的范文）。")
@click.option("--index", "index_path", metavar="文件", type=click.Path(dir_okay=False, path_type=Path),
              help="用这个查重索引（默认：语料文件夹里有 .drafter/index.sqlite 就用它）。")
@click.option("--top", type=click.IntRange(min=1), default=5, show_default=True,
              help="列出重合最多的几篇范文。")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="输出格式。")
def overlap_cmd(draft: Path, corpus_dir: Path | None, index_path: Path | None, top: int,
                fmt: str) -> None:
    """查草稿与语料范文的重合（查重）：按 8 字片段计算重合比例，列出最长的重合段落，
    再逐句找“近似改写”（换了几个词的范文句子），两句并排列出。

    草稿可以是 .md、.txt、.docx，也可以是讲话规格 .yaml（先起草再查）。比较时去掉空白和标点，
    只看正文（不含标题、副标题、讲话人和日期）。语料文件夹建了索引（drafter corpus index）时
    查索引；只给 --index 时只用索引，不需要语料文件夹。
    """
    from drafter.api import read_draft

    text = read_draft(draft)
    index, count = _corpus_index(corpus_dir, index_path)
    if hasattr(index, "candidates"):
        index.candidates = max(index.candidates, top)
    results = index.compare(text)[:top]
    near = index.paraphrases().compare(text)
    if fmt == "json":
        import json

        click.echo(json.dumps({"documents": [r.to_dict() for r in results],
                               "near_paraphrases": [n.to_dict() for n in near]},
                              ensure_ascii=False, indent=2))
        return
    chars = sum(not c.isspace() for c in text)
    click.echo(f"{draft}：正文 {chars} 字，与 {count} 篇范文比较"
               f"（8 字片段重合比例，不计空白和标点）")
    compared = index.verifier(text) if hasattr(index, "verifier") else index
    by_id = {d.id: d for d in compared.docs}
    for r in results:
        click.echo(f"{r.ratio * 100:5.1f}%  {r.doc_id}  {r.title}")
        for p in r.passages[:3]:
            click.echo(f"        {p.length} 字  草稿{_where(text, p.draft_offset)} / "
                       f"范文{_where(by_id[r.doc_id].text, p.doc_offset)}：{_clip(p.text)}")
    _print_near(near, text)


def _corpus_index(corpus_dir: Path | None, index_path: Path | None) -> tuple:
    """(the index compared with, how many documents it holds); a stale index is said on
    stderr and still used."""
    from drafter.corpus.index import open_corpus

    if corpus_dir is None and index_path is None:
        from drafter.resources import resource_dir

        corpus_dir = Path("corpus") if Path("corpus").is_dir() else resource_dir("corpus")
    indexed = open_corpus(corpus_dir or index_path, index_path)
    if indexed is not None:
        if indexed.stale:
            click.echo(f"注意：{indexed.stale}", err=True)
        return indexed, indexed.count
    from drafter.corpus.clean import load_corpus
    from drafter.corpus.overlap import OverlapIndex

    docs = load_corpus(corpus_dir)
    if not docs:
        raise DrafterError(f"语料文件夹里没有语料文件：{corpus_dir}", corpus_dir,
                           hint="先用 drafter corpus clean 建立语料")
    return OverlapIndex.from_corpus(docs), len(docs)


def _print_near(near: list, text: str) -> None:
    from drafter.corpus.paraphrase import LEVENSHTEIN_THRESHOLD, sentences

    total = len(sentences(text))
    click.echo(f"近似改写：{len(near)} 句（共 {total} 句，相似度不低于 {LEVENSHTEIN_THRESHOLD:.0%}）")
    for n in near:
        click.echo(f"  {n.similarity:.0%}  草稿{_where(text, n.draft_offset)}：{_clip(n.draft_sentence)}")
        click.echo(f"        范文 {n.doc_id}：{_clip(n.doc_sentence)}")


def _where(text: str, offset: int) -> str:
    """A character offset as a reader finds it: paragraph and character, both from 1."""
    para = text.count("\n", 0, offset) + 1
    column = offset - text.rfind("\n", 0, offset)
    return f"第 {para} 段第 {column} 字"


def _clip(s: str, width: int = 60) -> str:
    s = s.replace("\n", " ")
    return s if len(s) <= width else s[: width - 1] + "…"
