"""Reading HTML pages with lxml, the one way every page parser does it.

* :func:`parse_html` decodes page bytes as :func:`common.decode` does (UTF-8 first, then the
  legacy encodings the sources use; a ``<meta charset>`` is ignored) and returns the ``<html>``
  root.  It uses lxml's plain ``etree.HTMLParser`` (the same libxml2 parse as ``lxml.html``
  without its Python element-class lookup) and adds no default DOCTYPE, so a parser can tell
  whether the page declared one.
* :func:`get_text` / :func:`strings` give an element's text as BeautifulSoup's
  ``get_text()`` did when the parsers were written with it: comments and processing
  instructions are left out (their tails kept), and so are the strings inside
  script/style/template and ruby annotations (rt/rp).
* :func:`text_lines` renders an element as cleaned text lines cut at ``<br>`` and block
  elements, for label-driven parsing.
"""

from __future__ import annotations

from lxml import etree

from crawlers.parsers.common import clean, decode

DEFAULT_ENCODINGS = ("utf-8", "cp1252", "iso8859-2")

_PARSER = etree.HTMLParser(default_doctype=False)
_UTF8_PARSER = etree.HTMLParser(encoding="utf-8", default_doctype=False)
#: Elements whose strings ``get_text`` leaves out.
NO_TEXT = frozenset({"script", "style", "template", "rt", "rp"})
_RAW_TEXT = frozenset({"script", "style"})  # never hold elements, only text
_TEXTS = etree.XPath(
    ".//text()[not(ancestor::script or ancestor::style or ancestor::template"
    " or ancestor::rt or ancestor::rp)]",
    smart_strings=False,
)
_ALL_TEXTS = etree.XPath(".//text()")
_PLAIN_TEXTS = etree.XPath(".//text()", smart_strings=False)
_HAS_RAW = etree.XPath("boolean(.//script|.//style)")
_NESTED = etree.XPath("boolean(.//template|.//rt|.//rp)")


def parse_html(body: bytes | str, encodings: tuple[str, ...] = DEFAULT_ENCODINGS) -> etree._Element:
    """The ``<html>`` root of a page; an empty or blank page gives an empty ``<html>``."""
    if isinstance(body, bytes):
        if encodings and encodings[0] == "utf-8":
            try:
                body.isascii() or body.decode("utf-8")  # ASCII is UTF-8: skip the decode
            except UnicodeDecodeError:
                body = decode(body, encodings)
        else:
            body = decode(body, encodings)
    if isinstance(body, bytes):  # valid UTF-8: let libxml2 decode it
        root = etree.fromstring(body, _UTF8_PARSER)
    else:
        try:
            root = etree.fromstring(body, _PARSER)
        except ValueError:  # a str with an XML encoding declaration
            root = etree.fromstring(body.encode("utf-8"), _UTF8_PARSER)
    if root is None:
        root = etree.fromstring("<html></html>", _PARSER)
    return root


def title_el(root: etree._Element) -> etree._Element | None:
    """The first ``<title>`` of the document."""
    return next(root.iter("title"), None)


def get_text(el: etree._Element | None, separator: str = "") -> str:
    """``el``'s strings joined by ``separator`` (see the module docstring)."""
    if el is None or el.tag in NO_TEXT:
        return ""
    if not len(el):
        return el.text or ""
    if el.getparent() is not None:  # an element inside the page: few nodes, walk them
        out: list[str] = []
        _strings(el, out)
        return separator.join(out)
    if _NESTED(el):
        return separator.join(_TEXTS(el))
    if not _HAS_RAW(el):
        return separator.join(_PLAIN_TEXTS(el))
    return separator.join(
        t for t in _ALL_TEXTS(el) if t.is_tail or t.getparent().tag not in _RAW_TEXT
    )


def strings(el: etree._Element) -> list[str]:
    """The strings :func:`get_text` joins, as a list."""
    if el.tag in NO_TEXT:
        return []
    out: list[str] = []
    _strings(el, out)
    return out


def _strings(el: etree._Element, out: list[str]) -> None:
    if el.text:
        out.append(el.text)
    for child in el:
        name = child.tag
        if isinstance(name, str) and name not in NO_TEXT:
            _strings(child, out)
        if child.tail:
            out.append(child.tail)


def marked_strings(el: etree._Element, marks: dict[str, str]) -> list[str]:
    """The strings of ``el``'s content as :func:`strings` gives them, with ``marks[tag]`` added
    after the content of every element named in ``marks`` (``{"br": "\\n"}``: a line break
    before each ``<br>``'s tail)."""
    out: list[str] = []
    _marked(el, marks, out)
    return out


def _marked(el: etree._Element, marks: dict[str, str], out: list[str]) -> None:
    if text := el.text:
        out.append(text)
    for child in el[:]:  # a slice builds the children in one call
        tag = child.tag
        if tag.__class__ is str and tag not in NO_TEXT:
            if len(child):
                _marked(child, marks, out)
            elif text := child.text:
                out.append(text)
            if (mark := marks.get(tag)) is not None:
                out.append(mark)
        if tail := child.tail:
            out.append(tail)


LINE_BREAKS = frozenset({"br", "p", "div", "li", "tr"})


def text_lines(
    tag: etree._Element | None,
    blocks: frozenset[str] = LINE_BREAKS,
    skip: frozenset[str] = frozenset(),
) -> list[str]:
    """The cleaned, non-empty lines of an element: ``<br>`` and ``blocks`` elements break lines.

    A block element breaks the line before and after itself, so text following a closed
    ``<p>`` starts a new line too.  Elements named in ``skip`` are left out (their tails kept).
    """
    if tag is None:
        return []
    chunks: list[str] = []
    _walk(tag, blocks, skip, chunks, tag.tag in NO_TEXT)
    return [line for line in (clean(x) for x in "".join(chunks).split("\n")) if line]


def _walk(
    node: etree._Element, blocks: frozenset[str], skip: frozenset[str], out: list[str], mute: bool
) -> None:
    if not mute and node.text:
        out.append(node.text)
    for child in node:
        name = child.tag
        if not isinstance(name, str) or name in skip:  # comments, PIs, removed elements
            pass
        elif name == "br":
            out.append("\n")
        elif name in blocks:
            out.append("\n")
            _walk(child, blocks, skip, out, mute or name in NO_TEXT)
            out.append("\n")
        else:
            _walk(child, blocks, skip, out, mute or name in NO_TEXT)
        if not mute and child.tail:
            out.append(child.tail)
