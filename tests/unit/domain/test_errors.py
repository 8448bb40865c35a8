import pytest

from eklase_desktop.domain.errors import DomainError, PermissionDenied


def test_str_of_domain_error_is_its_message() -> None:
    error = DomainError("Kavējumu attaisno klases audzinātājs.")
    assert error.message == "Kavējumu attaisno klases audzinātājs."
    assert str(error) == error.message


def test_permission_denied_is_a_domain_error() -> None:
    with pytest.raises(DomainError, match="Nav tiesību"):
        raise PermissionDenied("Nav tiesību.")
