import pytest

from eklase_desktop.domain.names import full_name, latvian_sort_key


def test_latvian_alphabet_order() -> None:
    names = ["Zariņš", "Šmits", "Ābele", "Čakste", "Cielava", "Sproģis", "Aivars", "Žagars"]
    expected = ["Aivars", "Ābele", "Cielava", "Čakste", "Sproģis", "Šmits", "Zariņš", "Žagars"]
    assert sorted(names, key=latvian_sort_key) == expected


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("Edgars", "Ēriks"),
        ("Ēriks", "Fricis"),
        ("Gints", "Ģirts"),
        ("Ģirts", "Harijs"),
        ("Ints", "Īvāns"),
        ("Kārlis", "Ķēniņš"),
        ("Lauris", "Ļaudis"),
        ("Nora", "Ņina"),
        ("Ņina", "Oskars"),
        ("Uldis", "Ūdris"),
        ("Ūdris", "Valdis"),
        ("Ābele", "Ābols"),
        ("ābele", "Bērziņš"),
        ("Ozola", "Ozola-Kalna"),
        ("Ozola-Kalna", "Ozolaine"),
        ("Pauls", "Quinn"),
        ("Quinn", "Rihards"),
        ("Wolf", "Zīle"),
    ],
)
def test_pairs_in_latvian_order(before: str, after: str) -> None:
    assert latvian_sort_key(before) < latvian_sort_key(after)


def test_sorting_ignores_case() -> None:
    assert sorted(["bērziņš", "Ābele", "abele"], key=latvian_sort_key)[-1] == "bērziņš"


def test_decomposed_letters_sort_like_composed() -> None:
    decomposed = "A\u0304bele"
    assert latvian_sort_key(decomposed)[0] == latvian_sort_key("Ābele")[0]


def test_full_name_is_surname_first() -> None:
    assert full_name("Anna", "Bērziņa") == "Bērziņa Anna"
    assert full_name(" Anna ", "") == "Anna"
