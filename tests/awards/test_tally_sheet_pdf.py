"""The artisan vote's tally sheet as an official PDF, read back with its Vietnamese text."""

import pytest

from awards.official_documents import tally_sheet_pdf
from scoring.ballots import cast_votes, close_ballot, open_ballot
from tests.awards.readback import pdf_text
from tests.scoring.factories_ballots import ballot_scene

pytestmark = pytest.mark.django_db


def test_tally_sheet_pdf_lists_counts_and_result_per_candidate():
    scene = ballot_scene(listed=10, candidates=2, quorum="75", approval="80")
    first, second = scene.candidates
    first.title, second.title = "Nguyễn Thị Đào", "Lê Văn Ánh"
    first.save(), second.save()
    present = scene.members[:8]
    box = open_ballot(panel=scene.council, present_members=present, by=scene.secretary)
    for index, member in enumerate(present):
        cast_votes(
            box=box,
            member=member,
            choices={first.pk: "yes", second.pk: "yes" if index < 5 else "no"},
        )
    close_ballot(box=box, by=scene.secretary)
    box.refresh_from_db()

    text = pdf_text(tally_sheet_pdf(box))

    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "BIÊN BẢN KIỂM PHIẾU" in text
    assert "8/10" in text  # present of listed members
    assert f"năm {box.closed_at.year}" in text
    cells = [line.strip() for line in text.splitlines() if line.strip()]
    # Each candidate's row reads: name, yes, no, abstain, approval %, result.
    # 8 yes of 10 listed = 80 % (approved at 80 %); 5 yes of 10 listed = 50 % (not approved).
    dao = cells.index("Nguyễn Thị Đào")
    assert cells[dao + 1 : dao + 6] == ["8", "0", "0", "80,00", "Đạt"]
    anh = cells.index("Lê Văn Ánh")
    assert cells[anh + 1 : anh + 6] == ["5", "3", "0", "50,00", "Không đạt"]
