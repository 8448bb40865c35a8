"""The password slip (SPEC A3, M 9): what the clerk prints and hands over when a password is
not sent by SMS — the person's name, login name, password and where to sign in, and that the
password is to be changed at once. Made on the clerk's laptop from the server's one answer;
the password is in no file but the printed one."""

from __future__ import annotations

import datetime as dt

from eklase_desktop.i18n import _
from eklase_desktop.reports.document import Document, Section, render


def password_slip(
    school: str, name: str, username: str, password: str, server: str, printed_at: dt.datetime
) -> bytes:
    document = Document(
        title=_("Pieejas dati E-klasē"),
        school=school,
        subtitle=name,
        data_as_of=printed_at,  # the server's answer of this moment
        printed_at=printed_at,
        sections=(
            Section(
                lines=(
                    _("Lietotājvārds: {username}").format(username=username),
                    _("Parole: {password}").format(password=password),
                    _("Servera adrese: {server}").format(server=server),
                )
            ),
            Section(
                heading=_("Kā pieslēgties"),
                lines=(
                    _("1. Atveriet E-klase Desktop un ievadiet lietotājvārdu un paroli."),
                    _("2. Izvēlnē «Fails → Mainīt paroli…» nomainiet paroli pret savu."),
                    _("3. Šo lapu iznīciniet; paroli nevienam neizpaudiet."),
                    _("Ja parole nozaudēta, jaunu izsniedz lietvedis."),
                ),
            ),
        ),
    )
    return render(document)
