"""bench/startup_census.py: what the app makes before its first frame that a bare window does not."""

from __future__ import annotations

from bench import startup_census as census


def fake(enums: list[tuple[str, int, float]], modules: list[str]) -> dict:
    return {"stages": {"imports": 1.0, "first frame": 2.0}, "enums": enums, "modules": modules}


def test_totals_count_enums_members_and_milliseconds() -> None:
    assert census.enum_totals(fake([("Key", 471, 0.003), ("Type", 2, 0.0005)], [])) == (2, 473, 3.5)


def test_an_enum_the_bare_window_also_makes_is_not_extra_but_a_second_one_of_that_name_is() -> None:
    bare = fake([("Type", 192, 0.001), ("Language", 369, 0.002)], [])
    app = fake([("Language", 369, 0.002), ("Type", 192, 0.001), ("Type", 4, 0.0), ("Key", 471, 0.003)], [])
    assert census.largest_extra_enums(app, bare) == [("Key", 471), ("Type", 4)]


def test_extra_modules_are_counted_by_top_level_package() -> None:
    bare = fake([], ["PySide6", "PySide6.QtCore", "os"])
    app = fake([], ["PySide6", "PySide6.QtCore", "os", "model", "model.report", "ui", "ui.app", "decimal"])
    assert census.extra_modules(app, bare) == {"model": 2, "ui": 2, "decimal": 1}


def test_a_real_run_sees_the_app_make_qt_s_enums_and_its_own_modules_before_the_first_frame() -> None:
    app, bare = census.run_child(census.APP), census.run_child(census.BARE)
    stages = list(app["stages"].values())
    assert list(app["stages"]) == ["imports", "create_application", "Session", "first frame"]
    assert stages == sorted(stages) and stages[0] > 0
    assert list(bare["stages"]) == ["first frame"]
    # The window's editors use Qt's namespace (Qt.Key among its enums); the bare window never touches it.
    app_names = {name for name, _members, _s in app["enums"]}
    assert "Key" in app_names and "Key" not in {name for name, _members, _s in bare["enums"]}
    assert census.enum_totals(app)[1] > census.enum_totals(bare)[1] > 0
    packages = census.extra_modules(app, bare)
    assert packages["model"] > 0 and packages["ui"] > 0 and "PySide6" not in packages
    assert "first frame" in census.report([app], [bare])
