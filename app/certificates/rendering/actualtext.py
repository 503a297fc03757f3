"""Make the text extracted from a certificate equal to what was typed, in every script.

WeasyPrint maps each glyph to the characters it was shaped from (the PDF ToUnicode map),
which is enough for simple scripts but not for Tamil, Khmer or Myanmar, where one cluster is
drawn as several glyphs, some of them reordered or positioned as marks: text extractors then
insert spaces and line breaks inside words. The PDF answer is ``/ActualText`` on a marked
content span (ISO 32000-1 §14.9.4): the logical text that the glyphs of the span stand for.

With ``pdf_tags=True`` WeasyPrint already wraps every text box in a ``/Span <</MCID n>> BDC``
sequence; we add the box's text as ``/ActualText`` to that property list. The patch is applied
once, is harmless for other documents (it only adds information) and is checked by the
certificate tests, which fail loudly if a WeasyPrint upgrade changes these internals.
"""

from __future__ import annotations

from contextlib import contextmanager

import pydyf
from weasyprint.formatting_structure import boxes
from weasyprint.pdf import stream as weasy_stream

_original_marked = weasy_stream.Stream.marked


@contextmanager
def _marked_with_actual_text(self, box, tag):
    if self._tags is None or tag != "Span" or not isinstance(box, boxes.TextBox) \
            or not box.text:
        with _original_marked(self, box, tag):
            yield
        return
    mcid = len(self._tags)
    self._tags[box] = {"tag": tag, "mcid": mcid}
    properties = pydyf.Dictionary({"MCID": mcid, "ActualText": pydyf.String(box.text)})
    pydyf.Stream.begin_marked_content(self, tag, properties)
    try:
        yield
    finally:
        pydyf.Stream.end_marked_content(self)


def install() -> None:
    if weasy_stream.Stream.marked is not _marked_with_actual_text:
        weasy_stream.Stream.marked = _marked_with_actual_text
