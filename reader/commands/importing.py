"""``import PATH``: read a file into the library and show how it was read (encoding, articles)."""

from __future__ import annotations

import sys

from reader.commands import write_json


def register(commands) -> None:
    """Add ``import``."""
    command = commands.add_parser(
        "import", help="read a text, HTML, EPUB, subtitle or PDF file, a picture of text (PNG/JPEG/WebP, offline OCR) or a web page "
             "(https://…) into the library; show its encoding and articles")
    command.add_argument("path", help="a file, or a web address (http:// or https://)")
    command.add_argument("--json", action="store_true",
                         help='print {"encoding": ..., "articles": [{"title", "subtitle", "kicker", "byline", "dateline", "paragraphs"}]}')
    command.set_defaults(run=run_import)


def format_document(document) -> str:
    """The document as text: its encoding, then each article's headings and paragraphs."""
    lines = [f"encoding: {document.encoding}", f"articles: {len(document.articles)}"]
    for number, record in enumerate(document.articles, 1):
        article = record.article
        lines.append("")
        if article.kicker:
            lines.append(f"    {article.kicker}")
        lines.append(f"[{number}] {article.title}")
        for label, value in (("subtitle", article.subtitle), ("byline", article.byline), ("dateline", article.dateline)):
            if value:
                lines.append(f"    {label}: {value}")
        lines.append(f"    {len(article.paragraphs)} paragraphs")
        lines += [f"    | {paragraph}" for paragraph in article.paragraphs]
    return "\n".join(lines)


def run_import(session, args) -> int:
    """Import the file (or find it already in the library) and print it."""
    from pathlib import Path

    from reader.core.errors import printable
    from reader.core.fetch import is_web_address
    from reader.core.importers import import_bytes
    from reader.core.library import content_hash
    from reader.core.textfile import read_bytes

    if is_web_address(args.path):
        document = session.library.import_url(args.path)
        write_json(document.to_json()) if args.json else sys.stdout.write(format_document(document) + "\n")
        return 0
    path = Path(args.path)
    data = read_bytes(path)
    source, digest = printable(str(path.resolve())), content_hash(data)
    library = session.library
    document = library.find(source, digest)
    if document is None:
        imported = import_bytes(path, data)  # bad input stops here, before anything is written
        for warning in imported.warnings:
            print(f"yuedu: warning: {printable(warning)}", file=sys.stderr)
        document = library.add(source, digest, imported.title, imported.encoding, imported.articles)
    if args.json:
        write_json(document.to_json())
    else:
        sys.stdout.write(format_document(document) + "\n")
    return 0
