import pytest
from hypothesis import given
from hypothesis import strategies as st

from eklase_desktop.domain.errors import DomainError
from eklase_desktop.domain.phone import InvalidPhone, is_valid_phone, normalize_phone


@pytest.mark.parametrize(
    ("text", "normalized"),
    [
        ("+371 20000000", "+371 20000000"),
        ("+37129123456", "+371 29123456"),
        ("+371 29 123 456", "+371 29123456"),
        ("  +371 6712 3456 ", "+371 67123456"),
        ("29123456", "+371 29123456"),
        ("29 12 34 56", "+371 29123456"),
        ("67123456", "+371 67123456"),
        ("+371 80001234", "+371 80001234"),
    ],
)
def test_latvian_numbers_are_normalized(text: str, normalized: str) -> None:
    assert is_valid_phone(text)
    assert normalize_phone(text) == normalized


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "30000000",  # without +371 only 2… and 6… numbers
        "80001234",
        "2912345",
        "291234567",
        "+371 2912345",
        "+371 291234567",
        "+372 29123456",
        "371 29123456",
        "+371-29123456",
        "2912345a",
        "+371 2912\uff13456",
        "++371 29123456",
    ],
)
def test_invalid_numbers_are_refused(text: str) -> None:
    assert not is_valid_phone(text)
    with pytest.raises(InvalidPhone, match="nav Latvijas tālruņa numurs"):
        normalize_phone(text)


def test_invalid_phone_is_a_domain_and_value_error() -> None:
    assert issubclass(InvalidPhone, DomainError)
    assert issubclass(InvalidPhone, ValueError)


@given(st.text())
def test_normalize_phone_raises_only_invalid_phone(text: str) -> None:
    try:
        normalized = normalize_phone(text)
    except InvalidPhone:
        assert not is_valid_phone(text)
        return
    assert normalize_phone(normalized) == normalized


@given(st.from_regex(r"[26][0-9]{7}", fullmatch=True))
def test_every_local_mobile_or_landline_number_is_valid(digits: str) -> None:
    assert normalize_phone(digits) == f"+371 {digits}"
