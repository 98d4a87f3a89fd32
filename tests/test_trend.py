"""The statistics' daily trend is drawn from zero (issue 25: 164 beside 165 drew empty beside full)."""

from rich.console import Console

from referral_desk.widgets.trend import DailyTrend, column_values, trend_lines


def test_near_equal_days_look_alike_and_an_empty_day_is_blank() -> None:
    bottom_to_top = list(reversed(trend_lines([164, 165, 0, 1], width=4, height=3)))
    # 164 and 165 both fill all three lines; 0 is blank; 1 (a quiet day) still shows a sliver.
    assert [line[0] for line in bottom_to_top] == ["█", "█", "█"]
    assert [line[1] for line in bottom_to_top] == ["█", "█", "█"]
    assert [line[2] for line in bottom_to_top] == [" ", " ", " "]
    assert [line[3] for line in bottom_to_top] == ["▁", " ", " "]


def test_half_the_busiest_day_stands_half_as_high() -> None:
    bottom_to_top = list(reversed(trend_lines([10, 5], width=2, height=2)))
    assert bottom_to_top[0] == "██"
    assert bottom_to_top[1] == "█ "


def test_more_days_than_columns_show_each_columns_busiest_day() -> None:
    assert column_values([1, 9, 2, 3, 0, 0], width=3) == [9, 3, 0]
    assert column_values([4, 8], width=4) == [4, 4, 8, 8]
    assert column_values([], width=5) == []


def test_the_renderable_is_as_wide_as_it_is_given() -> None:
    console = Console(width=30, record=True, color_system=None)
    console.print(DailyTrend([1, 2, 3], height=2))
    lines = console.export_text().splitlines()
    assert len(lines) == 2
    assert all(len(line) == 30 for line in lines)
