"""A report as a plain list of blocks, so HTML, PDF and DOCX show the same text in order."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Heading:
    """A section heading; level 1 and 2 go into the table of contents."""

    text: str
    level: int = 1
    anchor: str = ""


@dataclass
class Para:
    """A paragraph, optionally led by a bold word (e.g. the conference's town)."""

    text: str
    lead: str = ""
    kind: str = ""  # "", "footnote", "muted"


@dataclass
class Bullets:
    """A list; `numbered` for the signatory organisations."""

    items: list[str]
    numbered: bool = False


@dataclass
class Table:
    """A table with a caption; the last row is a total row when `total_row` is set."""

    caption: str
    header: list[str]
    rows: list[list[str]]
    total_row: bool = False
    numeric_from: int = 1


@dataclass
class Chart:
    """A chart as server-rendered SVG (the web page) and the same bars as a PNG (base64; the
    PDF and the DOCX), with a text alternative."""

    svg: str
    description: str
    png: str = ""

    @property
    def png_bytes(self) -> bytes:
        """The PNG itself."""
        import base64

        return base64.b64decode(self.png) if self.png else b""


@dataclass
class PageBreak:
    """Start a new page in PDF and DOCX."""


def keep_together(blocks: list) -> list[list]:
    """The blocks in groups: a heading with the table or chart right after it is one group,
    so print never leaves the heading alone at a page foot."""
    groups: list[list] = []
    for block in blocks:
        previous = groups[-1] if groups else None
        if (
            previous is not None
            and len(previous) == 1
            and isinstance(previous[0], Heading)
            and isinstance(block, Table | Chart)
            and (not isinstance(block, Table) or len(block.rows) <= 25)
        ):
            previous.append(block)
        else:
            groups.append([block])
    return groups


@dataclass
class Document:
    """A whole report; the cover shows the banner, the title and the season, then the
    foreword signed with place, date and signatory (an edition's fields)."""

    title: str
    subtitle: str = ""
    blocks: list = field(default_factory=list)
    banner: str = ""
    foreword: str = ""
    signed_place_date: str = ""
    signed_by: str = ""
    language: str = "sv"

    def add(self, *blocks) -> None:
        """Append blocks."""
        self.blocks.extend(blocks)

    def heading(self, text: str, level: int = 1) -> Heading:
        """Append a heading with a unique anchor and return it."""
        n = sum(1 for b in self.blocks if isinstance(b, Heading)) + 1
        block = Heading(str(text), level, f"s{n}")
        self.blocks.append(block)
        return block

    @property
    def groups(self) -> list[list]:
        """The blocks grouped for print (see keep_together)."""
        return keep_together(self.blocks)

    @property
    def toc(self) -> list[Heading]:
        """The headings of the table of contents."""
        return [b for b in self.blocks if isinstance(b, Heading) and b.level <= 2]

    def text(self) -> str:
        """All the text, in order (for tests and search)."""
        parts = [self.banner, self.title, self.subtitle, self.foreword]
        parts += [self.signed_place_date, self.signed_by]
        for b in self.blocks:
            if isinstance(b, Heading):
                parts.append(b.text)
            elif isinstance(b, Para):
                parts.append(f"{b.lead} {b.text}".strip())
            elif isinstance(b, Bullets):
                parts.extend(b.items)
            elif isinstance(b, Table):
                parts.append(b.caption)
                parts.extend(" ".join(row) for row in [b.header, *b.rows])
        return "\n".join(p for p in parts if p)


BLOCK_TYPES = {cls.__name__: cls for cls in (Heading, Para, Bullets, Table, Chart, PageBreak)}


def to_dict(doc: Document) -> dict:
    """The document as plain JSON-able data (a published edition's frozen snapshot)."""
    from dataclasses import asdict

    data = {k: v for k, v in asdict(doc).items() if k != "blocks"}
    data["blocks"] = [{"type": type(b).__name__, **asdict(b)} for b in doc.blocks]
    return data


def from_dict(data: dict) -> Document:
    """A document back from `to_dict`'s data."""
    values = {k: v for k, v in data.items() if k != "blocks"}
    doc = Document(**values)
    for block in data.get("blocks", []):
        fields = {k: v for k, v in block.items() if k != "type"}
        doc.blocks.append(BLOCK_TYPES[block["type"]](**fields))
    return doc
