from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eklase_desktop.domain.errors import DomainError
from eklase_desktop.domain.personal_code import (
    InvalidPersonalCode,
    birth_date,
    check_digit,
    is_valid,
    mask,
    normalize,
)

WEIGHTS = (1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def with_check_digit(first_ten: str) -> str:
    """``DDMMYY-CNNNK`` with K computed here, independently of the module."""
    remainder = (1101 - sum(int(c) * w for c, w in zip(first_ten, WEIGHTS, strict=True))) % 11
    return f"{first_ten[:6]}-{first_ten[6:]}{remainder % 10}"


def make_code(day: date, serial: str) -> str:
    """An old-format code for ``day`` with a three-digit serial NNN."""
    century = {18: "0", 19: "1", 20: "2"}[day.year // 100]
    return with_check_digit(day.strftime("%d%m") + f"{day.year % 100:02d}" + century + serial)


def test_hand_worked_check_digit() -> None:
    # 0·1 + 1·6 + 0·3 + 1·7 + 9·9 + 0·10 + 1·5 + 2·8 + 3·4 + 4·2 = 135;
    # (1101 - 135) mod 11 = 966 mod 11 = 9; 9 mod 10 = 9.
    assert check_digit("0101901234") == 9
    assert is_valid("010190-12349")


def test_remainder_ten_gives_check_digit_zero() -> None:
    # Σ = 123; (1101 - 123) mod 11 = 978 mod 11 = 10; 10 mod 10 = 0.
    assert check_digit("0101901204") == 0
    assert is_valid("010190-12040")


def test_helper_agrees_with_hand_worked_examples() -> None:
    assert make_code(date(1990, 1, 1), "234") == "010190-12349"
    assert make_code(date(1990, 1, 1), "204") == "010190-12040"


@pytest.mark.parametrize(
    "code",
    [
        "010190-12349",
        "01019012349",
        "  010190-12349\n",
        make_code(date(2000, 2, 29), "000"),  # 2000 was a leap year
        make_code(date(1899, 12, 31), "123"),
        make_code(date(2017, 6, 30), "456"),
        "321234-56789",  # new format, no check digit
        "32123456789",
        "399999-00000",
    ],
)
def test_valid_codes(code: str) -> None:
    assert is_valid(code)


@pytest.mark.parametrize(
    "code",
    [
        "",
        "   ",
        "010190-12348",  # wrong check digit
        "010190-1234",
        "010190-123490",
        "0101901-2349",  # hyphen in the wrong place
        "01019-012349",
        "010190--12349",
        "010190 12349",
        "O10190-12349",  # letter O
        "010190-1234x",
        with_check_digit("0101903234"),  # century digit 3
        with_check_digit("0101909234"),  # century digit 9
        with_check_digit("2902012000"),  # 29 Feb 2001
        with_check_digit("3104901000"),  # 31 April
        with_check_digit("0001901234"),  # day 0
        with_check_digit("0113901234"),  # month 13
        "311234-56789",  # 31 starts no new-format code
        "301234-56789",
        "٠١٠١٩٠-١٢٣٤٩",  # Arabic-Indic digits
    ],
)
def test_invalid_codes(code: str) -> None:
    assert not is_valid(code)


def test_29_february_1900_is_invalid_but_2000_is_valid() -> None:
    assert is_valid(with_check_digit("2902002000"))
    assert not is_valid(with_check_digit("2902001000"))


@pytest.mark.parametrize(
    ("code", "normalized"),
    [
        ("01019012349", "010190-12349"),
        (" 010190-12349 ", "010190-12349"),
        ("32123456789", "321234-56789"),
    ],
)
def test_normalize_adds_the_hyphen(code: str, normalized: str) -> None:
    assert normalize(code) == normalized


def test_normalize_refuses_invalid_codes() -> None:
    with pytest.raises(InvalidPersonalCode, match="Nederīgs personas kods"):
        normalize("010190-12348")
    assert issubclass(InvalidPersonalCode, DomainError)


@pytest.mark.parametrize(
    ("code", "born"),
    [
        ("010190-12349", date(1990, 1, 1)),
        (make_code(date(2010, 7, 15), "345"), date(2010, 7, 15)),
        (make_code(date(1899, 12, 31), "123"), date(1899, 12, 31)),
        ("321234-56789", None),
    ],
)
def test_birth_date(code: str, born: date | None) -> None:
    assert birth_date(code) == born


def test_birth_date_of_invalid_code_raises() -> None:
    with pytest.raises(InvalidPersonalCode):
        birth_date("010190-12348")


@pytest.mark.parametrize(
    ("code", "masked"),
    [
        ("010190-12349", "010190-*****"),
        ("01019012349", "010190-*****"),
        ("321234-56789", "321234-*****"),
        ("nonsense", "******-*****"),
    ],
)
def test_mask_hides_the_serial(code: str, masked: str) -> None:
    assert mask(code) == masked


@given(st.text())
def test_personal_code_functions_never_raise_unexpectedly(text: str) -> None:
    valid = is_valid(text)
    assert "*****" in mask(text)
    try:
        normalize(text)
        birth_date(text)
    except InvalidPersonalCode:
        assert not valid


@given(
    st.dates(min_value=date(1800, 1, 1), max_value=date(2099, 12, 31)),
    st.from_regex(r"[0-9]{3}", fullmatch=True),
)
def test_every_generated_old_code_is_valid(day: date, serial: str) -> None:
    code = make_code(day, serial)
    assert is_valid(code)
    assert is_valid(code.replace("-", ""))
    assert birth_date(code) == day


@given(
    st.dates(min_value=date(1800, 1, 1), max_value=date(2099, 12, 31)),
    st.from_regex(r"[0-9]{3}", fullmatch=True),
    st.integers(min_value=1, max_value=9),
)
def test_a_wrong_check_digit_is_refused(day: date, serial: str, shift: int) -> None:
    code = make_code(day, serial)
    wrong = code[:-1] + str((int(code[-1]) + shift) % 10)
    assert not is_valid(wrong)
