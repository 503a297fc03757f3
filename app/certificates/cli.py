"""`flask certificates …`: issue, list, pdf, revoke, verify, sample, render-pending, rotate-key."""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from app.extensions import db


@click.group("certificates", help="Issue, list, check and revoke certificates.")
def certificates_cli():
    pass


def _render_with_progress(count: int, processes: int) -> int:
    from app.certificates import background

    if not count:
        return 0
    if count < 20:  # starting processes (and loading their fonts) costs more than it saves
        processes = 1
    with click.progressbar(length=count, label="Rendering PDFs") as bar:
        return background.render_pending(processes=processes, progress=bar.update)


def _default_processes() -> int:
    return max(1, min(os.cpu_count() or 1, 4))


@certificates_cli.command("issue")
@click.option("--workshop", "workshop_id", type=int, required=True,
              help="Issue to every learner who completed this workshop and has no certificate.")
@click.option("--template", default=None, help="Template (default: the workshop's, or classic).")
@click.option("--language", default=None,
              help="Language beside English (bilingual template), BCP 47.")
@click.option("--processes", type=int, default=None,
              help="Processes that render PDFs (default: CPUs, at most 4).")
@with_appcontext
def issue_command(workshop_id: int, template: str | None, language: str | None,
                  processes: int | None):
    """Issue certificates to a workshop's completers, then render their PDFs."""
    from app.certificates import background, services
    from app.web import public_base_url
    from app.workshops.models import Workshop

    workshop = db.session.get(Workshop, workshop_id)
    if workshop is None:
        raise click.ClickException(f"No workshop has the number {workshop_id}.")
    if not current_app.config.get("PUBLIC_BASE_URL"):
        click.echo("Warning: PUBLIC_BASE_URL is not set; the QR codes will point to "
                   f"{public_base_url()}.", err=True)
    try:
        created = services.issue_for_workshop(workshop, template=template, language=language,
                                              issued_by=None)
    except services.CertificateError as exc:
        raise click.ClickException(str(exc)) from exc
    background.render_here_instead()  # render here, with a progress bar
    db.session.commit()
    click.echo(f"Issued {len(created)} certificate(s) for workshop {workshop_id}.")
    rendered = _render_with_progress(len(created), processes or _default_processes())
    click.echo(f"Rendered {rendered} PDF(s).")


@certificates_cli.command("list")
@click.option("--workshop", "workshop_id", type=int, default=None, help="Only this workshop.")
@click.option("--status", type=click.Choice(["valid", "revoked", "replaced", "pending"]),
              default=None)
@with_appcontext
def list_command(workshop_id: int | None, status: str | None):
    """CSV on stdout: serial, verification code, holder name, native name, workshop, issued
    at, status."""
    from app.certificates import register, services

    rows = db.session.scalars(services.search(workshop_id=workshop_id, status=status or ""))
    register.write_csv(rows, sys.stdout)


def _by_serial(serial: str):
    from app.certificates import services

    certificate = services.find_by_serial(serial)
    if certificate is None:
        raise click.ClickException(f"No certificate has the serial {serial}.")
    return certificate


@certificates_cli.command("pdf")
@click.argument("serial")
@click.argument("out", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@with_appcontext
def pdf_command(serial: str, out: Path):
    """Write the stored PDF of SERIAL to OUT (the very bytes issued)."""
    certificate = _by_serial(serial)
    if not certificate.is_rendered:
        raise click.ClickException(f"{certificate.serial} has no PDF yet: run "
                                   "`flask certificates render-pending`.")
    out.write_bytes(certificate.pdf)
    click.echo(f"{out}: {certificate.serial}, SHA-256 {certificate.pdf_sha256}")


@certificates_cli.command("revoke")
@click.argument("serial")
@click.option("--reason", required=True, help="Shown on the public verification page.")
@with_appcontext
def revoke_command(serial: str, reason: str):
    """Revoke SERIAL (the verification page says so at once)."""
    from app.certificates import services

    certificate = _by_serial(serial)
    try:
        services.revoke_certificate(certificate, reason=reason, actor=None)
    except services.CertificateError as exc:
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    click.echo(f"Revoked {certificate.serial}.")


@certificates_cli.command("verify")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--keys", "keys_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Check offline against this akmn-keys.json instead of the database.")
@with_appcontext
def verify_command(file: Path, keys_file: Path | None):
    """Check that FILE is a genuine, unaltered certificate (exit status 0 if it is valid)."""
    from app.certificates import services, signing

    data = file.read_bytes()
    if keys_file is not None:
        document = json.loads(keys_file.read_text(encoding="utf-8"))
        keys = {k["kid"]: signing.unb64url(k["public_key"]) for k in document.get("keys", [])}
    else:
        keys = signing.all_public_keys()
    check = signing.check_pdf(data, keys)
    click.echo(f"File:      {file}")
    click.echo(f"SHA-256:   {hashlib.sha256(data).hexdigest()}")
    messages = {"ok": "genuine (Ed25519 signature valid, key {key})",
                "no-signature": "NOT GENUINE: no AKMN signature in this file",
                "unknown-key": "NOT GENUINE: signed with an unknown key {key}",
                "bad-signature": "NOT GENUINE: the file was altered after signing"}
    click.echo("Signature: " + messages[check.reason].format(key=check.key_id))
    if not check.genuine:
        sys.exit(1)
    if keys_file is not None:
        click.echo(f"Code:      {check.code} (check its status at /verify/{check.code})")
        return
    certificate = services.find_by_code(check.code)
    if certificate is None:
        click.echo("Register:  NOT FOUND — no certificate has this code")
        sys.exit(1)
    click.echo(f"Register:  {certificate.serial}, {certificate.holder_name}, "
               f"{certificate.title}")
    same = certificate.pdf_sha256 == hashlib.sha256(data).hexdigest()
    click.echo("Bytes:     " + ("identical to the issued PDF" if same
                                else "DIFFERENT from the issued PDF"))
    if certificate.status != "valid":
        when = f" on {certificate.revoked_at:%Y-%m-%d}" if certificate.revoked_at else ""
        click.echo(f"Status:    {certificate.status.upper()}{when}: "
                   f"{certificate.revocation_reason}")
        sys.exit(1)
    click.echo("Status:    valid")
    if not same:
        sys.exit(1)


@certificates_cli.command("sample")
@click.option("--name", required=True, help="Holder's name in Latin script.")
@click.option("--native-name", default="", help="Holder's name in their own script.")
@click.option("--template", default="classic", show_default=True)
@click.option("--language", default="", help="Language beside English (bilingual template).")
@click.argument("out", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@with_appcontext
def sample_command(name: str, native_name: str, template: str, language: str, out: Path):
    """Render TEMPLATE with sample data to OUT (a SPECIMEN, for designing templates)."""
    from app.certificates import design, samples
    from app.certificates.rendering import RenderError
    from app.certificates.rendering.templates import TemplateError

    if template not in design.specs():
        raise click.ClickException(f"Unknown template {template!r}; templates: "
                                   + ", ".join(design.specs()))
    try:
        pdf = samples.sample_pdf(template, language=language, name=name,
                                 native_name=native_name)
    except (RenderError, TemplateError) as exc:
        raise click.ClickException(str(exc)) from exc
    out.write_bytes(pdf)
    click.echo(f"{out}: {len(pdf)} bytes")


@certificates_cli.command("render-pending")
@click.option("--processes", type=int, default=None,
              help="Processes that render PDFs (default: CPUs, at most 4).")
@click.option("--retry-failed", is_flag=True, help="Also retry certificates that failed.")
@with_appcontext
def render_pending_command(processes: int | None, retry_failed: bool):
    """Render the PDFs of certificates issued but not rendered yet."""
    from app.certificates import background, services

    if retry_failed:
        background.retry_failed()
        db.session.commit()
    count = services.pending_count()
    db.session.rollback()
    rendered = _render_with_progress(count, processes or _default_processes())
    click.echo(f"Rendered {rendered} PDF(s); {services.pending_count()} still pending.")


@certificates_cli.command("prepare-fonts")
@click.option("--force", is_flag=True, help="Build them again even if they exist.")
@with_appcontext
def prepare_fonts_command(force: bool):
    """Derive the compact Korean and Chinese faces from Noto Serif CJK ahead of time.

    Optional: the renderer builds them on first use into its cache folder (a few seconds).
    Prepared here, they live in the instance's font folder instead.
    """
    from app.certificates.design import font_dirs
    from app.certificates.rendering.fonts import build_compact_fonts

    dirs = font_dirs()
    target = Path(dirs[-1])
    built = build_compact_fonts(target, source_dirs=dirs, force=force, log=click.echo)
    click.echo(f"{len(built)} font(s) built in {target}." if built
               else f"The compact fonts are already in {target} (use --force to rebuild).")


@certificates_cli.command("rotate-key")
@with_appcontext
def rotate_key_command():
    """Make a new Ed25519 signing key; earlier keys stay published for verification."""
    from app.certificates import signing

    key = signing.rotate_key(actor=None)
    db.session.commit()
    click.echo(f"Active signing key: {key.key_id}")


commands = [certificates_cli]
