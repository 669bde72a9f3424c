"""The office's unit code (mã định danh điện tử) as QĐ 20/2020/QĐ-TTg shapes it.

Thirteen characters in four groups, read right to left: `NNN.NN.NN.XNN`, e.g.
`000.00.19.H47`. The last group is the level-1 body: a letter (`G` ministries and central
bodies, `H` provincial People's Committees, others for other organisations) and two
digits that are never 00; then levels 2 (2 digits), 3 (2 digits) and 4 (3 digits), zeros
for an unused level. The code starts every dossier code, so a wrong one would be printed on
every receipt and sent to the province: `desk init` and the first-start wizard refuse it.
"""

import re
from dataclasses import dataclass

from desk.errors import InvalidInput
from desk.text import clean

PATTERN = re.compile(r"^(\d{3})\.(\d{2})\.(\d{2})\.([A-Z])(\d{2})$")
EXAMPLE = "000.00.19.H47"


@dataclass(frozen=True)
class UnitCode:
    code: str
    level1: str  # "H47"
    level2: str
    level3: str
    level4: str

    @property
    def is_provincial_system(self) -> bool:
        """Under a provincial People's Committee (H…), as commune offices are."""
        return self.level1.startswith("H")


def unit_code_problem(text: str) -> str | None:
    """What is wrong with `text` as a unit code, in Vietnamese, or None if it is fine.
    The wizard calls this as the officer types."""
    code = clean(text).upper()
    if not code:
        return f"Hãy nhập mã định danh đơn vị, ví dụ {EXAMPLE}."
    bad = f"Mã định danh đơn vị không hợp lệ: «{clean(text)}»"
    match = PATTERN.match(code)
    if match is None:
        return (
            f"{bad} không đúng dạng của Quyết định 20/2020/QĐ-TTg: 13 ký tự gồm 4 nhóm "
            f"NNN.NN.NN.XNN, ví dụ {EXAMPLE} (tra mã của xã trong danh mục mã định danh do "
            "tỉnh công bố)."
        )
    level4, level3, level2, letter, number = match.groups()
    if number == "00":
        return f"{bad}: nhóm cấp 1 ({letter}{number}) không được là 00."
    if level4 != "000" and level3 == "00":
        return f"{bad}: có cấp 4 ({level4}) thì phải có cấp 3."
    if level3 != "00" and level2 == "00":
        return f"{bad}: có cấp 3 ({level3}) thì phải có cấp 2."
    return None


def check_unit_code(text: str) -> UnitCode:
    """The code, normalised, or InvalidInput with the reason."""
    problem = unit_code_problem(text)
    if problem:
        raise InvalidInput(problem, detail=clean(text))
    code = clean(text).upper()
    match = PATTERN.match(code)
    assert match is not None
    level4, level3, level2, letter, number = match.groups()
    return UnitCode(code, f"{letter}{number}", level2, level3, level4)
