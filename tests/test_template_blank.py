"""The blank third-party template (a 2021-edition form with no year, no agency, no figures) converts to a
.gknb that ``check`` opens: a report without year or agency is a valid file that asks for them."""

from __future__ import annotations

from editor.cli import main
from tests.conftest import shared_path


def test_blank_template_converts_to_a_file_check_opens(tmp_path, capsys):
    template = shared_path("realdata", "template-2021-blank.docx")
    out = tmp_path / "blank.gknb"
    assert main(["convert", str(template), str(out)]) == 0
    capsys.readouterr()
    assert main(["check", str(out)]) in (0, 1)  # findings, never "cannot read the file" (2)
    text = capsys.readouterr()
    assert "年度" in text.out + text.err
