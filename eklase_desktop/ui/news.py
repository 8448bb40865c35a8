"""*Skolas jaunumi* (SPEC C4): the school's news, newest first, unread ones in bold; the
selected item's text below (opening it marks it read). The clerk and the deputy director add,
change and delete items."""

from __future__ import annotations

import html
import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QAction, QFont
from PySide6.QtWidgets import (
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from eklase_desktop.domain import clock
from eklase_desktop.domain.news import MAX_TITLE, NewsDetails, validate_news
from eklase_desktop.i18n import _
from eklase_desktop.services.journal_checks import JournalChecks
from eklase_desktop.services.news import NewsItem, SchoolNews
from eklase_desktop.ui.school.common import (
    ID_ROLE,
    FormDialog,
    TableWindow,
    date_edit,
    day_of,
)
from eklase_desktop.ui.session import Workspace


class NewsWindow(TableWindow):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, [_("Datums"), _("Virsraksts"), _("Autors")], parent)
        self.setWindowTitle(_("Skolas jaunumi"))
        self.news = SchoolNews(workspace.factory, workspace.actor)
        self.items: dict[uuid.UUID, NewsItem] = {}
        self.text = QTextBrowser()
        self.text.setOpenExternalLinks(False)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(2, self.text, 1)  # (below the list, above the message)
        self.table.itemSelectionChanged.connect(self._open_chosen)
        self.allow_changes(self.news.writable)
        self.reload()

    def reload(self) -> None:
        self._load(self.news.items, self._show)

    def _show(self, items: list[NewsItem]) -> None:
        chosen = self._selected()
        self.items = {item.id: item for item in items}
        self.fill(
            [
                (
                    item.id,
                    (
                        item.details.day.strftime("%d.%m.%Y"),
                        item.details.title + (_(" (vēl nav nosūtīts)") if item.waiting else ""),
                        item.author,
                    ),
                )
                for item in items
            ]
        )
        for row, item in enumerate(items):
            self._embolden(row, item.unread)
        self.table.resizeColumnsToContents()  # (bold is wider)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        if not items:
            self.text.setPlainText(_("Skolas jaunumu vēl nav."))
        elif chosen in self.items:
            self.table.selectRow(list(self.items).index(chosen))
        else:
            self.text.clear()

    def _embolden(self, row: int, bold: bool) -> None:
        for column in range(self.table.columnCount()):
            cell = self.table.item(row, column)
            if cell is not None:
                font = QFont(cell.font())
                font.setBold(bold)
                cell.setFont(font)

    def _selected(self) -> uuid.UUID | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        cell = self.table.item(rows[0].row(), 0)
        key = cell.data(ID_ROLE) if cell is not None else None
        return key if isinstance(key, uuid.UUID) else None

    def _open_chosen(self) -> None:
        key = self._selected()
        item = self.items.get(key) if key is not None else None
        if item is None:
            return
        self.text.setHtml(_as_html(item))
        if item.unread:
            self._embolden(self.table.currentRow(), False)
            self.items[item.id] = NewsItem(item.id, item.details, item.author, False, item.waiting)
            news = self.news
            self._run(lambda: news.mark_read(item.id), lambda _result: None)

    def dialog(self, key: uuid.UUID | None) -> FormDialog:
        item = self.items.get(key) if key else None
        return NewsDialog(self, item.details if item else None)

    def saving(self, key: uuid.UUID | None, value: Any) -> Callable[[], Any]:
        news = self.news
        return lambda: news.save(key, value)

    def delete(self, key: uuid.UUID) -> None:
        news = self.news
        self._write(lambda: news.delete(key))


class NewsDialog(FormDialog):
    def __init__(self, parent: QWidget | None, details: NewsDetails | None) -> None:
        super().__init__(parent, _("Skolas jaunums"))
        details = details or NewsDetails(clock.today(), "")  # a new item: today's
        self.day = date_edit(details.day)
        self.title = QLineEdit(details.title)
        self.title.setMaxLength(MAX_TITLE)
        self.body = QPlainTextEdit(details.text)
        self.body.setMinimumSize(480, 220)
        self.form.addRow(_("Datums"), self.day)
        self.form.addRow(_("Virsraksts"), self.title)
        self.form.addRow(_("Teksts"), self.body)
        self.check = lambda: validate_news(
            NewsDetails(day_of(self.day), self.title.text(), self.body.toPlainText())
        )
        self.finish()


def name_news_action(action: QAction, workspace: Workspace) -> None:
    """*Skolas jaunumi…* with the number not yet read (counted as the menu opens)."""
    unread = SchoolNews(workspace.factory, workspace.actor).unread()
    action.setText(
        _("Skolas jaunumi ({count} nelasīti)…").format(count=unread)
        if unread
        else _("Skolas jaunumi…")
    )


def _as_html(item: NewsItem) -> str:
    """The item as the reader sees it: the title, the date and the author, the text."""
    byline = " · ".join(
        part for part in (item.details.day.strftime("%d.%m.%Y"), item.author) if part
    )
    body = html.escape(item.details.text).replace("\n", "<br>") or _("(bez teksta)")
    return (
        f"<h3>{html.escape(item.details.title)}</h3>"
        f"<p style='color: #555'>{html.escape(byline)}</p><p>{body}</p>"
    )


def tell_unread(workspace: Workspace, show_info: Callable[[str], None]) -> None:
    """The status bar says how many school news items are unread and how many of the
    deputy's remarks to the user are not done, if any (after a sync that brought rows, and
    at the start: the first download comes with the sign-in)."""
    news = SchoolNews(workspace.factory, workspace.actor)
    remarks = JournalChecks(workspace.factory, workspace.actor)

    def came(counts: tuple[int, int]) -> None:
        unread, open_remarks = counts
        parts = []
        if unread:
            parts.append(_("Skolas jaunumi: nelasīti {count} (Ctrl+J).").format(count=unread))
        if open_remarks:
            parts.append(
                _("Direktora vietnieka piezīmes: neizpildītas {count}.").format(count=open_remarks)
            )
        if parts:
            show_info(" ".join(parts))

    workspace.tasks.run(lambda: (news.unread(), remarks.open_count()), came, lambda _error: None)
