"""``library list|remove|rename|archive|unarchive|merge``: clean up the library from the command line.

A document is named by its id (``library list`` shows it) or its exact title; an article by ``ID.N``, its place in
the document (1-based).
"""

from __future__ import annotations

import sys

from reader.commands import write_json
from reader.core.errors import UserError


def register(commands) -> None:
    """Add ``library`` and its actions."""
    library = commands.add_parser("library", help="the imported documents: list, remove, rename, archive, merge")
    actions = library.add_subparsers(dest="library_command", metavar="ACTION", parser_class=type(library))
    actions.required = True

    list_ = actions.add_parser("list", help="every document (id, title, articles as ID.N)")
    list_.add_argument("--json", action="store_true", help="print a JSON list of documents with their articles")
    list_.set_defaults(run=run_list)

    remove = actions.add_parser("remove", help="take a document out of the library (its file is left alone)")
    remove.add_argument("document", metavar="ID|TITLE")
    remove.set_defaults(run=run_remove)

    rename = actions.add_parser("rename", help="give a document (ID) or an article (ID.N) a new title")
    rename.add_argument("reference", metavar="ID|ID.N")
    rename.add_argument("title", metavar="NEW")
    rename.set_defaults(run=run_rename)

    for name, archived, text in (("archive", True, "keep a document but take it off the reading list"),
                                 ("unarchive", False, "put an archived document back on the reading list")):
        action = actions.add_parser(name, help=text)
        action.add_argument("document", metavar="ID|TITLE")
        action.set_defaults(run=run_archive, archived=archived)

    merge = actions.add_parser("merge", help="join all of a document's articles into one (ID), or one article with the next (ID.N)")
    merge.add_argument("reference", metavar="ID|ID.N")
    merge.set_defaults(run=run_merge)


def format_documents(documents) -> str:
    """The library as text: one line a document, its articles under it when it has more than one."""
    lines = []
    for document in documents:
        count = len(document.articles)
        extra = (f"  ({count} articles)" if count != 1 else "") + ("  [archived]" if document.archived else "")
        lines.append(f"{document.id:>3}  {document.title}{extra}")
        if count > 1:
            lines += [f"     {document.id}.{record.ordinal + 1}  {record.title}" for record in document.articles]
    return "\n".join(lines)


def document_json(document) -> dict:
    """A document as ``library list --json`` prints it."""
    return {
        "id": document.id,
        "title": document.title,
        "source": document.source,
        "imported": document.imported,
        "last_read": document.last_read,
        "archived": document.archived,
        "articles": [
            {"id": f"{document.id}.{r.ordinal + 1}", "title": r.title, "paragraphs": len(r.article.paragraphs),
             "progress": round(r.progress, 3)}
            for r in document.articles
        ],
    }


def resolve_document(library, reference: str):
    """The one document ``reference`` (an id or an exact title) names; else a one-line UserError."""
    found = library.find_documents(reference)
    if not found:
        raise UserError(f"no document {reference!r} in the library (see: library list)")
    if len(found) > 1:
        ids = ", ".join(str(d.id) for d in found)
        raise UserError(f"{reference!r} is the title of {len(found)} documents ({ids}): name one by its id")
    return found[0]


def resolve(library, reference: str):
    """(document, article record or None) for ``ID``, ``TITLE`` or ``ID.N``."""
    head, dot, tail = reference.strip().partition(".")
    if dot and head.isdigit() and tail.isdigit():
        document = resolve_document(library, head)
        number = int(tail)
        if not 1 <= number <= len(document.articles):
            raise UserError(f"document {document.id} has {len(document.articles)} article(s): no article {reference}")
        return document, document.articles[number - 1]
    return resolve_document(library, reference), None


def run_list(session, args) -> int:
    """Print every document, most recently read first."""
    documents = session.library.documents()
    if args.json:
        write_json([document_json(d) for d in documents])
    elif documents:
        sys.stdout.write(format_documents(documents) + "\n")
    else:
        sys.stdout.write("the library is empty\n")
    return 0


def run_remove(session, args) -> int:
    """Take a document and its articles out of the library."""
    library = session.library
    document, article = resolve(library, args.document)
    if article is not None:
        raise UserError(f"library remove takes a document, not an article ({args.document}): "
                        f"merge the article into its neighbour instead")
    library.remove_document(document.id)
    count = len(document.articles)
    sys.stdout.write(f"removed {document.id} {document.title}" + (f" ({count} articles)" if count != 1 else "") + "\n")
    return 0


def run_rename(session, args) -> int:
    """Retitle a document or one of its articles."""
    library = session.library
    document, article = resolve(library, args.reference)
    if article is None:
        renamed = library.rename_document(document.id, args.title)
        sys.stdout.write(f"renamed {document.id}: {document.title} → {renamed.title}\n")
    else:
        renamed = library.rename_article(article.id, args.title)
        sys.stdout.write(f"renamed {document.id}.{article.ordinal + 1}: {article.title} → {renamed.title}\n")
    return 0


def run_archive(session, args) -> int:
    """Take a document off the reading list (or put it back)."""
    document = resolve_document(session.library, args.document)
    session.library.set_archived(document.id, args.archived)
    sys.stdout.write(f"{'archived' if args.archived else 'unarchived'} {document.id} {document.title}\n")
    return 0


def run_merge(session, args) -> int:
    """Join a document's articles into one, or one article with the next."""
    library = session.library
    document, article = resolve(library, args.reference)
    if article is None:
        count = len(document.articles)
        if count < 2:
            raise UserError(f"document {document.id} ({document.title}) is one article already: nothing to merge")
        merged = library.merge_document(document.id)
        sys.stdout.write(f"merged the {count} articles of {document.id} into one: {merged.title}\n")
    else:
        merged = library.merge_with_next(article.id)
        number = article.ordinal + 1
        sys.stdout.write(f"merged {document.id}.{number} with {document.id}.{number + 1}: {merged.title}\n")
    return 0
