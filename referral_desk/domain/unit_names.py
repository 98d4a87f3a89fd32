"""Unit names as a narrow pane shows them: what tells two units apart, not the city they share."""

from __future__ import annotations

import re

CITY_HOSPITAL = "聊城市人民医院"  # the center's own hospital (the slip prints it too)

_ALIAS = re.compile(r"^(.+?)[（(].+[)）]$")
# The city the center serves (聊城市 of 聊城市人民医院): its own staff say 市人民医院. Another city's
# name is kept, or 济南市第一人民医院 would read as a hospital of this city.
HOME_CITY = CITY_HOSPITAL[: CITY_HOSPITAL.index("市") + 1]


def short_unit_name(name: str) -> str:
    """'聊城市康复医院（聊城市人民医院分院）' -> '市康复医院'; '莘县中心医院' stays as it is."""
    name = name.strip()
    if m := _ALIAS.match(name):
        name = m[1]
    if name.startswith(HOME_CITY) and len(name) - len(HOME_CITY) >= 4:
        name = "市" + name[len(HOME_CITY):]
    return name
