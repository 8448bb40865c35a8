"""A report as plain data (``Document``) and its A4 PDF (``render``): the school's name, the
report's title, the date printed and "data as of" on every page, "Lapa n no N" in the footer,
tables whose header row repeats on every page, DejaVu Sans so that ā, č, ē, ģ, ī, ķ, ļ, ņ, š,
ū, ž print (SPEC P8).

Builders in ``services.reporting`` fill a ``Document``; this module knows nothing of the
school's data. A document of several parts (a class's statements) starts each part on a new
page and names it in the running header.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from eklase_desktop.i18n import _

FONT = "DejaVuSansCondensed"
BOLD = "DejaVuSansCondensed-Bold"
FONT_DIR = Path(__file__).resolve().parent / "fonts"
MARGIN = 14 * mm
HEADER_SPACE = 16 * mm
_GRID = colors.HexColor("#9a9a9a")
_HEADER_FILL = colors.HexColor("#e4e8ee")
_TOTAL_FILL = colors.HexColor("#f2f2f2")
_PADDING = 2.5


@dataclass(frozen=True)
class Column:
    """A table column: its title, relative width, and whether figures align right."""

    title: str
    width: float = 1.0
    numeric: bool = False


@dataclass(frozen=True)
class Grid:
    """A table; ``total`` rows (sums, averages) print last, shaded. With no rows the
    ``empty`` text prints in its place."""

    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...], ...]
    total: tuple[tuple[str, ...], ...] = ()
    empty: str = ""
    font_size: float = 8.0
    vertical: frozenset[int] = frozenset()  # columns whose title prints upwards
    # rows that belong together (a student's marks of the year, in several rows): the
    # sizes of consecutive blocks of ``rows``; a page break never falls inside one
    blocks: tuple[int, ...] = ()


@dataclass(frozen=True)
class Chart:
    """A bar chart (``bars``) or a line chart of ``series`` — (name, one value per category,
    None where there is none) — over ``categories``; the value axis from ``low`` to ``high``.
    The PDF draws it with reportlab's charts, the app with its own painter."""

    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[float | None, ...]], ...]  # (a line joins over a None)
    bars: bool = False
    low: float = 0.0
    high: float = 10.0
    step: float = 1.0


@dataclass(frozen=True)
class Section:
    """A heading, lines of text, an optional table and chart; ``part`` starts a new page
    whose running header names it (one student of a class's statements)."""

    heading: str = ""
    lines: tuple[str, ...] = ()
    grid: Grid | None = None
    chart: Chart | None = None
    part: str = ""
    signatures: tuple[str, ...] = ()


@dataclass(frozen=True)
class Document:
    title: str
    school: str
    subtitle: str
    data_as_of: dt.datetime | None
    printed_at: dt.datetime
    sections: tuple[Section, ...] = ()
    wide: bool = False  # landscape
    empty: str = field(default="")  # shown when there are no sections

    def text_lines(self) -> list[str]:
        """Every line of text of the document, for tests and search."""
        lines = [self.title, self.school, self.subtitle]
        for section in self.sections:
            lines += [section.part, section.heading, *section.lines]
            if section.grid is not None:
                lines.append(" | ".join(column.title for column in section.grid.columns))
                lines += [" | ".join(row) for row in (*section.grid.rows, *section.grid.total)]
        return lines


def _register_fonts() -> None:
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    pdfmetrics.registerFont(TTFont(FONT, str(FONT_DIR / "DejaVuSansCondensed.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(FONT_DIR / "DejaVuSansCondensed-Bold.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)


def _style(name: str, size: float, bold: bool = False, **extra: Any) -> ParagraphStyle:
    return ParagraphStyle(
        name, fontName=BOLD if bold else FONT, fontSize=size, leading=size * 1.22, **extra
    )


_TITLE = _style("title", 15, bold=True, spaceAfter=2)
_SUBTITLE = _style("subtitle", 10.5, spaceAfter=6)
_HEADING = _style("heading", 10.5, bold=True, spaceBefore=8, spaceAfter=4)
_TEXT = _style("text", 9, spaceAfter=2)


def when(moment: dt.datetime | None) -> str:
    """A moment as Latvians write it: 23.11.2026. 14:05."""
    return moment.strftime("%d.%m.%Y. %H:%M") if moment else ""


class _Part(Flowable):  # type: ignore[misc]
    """Invisible marker: from here on, the running header names ``text``."""

    def __init__(self, number: int, text: str) -> None:
        super().__init__()
        self.part = (number, text)  # numbered: two students of one name are two parts

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv._eklase_part = self.part


class _Upwards(Flowable):  # type: ignore[misc]
    """A column title printed bottom to top, for narrow columns of many subjects."""

    def __init__(self, text: str, size: float) -> None:
        super().__init__()
        self.size = size
        self.lines = _balanced(text, size)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        longest = max(pdfmetrics.stringWidth(line, BOLD, self.size) for line in self.lines)
        return self.size * 1.25 * len(self.lines), longest + 2

    def draw(self) -> None:
        self.canv.saveState()
        self.canv.setFont(BOLD, self.size)
        self.canv.rotate(90)
        for index, line in enumerate(self.lines, start=1):
            self.canv.drawString(1, -self.size * 1.2 * index + 2, line)
        self.canv.restoreState()


def _balanced(text: str, size: float, longest: float = 60) -> list[str]:
    """One line, or two of about equal width when the text is longer than ``longest``."""
    words = text.split()
    if len(words) < 2 or pdfmetrics.stringWidth(text, BOLD, size) <= longest:
        return [text]
    splits = [[" ".join(words[:i]), " ".join(words[i:])] for i in range(1, len(words))]
    return min(splits, key=lambda pair: max(len(line) for line in pair))


def _numbered_canvas(document: Document) -> type[Canvas]:
    """A canvas that holds its pages back until the end, so that each can say "n no N"."""

    class NumberedCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []
            self._eklase_part: tuple[int, str] = (0, "")

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            parts = [page["_eklase_part"] for page in self._pages]
            for index, page in enumerate(self._pages):
                self.__dict__.update(page)
                # A part (one student's statement) is numbered on its own: it is handed out.
                same = [i for i, part in enumerate(parts) if part == parts[index]]
                _decorate(self, document, same.index(index) + 1, len(same))
                super().showPage()
            super().save()

    return NumberedCanvas


def _decorate(canvas: Canvas, document: Document, number: int, total: int) -> None:
    width, height = canvas._pagesize
    top = height - MARGIN + 2 * mm
    canvas.saveState()
    canvas.setFont(BOLD, 8.5)
    canvas.drawString(MARGIN, top, document.school)
    canvas.setFont(FONT, 8.5)
    canvas.drawRightString(width - MARGIN, top, document.title)
    part = getattr(canvas, "_eklase_part", (0, ""))[1]
    if part:
        canvas.drawRightString(width - MARGIN, top - 11, part)
    canvas.setStrokeColor(_GRID)
    canvas.line(MARGIN, top - 14, width - MARGIN, top - 14)
    bottom = MARGIN - 6 * mm
    canvas.line(MARGIN, bottom + 10, width - MARGIN, bottom + 10)
    canvas.setFont(FONT, 7.5)
    stamp = _("Izdrukāts {printed} · dati uz {as_of}")
    if document.data_as_of is None:
        stamp = _("Izdrukāts {printed} · dati nav sinhronizēti ar serveri")
    canvas.drawString(
        MARGIN,
        bottom,
        stamp.format(printed=when(document.printed_at), as_of=when(document.data_as_of)),
    )
    canvas.drawRightString(
        width - MARGIN, bottom, _("Lapa {n} no {total}").format(n=number, total=total)
    )
    canvas.restoreState()


def _cell(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _grid(grid: Grid, width: float) -> list[Flowable]:
    if not grid.rows and not grid.total:
        return [Paragraph(escape(grid.empty or _("Nav datu.")), _TEXT)]
    size = grid.font_size
    head = _style("head", size, bold=True)
    body = _style("body", size)
    right = _style("right", size, alignment=TA_RIGHT)
    weights = sum(column.width for column in grid.columns)
    widths = [width * column.width / weights for column in grid.columns]
    styles = [right if column.numeric else body for column in grid.columns]
    data: list[list[Any]] = [
        [
            _Upwards(column.title, size) if index in grid.vertical else _cell(column.title, head)
            for index, column in enumerate(grid.columns)
        ]
    ]
    room = [w - 2 * _PADDING for w in widths]
    for row in (*grid.rows, *grid.total):
        data.append(
            [
                # a short text that fits is drawn as is: a paragraph per cell is slow
                text
                if "\n" not in text and pdfmetrics.stringWidth(text, FONT, size) <= space
                else _cell(text, style)
                for text, style, space in zip(row, styles, room, strict=True)
            ]
        )
    # splitInRow: a cell of a long text (a behaviour entry, a topic) may continue on the next page
    table = Table(data, colWidths=widths, repeatRows=1, splitInRow=1)
    numeric = [index for index, column in enumerate(grid.columns) if column.numeric]
    commands: list[Any] = [
        ("FONT", (0, 1), (-1, -1), FONT, size, size * 1.22),
        *(("ALIGN", (index, 1), (index, -1), "RIGHT") for index in numeric),
        ("GRID", (0, 0), (-1, -1), 0.4, _GRID),
        ("BACKGROUND", (0, 0), (-1, 0), _HEADER_FILL),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), _PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), _PADDING),
    ]
    if grid.total:
        commands.append(("BACKGROUND", (0, -len(grid.total)), (-1, -1), _TOTAL_FILL))
    first = 1  # (row 0 is the heading)
    for size_of_block in grid.blocks:
        if size_of_block > 1:
            commands.append(("NOSPLIT", (0, first), (-1, first + size_of_block - 1)))
        first += size_of_block
    table.setStyle(TableStyle(commands))
    return [table]


SERIES_COLOURS = ("#2f6db5", "#d9822b", "#4a9a5b", "#b5413a", "#7a5bb0", "#8c8c8c")
CHART_HEIGHT = 62 * mm


def _chart(chart: Chart, width: float) -> Flowable:
    """The chart drawn with reportlab's own charts, a legend above it when it has several
    series; a value missing from a line is left out (the line joins its neighbours), a
    series with no value at all is not drawn."""
    chart = replace(
        chart, series=tuple((n, v) for n, v in chart.series if any(x is not None for x in v))
    )
    legend_height = 7 * mm if len(chart.series) > 1 else 0
    drawing = Drawing(width, CHART_HEIGHT + legend_height)
    if not chart.series:
        return Paragraph(escape(_("Nav datu.")), _TEXT)
    plot: Any = VerticalBarChart() if chart.bars else HorizontalLineChart()
    plot.x, plot.y = 12 * mm, 9 * mm
    plot.width, plot.height = width - 16 * mm, CHART_HEIGHT - 12 * mm
    plot.data = [list(values) for _name, values in chart.series]
    plot.categoryAxis.categoryNames = list(chart.categories)
    plot.categoryAxis.labels.fontName = FONT
    plot.categoryAxis.labels.fontSize = 7.5
    plot.valueAxis.labels.fontName = FONT
    plot.valueAxis.labels.fontSize = 7.5
    plot.valueAxis.valueMin, plot.valueAxis.valueMax = chart.low, chart.high
    plot.valueAxis.valueStep = chart.step
    plot.valueAxis.labelTextFormat = _latvian_number  # 6,5, as the app shows it
    plot.valueAxis.visibleGrid = True
    plot.valueAxis.gridStrokeColor = colors.HexColor("#dddddd")
    for index in range(len(chart.series)):
        colour = colors.HexColor(SERIES_COLOURS[index % len(SERIES_COLOURS)])
        if chart.bars:
            plot.bars[index].fillColor = colour
            plot.bars[index].strokeColor = colour
        else:
            plot.lines[index].strokeColor = colour
            plot.lines[index].strokeWidth = 1.6
            plot.lines[index].symbol = makeMarker("FilledCircle", size=3.5, fillColor=colour)
    drawing.add(plot)
    if legend_height:
        legend = Legend()
        legend.x, legend.y = 12 * mm, CHART_HEIGHT + legend_height - 2 * mm
        legend.alignment = "right"
        legend.columnMaximum = 1
        legend.fontName, legend.fontSize = FONT, 8
        legend.deltax = 60 * mm
        legend.colorNamePairs = [
            (colors.HexColor(SERIES_COLOURS[i % len(SERIES_COLOURS)]), name)
            for i, (name, _values) in enumerate(chart.series)
        ]
        drawing.add(legend)
    return drawing


def _latvian_number(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def _signatures(names: tuple[str, ...], width: float) -> Flowable:
    rows = [[_cell(name, _TEXT), _cell("_" * 34, _TEXT)] for name in names]
    table = Table(rows, colWidths=[width * 0.4, width * 0.6])
    table.setStyle(TableStyle([("TOPPADDING", (0, 0), (-1, -1), 9)]))
    return KeepTogether([Spacer(1, 6 * mm), table])


def _story(document: Document, width: float) -> list[Flowable]:
    story: list[Flowable] = []
    first = True
    for section in document.sections:
        if section.part:
            if not first:
                story.append(PageBreak())
            story.append(_Part(len(story), section.part))
        if section.part or first:
            story += [_header(document, section.part)]
        first = False
        head: list[Flowable] = []
        if section.heading:
            head.append(_cell(section.heading, _HEADING))
        if section.lines and not section.heading:
            head.append(Spacer(1, 2 * mm))
        head += [_cell(line, _TEXT) for line in section.lines]
        if section.chart is not None:  # a chart is never parted from its heading
            story.append(KeepTogether([*head, _chart(section.chart, width)]))
        elif section.heading and section.lines:  # nor a heading from its lines
            story.append(KeepTogether(head))
        else:
            story += head
        if section.grid is not None:
            story += _grid(section.grid, width)
        if section.signatures:
            story.append(_signatures(section.signatures, width))
    if not document.sections:
        story += [_header(document, ""), _cell(document.empty or _("Nav datu."), _TEXT)]
    return story


def _header(document: Document, part: str) -> Flowable:
    lines = [_cell(document.title, _TITLE), _cell(document.subtitle, _SUBTITLE)]
    if part:
        lines.insert(1, _cell(part, _style("part", 12, bold=True, spaceAfter=2)))
    return KeepTogether(lines)


def render(document: Document) -> bytes:
    """The document as an A4 PDF (landscape when ``wide``)."""
    _register_fonts()
    size = landscape(A4) if document.wide else A4
    out = io.BytesIO()
    template = SimpleDocTemplate(
        out,
        pagesize=size,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN + HEADER_SPACE - 6 * mm,
        bottomMargin=MARGIN + 2 * mm,
        title=f"{document.title} — {document.subtitle}",
        author=document.school,
        creator="E-klase Desktop",
    )
    template.build(_story(document, size[0] - 2 * MARGIN), canvasmaker=_numbered_canvas(document))
    return out.getvalue()
