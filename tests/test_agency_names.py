"""Agency names are matched after folding spaces, brackets and 人民政府/政府, and nothing more (issue 17)."""

from __future__ import annotations

from model.agency_names import normalise_agency


def test_spaces_and_the_short_form_of_the_government_fold_into_one_key() -> None:
    assert normalise_agency("某某市 人民政府") == normalise_agency("某某市政府") == normalise_agency("某某市人民政府")
    assert normalise_agency("\u3000某某市\u3000人民 政府 ") == normalise_agency("某某市人民政府")


def test_the_office_of_the_government_is_another_body() -> None:
    office = normalise_agency("某某市人民政府办公室")
    assert office != normalise_agency("某某市人民政府")
    assert office == normalise_agency("某某市政府办公室") == normalise_agency("某某市 政府 办公室")


def test_full_and_half_width_brackets_do_not_matter() -> None:
    assert normalise_agency("某某区人民政府（开发区管委会）") == normalise_agency("某某区政府(开发区管委会)")
    assert normalise_agency("某某县〔某某镇〕") == normalise_agency("某某县(某某镇)")
    assert normalise_agency("某某区（开发区）") != normalise_agency("某某区")


def test_different_departments_stay_different() -> None:
    names = ["某某市教育局", "某某市财政局", "某某区教育局", "某某市人民政府", "某某市人民政府办公室", "某某县人民政府"]
    assert len({normalise_agency(n) for n in names}) == len(names)
