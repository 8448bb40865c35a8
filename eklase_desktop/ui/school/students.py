"""*Skola → Skolēni* (SPEC D1, C1): a class's student cards with the guardians — identity,
personal code, addresses, identity document, programme and the admission order."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from eklase_desktop.domain import clock
from eklase_desktop.domain.orders import (
    MAX_ORDER_NUMBER,
    OrderDetails,
    OrderKind,
    validate_order,
)
from eklase_desktop.domain.school import (
    MAX_ADDRESS,
    Gender,
    GuardianDetails,
    StudentDetails,
    validate_student,
)
from eklase_desktop.i18n import _
from eklase_desktop.services.people import People, StudentView
from eklase_desktop.ui.absences import date_text
from eklase_desktop.ui.reports import ReportViewer
from eklase_desktop.ui.school.common import (
    FormDialog,
    TableWindow,
    date_edit,
    day_of,
    optional_day,
)
from eklase_desktop.ui.session import Workspace


class StudentsWindow(TableWindow):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        columns = [_("Skolēns"), _("Personas kods"), _("Dzimis"), _("Tālrunis")]
        super().__init__(workspace, [*columns, _("Vecāki"), _("Uzņemts")], parent)
        self.setWindowTitle(_("Skolēni"))
        self.setup = People(workspace.factory, workspace.actor)
        self.views: dict[uuid.UUID, StudentView] = {}
        self.classes = QComboBox()
        years = self.setup.years()
        for view in self.setup.classes(years[0].id) if years else []:
            self.classes.addItem(view.details.name, view.id)
        self.top.insertWidget(0, QLabel(_("Klase")))
        self.top.insertWidget(1, self.classes)
        self.classes.currentIndexChanged.connect(lambda _index: self.reload())
        self.file_button = QPushButton(_("Personas lieta…"))
        self.file_button.setToolTip(_("Kartīte, gada vērtējumi, kavējumi un uzvedība; drukājama"))
        self.file_button.clicked.connect(self.open_file)
        self.top.addWidget(self.file_button)
        self.transfer_button = QPushButton(_("Pārcelt…"))
        self.expel_button = QPushButton(_("Atskaitīt…"))
        self.transfer_button.setToolTip(_("Pārcelt citā klasē ar rīkojumu"))
        self.expel_button.setToolTip(_("Atskaitīt no skolas ar rīkojumu"))
        self.transfer_button.clicked.connect(lambda: self.give_order(OrderKind.TRANSFER))
        self.expel_button.clicked.connect(lambda: self.give_order(OrderKind.EXPULSION))
        for button in (self.transfer_button, self.expel_button):
            self.top.addWidget(button)
        self.allow_changes(self.setup.writable and self.classes.count() > 0)
        self.transfer_button.setVisible(self.writable)
        self.expel_button.setVisible(self.writable)
        self.reload()

    def give_order(self, kind: OrderKind) -> None:
        """A transfer or an expulsion of the chosen student by an order (SPEC C2)."""
        key = self.chosen()
        if key is None or not self.writable:
            return
        classes = [
            (self.classes.itemData(i), self.classes.itemText(i))
            for i in range(self.classes.count())
            if self.classes.itemData(i) != self.class_id
        ]
        dialog = OrderDialog(self, kind, self.views[key], classes)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        setup, details = self.setup, dialog.value
        self._write(lambda: setup.order(key, details))

    def open_file(self) -> None:
        """The chosen student's personal file (SPEC T6) in the report viewer, to print."""
        key, group = self.chosen(), self.class_id
        if key is None or group is None:
            return
        self.file_viewer = ReportViewer(self.workspace)
        self.file_viewer.show_personal_file(group, key)
        self.file_viewer.show()

    @property
    def class_id(self) -> uuid.UUID | None:
        value = self.classes.currentData()
        return value if isinstance(value, uuid.UUID) else None

    def reload(self) -> None:
        class_id, setup = self.class_id, self.setup
        if class_id is not None:
            self._load(lambda: setup.students(class_id), self._show)

    def _show(self, views: list[StudentView]) -> None:
        self.views = {view.id: view for view in views}
        self.fill([(view.id, _cells(view)) for view in views])

    def dialog(self, key: uuid.UUID | None) -> FormDialog:
        view = self.views.get(key) if key else None
        return StudentDialog(self, view.details if view else None, self.class_id)

    def saving(self, key: uuid.UUID | None, value: Any) -> Callable[[], Any]:
        setup = self.setup
        return lambda: setup.save_student(key, value)

    def delete(self, key: uuid.UUID) -> None:
        setup = self.setup
        self._write(lambda: setup.delete_student(key))


def _cells(view: StudentView) -> tuple[str, ...]:
    details = view.details
    guardians = ", ".join(f"{g.first_name} {g.last_name}" for g in details.guardians)
    admitted = details.admission_order
    if details.admitted_on:
        admitted = f"{admitted} {date_text(details.admitted_on)}".strip()
    name = f"{details.last_name} {details.first_name}"
    if view.left_on is not None:
        name += " " + _("(atskaitīts {day})").format(day=date_text(view.left_on))
    elif view.moved_in is not None:
        name += " " + _("(pārcelts no {day})").format(day=date_text(view.moved_in))
    return (
        name,
        details.personal_code,
        date_text(details.birth_date) if details.birth_date else "",
        details.phone,
        guardians,
        admitted,
    )


class OrderDialog(FormDialog):
    """The order's number and day, and for a transfer the class."""

    def __init__(
        self,
        parent: QWidget | None,
        kind: OrderKind,
        view: StudentView,
        classes: list[tuple[uuid.UUID, str]],
    ) -> None:
        title = _("Pārcelt citā klasē") if kind is OrderKind.TRANSFER else _("Atskaitīt")
        super().__init__(parent, f"{title}: {view.name}")
        self.kind = kind
        self.number = QLineEdit()
        self.number.setMaxLength(MAX_ORDER_NUMBER)
        self.number.setPlaceholderText(_("piemēram, 1-12/45"))
        self.day = date_edit(clock.today())
        self.target = QComboBox()
        for key, name in classes:
            self.target.addItem(name, key)
        self.form.addRow(_("Rīkojuma nr."), self.number)
        self.form.addRow(_("Spēkā no"), self.day)
        if kind is OrderKind.TRANSFER:
            self.form.addRow(_("Jaunā klase"), self.target)
        note = _(
            "Līdzšinējie vērtējumi paliek žurnālos; no šīs dienas skolēns vecajos kursos vairs nav."
        )
        self.form.addRow(QLabel(note))
        self.check = lambda: validate_order(self.typed())
        self.finish()

    def typed(self) -> OrderDetails:
        target = self.target.currentData() if self.kind is OrderKind.TRANSFER else None
        return OrderDetails(self.kind, self.number.text(), day_of(self.day), target)


class StudentDialog(FormDialog):
    def __init__(
        self, parent: QWidget | None, details: StudentDetails | None, class_id: uuid.UUID | None
    ) -> None:
        super().__init__(parent, _("Skolēna kartīte"))
        self.setMinimumWidth(560)
        card = details or StudentDetails("", "", "", class_id, admitted_on=clock.today())
        self.class_id = card.class_group_id
        self.first_name, self.last_name = QLineEdit(card.first_name), QLineEdit(card.last_name)
        self.personal_code = QLineEdit(card.personal_code)
        self.personal_code.setPlaceholderText(_("DDMMGG-NNNNN"))
        self.birth_date, self.born_known = optional_day(card.birth_date)
        self.gender = QComboBox()
        self.gender.addItem("", None)
        for gender in Gender:
            self.gender.addItem(gender.label, gender.value)
        self.gender.setCurrentIndex(max(self.gender.findData(card.gender), 0))
        self.phone = QLineEdit(card.phone)
        self.declared_address = QLineEdit(card.declared_address)
        self.actual_address = QLineEdit(card.actual_address)
        for address in (self.declared_address, self.actual_address):
            address.setMaxLength(MAX_ADDRESS)
        self.programme = QLineEdit(card.programme)
        self.id_document = QLineEdit(card.id_document)
        self.id_document_issuer = QLineEdit(card.id_document_issuer)
        self.id_document_date, self.document_dated = optional_day(card.id_document_date)
        self.admission_order = QLineEdit(card.admission_order)
        self.admitted_on, self.admitted = optional_day(card.admitted_on)
        self.guardians = GuardianTable(card.guardians)
        self.form.addRow(_("Vārds"), self.first_name)
        self.form.addRow(_("Uzvārds"), self.last_name)
        self.form.addRow(_("Personas kods"), self.personal_code)
        self.form.addRow(_("Dzimšanas datums"), _row(self.born_known, self.birth_date))
        self.form.addRow(_("Dzimums"), self.gender)
        self.form.addRow(_("Tālrunis"), self.phone)
        self.form.addRow(_("Deklarētā adrese"), self.declared_address)
        self.form.addRow(_("Faktiskā adrese"), self.actual_address)
        self.form.addRow(_("Izglītības programma"), self.programme)
        self.form.addRow(_("Personu apliecinošs dokuments"), self.id_document)
        self.form.addRow(_("Izdevējs"), self.id_document_issuer)
        self.form.addRow(_("Izdots"), _row(self.document_dated, self.id_document_date))
        self.form.addRow(_("Uzņemšanas rīkojums"), self.admission_order)
        self.form.addRow(_("Uzņemts"), _row(self.admitted, self.admitted_on))
        self.form.addRow(_("Vecāki"), self.guardians)
        self.check = lambda: validate_student(self.typed())
        self.finish()

    def typed(self) -> StudentDetails:
        gender = self.gender.currentData()
        return StudentDetails(
            self.first_name.text(),
            self.last_name.text(),
            self.personal_code.text(),
            self.class_id,
            day_of(self.birth_date) if self.born_known.isChecked() else None,
            Gender(gender) if gender else None,
            self.phone.text(),
            self.declared_address.text(),
            self.actual_address.text(),
            self.programme.text(),
            self.id_document.text(),
            self.id_document_issuer.text(),
            day_of(self.id_document_date) if self.document_dated.isChecked() else None,
            self.admission_order.text(),
            day_of(self.admitted_on) if self.admitted.isChecked() else None,
            self.guardians.typed(),
        )


class GuardianTable(QWidget):
    """The guardians: first name, last name, phone; a row each."""

    def __init__(self, guardians: tuple[GuardianDetails, ...]) -> None:
        super().__init__()
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([_("Vārds"), _("Uzvārds"), _("Tālrunis")])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setMaximumHeight(120)
        self.keys: list[uuid.UUID] = []
        for guardian in guardians:
            self.add(guardian)
        add, remove = QPushButton(_("Pievienot")), QPushButton(_("Noņemt"))
        add.clicked.connect(lambda: self.add(None))
        remove.clicked.connect(self.remove)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(add)
        buttons.addWidget(remove)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)

    def add(self, guardian: GuardianDetails | None) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.keys.append(guardian.id if guardian else uuid.uuid4())
        texts = (guardian.first_name, guardian.last_name, guardian.phone) if guardian else ()
        for column in range(3):
            self.table.setItem(row, column, QTableWidgetItem(texts[column] if texts else ""))

    def remove(self) -> None:
        rows = self.table.selectionModel().selectedRows() or self.table.selectedIndexes()
        if rows:
            row = rows[0].row()
            self.table.removeRow(row)
            del self.keys[row]

    def typed(self) -> tuple[GuardianDetails, ...]:
        def text(row: int, column: int) -> str:
            item = self.table.item(row, column)
            return item.text() if item is not None else ""

        return tuple(
            GuardianDetails(key, text(row, 0), text(row, 1), text(row, 2))
            for row, key in enumerate(self.keys)
            if any(text(row, column).strip() for column in range(3))
        )


def _row(known: QCheckBox, edit: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addWidget(known)
    row.addWidget(edit, 1)
    return row
