"""The meeting pack: DOCX and PDF marked on every page, audience rules, disclosure audit, CLI."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import docx
import neo4j
import pytest
from typer.testing import CliRunner

from cseboard.access.accounts import add_user, disable_user
from cseboard.cli import app
from cseboard.config import Settings
from cseboard.errors import AccessDenied, ValidationFailed
from cseboard.models.users import AuditEvent, Role
from cseboard.services.context import ServiceContext
from cseboard.services.meeting_pack import export_meeting_pack
from cseboard.store.connection import resolve_target
from integration.test_meetings import BOARD, OTHER, POLICE, SCHOOL, load_operation, pid

MARKING = "OFFICIAL-SENSITIVE"
NAMES = ("Amy Example", "Beth Example", "Carl Example")
RESTRICTED_TEXT = "SECRET-DETAIL adult collected Amy"
SCRIPT = '<script>alert(1)</script> =HYPERLINK("x") **bold**'


@pytest.fixture(scope="module")
def ctx(
    driver: neo4j.Driver, neo4j_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> ServiceContext:
    load_operation(driver, tmp_path_factory.mktemp("pack-data"))
    return ServiceContext(driver, neo4j_settings)


def docx_text(content: bytes) -> tuple[str, str, str]:
    """(body, header, footer) text of a .docx, tables included."""
    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    section = document.sections[0]
    header = " ".join(p.text for p in section.header.paragraphs)
    footer = " ".join(p.text for p in section.footer.paragraphs)
    return "\n".join(parts), header, footer


def pdf_pages(path: Path) -> list[str]:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return [page for page in text.split("\f") if page.strip()]


def last_disclosure(ctx: ServiceContext, username: str) -> AuditEvent:
    return ctx.audit.events(username=username, action="disclosure")[-1]


def test_docx_pack_is_marked_and_withholds_c_items_from_the_audience(ctx: ServiceContext) -> None:
    export = export_meeting_pack(
        ctx,
        POLICE,
        "OP-T",
        fmt="docx",
        recipients=["police", "education"],
        justification="meeting on Thursday",
    )
    assert export.filename.endswith(".docx") and export.recipients == ["police", "education"]
    body, header, footer = docx_text(export.content)
    assert MARKING in header and MARKING in footer
    for name in NAMES:
        assert name in body
    assert "RED - high" in body and "AMBER - medium" in body
    assert "Agenda" in body and "Actions by agency" in body
    # The police user may read I-2, but education may not: the pack shows a notice.
    assert RESTRICTED_TEXT not in body and "RESTRICTED" in body
    assert "shown as restricted because not every recipient" in body
    assert SCRIPT in body  # record text is written as text, as it came
    event = last_disclosure(ctx, POLICE.username)
    assert event.recipients == ["police", "education"]
    assert event.justification == "meeting on Thursday"
    assert {"OP-T", pid("YP-1"), pid("YP-2"), pid("AD-1")} <= set(event.records)
    assert "police/I-2" not in event.records  # withheld content was not disclosed


def test_pdf_pack_is_marked_on_every_page(ctx: ServiceContext, tmp_path: Path) -> None:
    export = export_meeting_pack(ctx, POLICE, "OP-T", fmt="pdf", recipients=["police"])
    assert export.content.startswith(b"%PDF-") and export.media_type == "application/pdf"
    path = tmp_path / export.filename
    path.write_bytes(export.content)
    pages = pdf_pages(path)
    assert pages
    for page in pages:
        assert page.count(MARKING) >= 2, "header and footer on every page"
    text = " ".join(" ".join(p.split()) for p in pages)
    for name in NAMES:
        assert name in text
    assert "SECRET-DETAIL" in text  # every recipient (police) may see it
    assert "<script>alert(1)</script>" in text
    assert last_disclosure(ctx, POLICE.username).recipients == ["police"]


def test_typed_recipients_withhold_every_c_item(ctx: ServiceContext) -> None:
    export = export_meeting_pack(
        ctx, POLICE, "OP-T", fmt="docx", recipients=["police", "Jo Bloggs (school nurse)"]
    )
    body, _, _ = docx_text(export.content)
    assert RESTRICTED_TEXT not in body
    assert last_disclosure(ctx, POLICE.username).recipients == [
        "police",
        "Jo Bloggs (school nurse)",
    ]


def test_the_school_never_gets_c_content(ctx: ServiceContext) -> None:
    export = export_meeting_pack(ctx, SCHOOL, "OP-T", fmt="docx", recipients=["education"])
    body, _, _ = docx_text(export.content)
    assert RESTRICTED_TEXT not in body and "Police holds restricted information" in body


def test_refusals(ctx: ServiceContext) -> None:
    with pytest.raises(AccessDenied):
        export_meeting_pack(ctx, BOARD, "OP-T", fmt="pdf", recipients=["police"])
    with pytest.raises(AccessDenied):
        export_meeting_pack(ctx, OTHER, "OP-T", fmt="pdf", recipients=["health"])
    assert ctx.audit.events(username=OTHER.username, action="refusal")
    assert not ctx.audit.events(username=OTHER.username, action="disclosure")
    with pytest.raises(ValidationFailed):
        export_meeting_pack(ctx, POLICE, "OP-T", fmt="pdf", recipients=[" ", ""])
    with pytest.raises(ValidationFailed):
        export_meeting_pack(ctx, POLICE, "OP-T", fmt="xlsx", recipients=["police"])


def test_cli_report_meeting_as_a_user(
    ctx: ServiceContext, neo4j_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = resolve_target(neo4j_settings)
    for key, value in {
        "NEO4J_URI": target.uri,
        "NEO4J_USER": target.user,
        "NEO4J_PASSWORD": target.password,
        "NEO4J_DATABASE": target.database,
    }.items():
        monkeypatch.setenv(key, value)
    for name, agency, operations in (
        ("ops.police", "police", ["OP-T"]),
        ("ops.school", "education", ["OP-T"]),
        ("ops.other", "health", ["OP-OTHER"]),
    ):
        add_user(
            ctx.driver,
            audit=ctx.audit,
            username=name,
            password="a-long-test-password",  # noqa: S106 (synthetic test account)
            roles=[Role.OPERATIONAL],
            agency=agency,
            operations=operations,
        )
    runner = CliRunner()
    out = tmp_path / "pack.pdf"
    result = runner.invoke(
        app, ["report", "meeting", "--operation", "OP-T", "--out", str(out), "--as", "ops.police"]
    )
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF-")
    event = last_disclosure(ctx, "ops.police")
    assert event.recipients == ["education", "police"]  # default: the operation's agencies
    docx_out = tmp_path / "pack.docx"
    result = runner.invoke(
        app,
        [
            "report",
            "meeting",
            "--operation",
            "OP-T",
            "--format",
            "docx",
            "--out",
            str(docx_out),
            "--as",
            "ops.school",
            "--recipient",
            "education",
        ],
    )
    assert result.exit_code == 0, result.output
    assert MARKING in docx_text(docx_out.read_bytes())[1]

    refused = runner.invoke(
        app,
        [
            "report",
            "meeting",
            "--operation",
            "OP-T",
            "--out",
            str(tmp_path / "x.pdf"),
            "--as",
            "ops.other",
        ],
    )
    assert refused.exit_code == 1 and not (tmp_path / "x.pdf").exists()
    disable_user(ctx.driver, "ops.school", audit=ctx.audit)
    disabled = runner.invoke(
        app,
        [
            "report",
            "meeting",
            "--operation",
            "OP-T",
            "--out",
            str(tmp_path / "y.pdf"),
            "--as",
            "ops.school",
        ],
    )
    assert disabled.exit_code == 1 and not (tmp_path / "y.pdf").exists()
