"""What the journal's codes and colours mean: the line under the grid and *Palīdzība →
Apzīmējumi*."""

from __future__ import annotations

from eklase_desktop.i18n import _


def legend_line(monthly: bool = False) -> str:
    """The line under the grid; ``monthly``: the journal has monthly attestation columns."""
    months = _("M X — oktobra starpvērtējums · ") if monthly else ""
    return (
        _(
            "n — nav ieradies · ns, nc — attaisnots · k — kavējis · nv — nav vērtējuma · "
            "PD, Eks., Iesk. — pārbaudes darbs, eksāmens, ieskaite · "
        )
        + months
        + _(
            "Pēcp. — pēcpārbaudījums · Gads lab. — gada vērtējums pēc tā · Vid. — vidējais "
            "· ♪ — pavadīja koncertmeistars · pelēks — brīvdiena"
        )
    )


def legend_text() -> str:
    return _(
        "Vērtējumi: 1–10 balles, i / ni, 0–100 %, nv (nav vērtējuma), "
        "S, T, A, P un + / - (1.–3. klasē); semestra un gada vērtējumos arī atb (atbrīvots) "
        "un a (atbrīvots ar ārsta izziņu).\n"
        "Kavējumi: n — nav ieradies, ns — slimības dēļ, nc — cits attaisnots iemesls, "
        "k — kavējis.\n"
        "Vienā šūnā var ievadīt kavējumu un vērtējumu, piemēram «n nv» vai «k 7».\n"
        "Kolonnas pēc stundām: M I…XII — mēneša starpvērtējums (mūzikas skolā), I sem., "
        "II sem., Gads, Eks. — eksāmens vai ieskaite (ieraksta lietvedis), "
        "Pēcp. — pēcpārbaudījums, Gads lab. — "
        "gada vērtējums pēc pēcpārbaudījuma (sākotnējais paliek kolonnā Gads), Vid. — vidējais "
        "no 1–10 ballēm (Skats → Vidējā vērtējuma kolonna).\n\n"
        "Taustiņi: rakstiet, lai aizstātu; Enter — saglabāt un uz leju; Tab — pa labi; "
        "Delete — notīrīt; Ctrl+V — ielīmēt bloku no izklājlapas; F2 — labot esošo; "
        "Ctrl+Z — atsaukt, Ctrl+Shift+Z — atkārtot."
    )
