"""Accounts' rules (SPEC A3, A6; DOMAIN: school set-up): the login-name rule, a chosen
password, the SMS's phone and text; the printed password slip."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest

from eklase_desktop.domain.accounts import (
    DEFAULT_SMS_TEMPLATE,
    MAX_SMS,
    AccountRefused,
    LoginRule,
    account_login,
    check_new_password,
    masked_phone,
    sms_phone,
    sms_text,
)
from eklase_desktop.reports.password_slip import password_slip


def test_the_login_name_rule_of_the_school() -> None:
    taken = {"anna.liepa"}
    assert account_login(LoginRule.NAME, "Anna", "Liepa", None, taken) == "anna.liepa2"
    assert account_login(LoginRule.NAME, "Ērika", "Šmite", None, taken) == "erika.smite"
    code = account_login(LoginRule.PERSONAL_CODE, "Anna", "Liepa", "010180-10000", taken)
    assert code == "01018010000"
    with pytest.raises(AccountRefused, match="kartītē tā nav"):
        account_login(LoginRule.PERSONAL_CODE, "Anna", "Liepa", None, taken)
    with pytest.raises(AccountRefused, match="jau ir aizņemts"):
        account_login(LoginRule.PERSONAL_CODE, "Anna", "Liepa", "01018010000", {"01018010000"})


@pytest.mark.parametrize(
    ("new", "says"),
    [
        ("īsa-9zīm", "vismaz 10"),
        ("vecā-parole-1", "tāda pati"),
        ("Anna.Liepa-2026", "lietotājvārds"),
        (" atstarpe-sākumā", "atstarpi"),
    ],
)
def test_a_chosen_password_that_will_not_do(new: str, says: str) -> None:
    with pytest.raises(AccountRefused, match=says):
        check_new_password("anna.liepa", "vecā-parole-1", new)


def test_a_good_chosen_password_passes() -> None:
    check_new_password("anna.liepa", "vecā-parole-1", "Mana jaunā parole 7")


def test_an_sms_goes_only_to_a_latvian_mobile() -> None:
    assert sms_phone("20 000 045") == "+371 20000045"
    assert masked_phone("+371 20000045") == "+371 2*****45"
    for phone, says in (
        (None, "nav tālruņa"),
        ("67 000 000", "nav mobilais"),
        ("+44 7700 900000", "nav Latvijas tālruņa"),
    ):
        with pytest.raises(AccountRefused, match=says):
            sms_phone(phone)


def test_the_sms_text_from_the_template() -> None:
    text = sms_text(
        DEFAULT_SMS_TEMPLATE, school="Ozolkalna vidusskola", name="Liepa Anna",
        username="anna.liepa", password="Xk3mPq7rTz2a",
    )  # fmt: skip
    assert "anna.liepa" in text and "Xk3mPq7rTz2a" in text and len(text) <= MAX_SMS
    for bad in ("Parole: {pasword}", "Sveiki, {name}!"):  # a typo; no password at all
        with pytest.raises(AccountRefused, match="jābūt"):
            sms_text(bad, school="", name="", username="", password="x")


def test_the_password_slip_prints_in_latvian(tmp_path: Path) -> None:
    pdf = tmp_path / "parole.pdf"
    pdf.write_bytes(
        password_slip(
            "Ozolkalna vidusskola", "Šmite Ērika", "erika.smite", "Xk3mPq7rTz2a",
            "https://eklase.ozolkalns.lv", dt.datetime(2026, 8, 24, 10, 5),
        )
    )  # fmt: skip
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    for expected in (
        "Pieejas dati E-klasē",
        "Šmite Ērika",
        "Lietotājvārds: erika.smite",
        "Parole: Xk3mPq7rTz2a",
        "Servera adrese: https://eklase.ozolkalns.lv",
        "Mainīt paroli",
    ):
        assert expected in text
