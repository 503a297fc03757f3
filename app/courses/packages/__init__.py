"""Courses as files: check, import (folders and zip archives) and export.

Used by `flask courses check|import|export` and by the trainers' upload and download pages.
Nothing is imported when anything is wrong: every problem is reported first, as
`FILE:LINE: message`.
"""

from __future__ import annotations

import io
import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from app.courses.items import PackageError
from app.courses.models import Course
from app.courses.packages.loader import check_against_database, load_packages
from app.courses.packages.reader import CoursePackage, find_packages, read_package
from app.courses.packages.writer import write_package, zip_folder
from app.extensions import db

ZIP_MAX_FILES = 5000
ZIP_MAX_BYTES = 300 * 1024 * 1024

__all__ = ["PackageError", "PackageInvalid", "check_path", "export_course", "export_zip",
           "import_path", "import_zip", "load_checked", "unpacked"]


class PackageInvalid(Exception):
    def __init__(self, errors: list[PackageError]):
        super().__init__(f"{len(errors)} error(s)")
        self.errors = errors


def check_path(path: Path, display: str | None = None, *, user=None
               ) -> tuple[list[CoursePackage], list[PackageError]]:
    """Read and check the package(s) at `path`: (packages, every error found)."""
    too_big = _too_big(path, display or str(path))
    if too_big:
        return [], too_big
    found, errors = find_packages(path, display)
    packages = []
    for package_path, package_display in found:
        package, package_errors = read_package(package_path, package_display,
                                               folder_is_slug=package_path != path
                                               or display is None)
        errors += package_errors
        if package is not None and package.slug:
            packages.append(package)
    errors += check_against_database(packages, user=user)
    return packages, sorted(errors, key=lambda e: (e.file, e.line))


def import_path(path: Path, display: str | None = None, *, user=None, author=None,
                publish: bool = False, actor=None) -> list[Course]:
    """Check, then create or update every course at `path`.

    Raises PackageInvalid (and changes nothing) if anything is wrong. `user`, if given, must
    be allowed to edit the courses that already exist; `author` becomes the author of new
    courses. The caller commits.
    """
    packages, errors = check_path(path, display, user=user)
    if errors:
        raise PackageInvalid(errors)
    return load_checked(packages, display or str(path), author=author, publish=publish,
                        actor=actor)


def load_checked(packages: list[CoursePackage], display: str, *, author=None,
                 publish: bool = False, actor=None,
                 progress: Callable[[CoursePackage], None] | None = None) -> list[Course]:
    """Load packages that passed check_path, all or nothing (one savepoint)."""
    from app.courses.services import CourseError
    from app.files.services import UploadRejected

    try:
        with db.session.begin_nested():
            return load_packages(packages, author=author, publish=publish, actor=actor,
                                 progress=progress)
    except (CourseError, UploadRejected, ValueError) as exc:
        message = getattr(exc, "message", None) or str(exc)
        raise PackageInvalid([PackageError(display, 0, message)]) from exc


def _extract(data: bytes, folder: Path, display: str) -> list[PackageError]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return [PackageError(display, 0, "not a zip archive")]
    with archive:
        infos = [info for info in archive.infolist() if not info.is_dir()]
        if len(infos) > ZIP_MAX_FILES:
            return [PackageError(display, 0, f"more than {ZIP_MAX_FILES} files")]
        if sum(info.file_size for info in infos) > ZIP_MAX_BYTES:
            return [PackageError(display, 0, "the archive unpacks to more than "
                                             f"{ZIP_MAX_BYTES // (1024 * 1024)} MB")]
        errors = []
        for info in infos:
            name = PurePosixPath(info.filename)
            if (info.filename.startswith("/") or "\\" in info.filename or ".." in name.parts
                    or (info.external_attr >> 16) & 0o170000 == 0o120000):
                errors.append(PackageError(f"{display}/{info.filename}", 0,
                                           "unsafe path or link in the archive"))
                continue
            if name.parts[0] == "__MACOSX" or name.name.startswith("."):
                continue
            target = folder.joinpath(*name.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                with archive.open(info) as source, target.open("wb") as sink:
                    shutil.copyfileobj(source, sink)
            except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError,
                    NotImplementedError, RuntimeError, zlib.error) as exc:
                # A corrupted member (bad CRC, truncated or encrypted data, an unknown
                # compression method): the archive is refused, never a 500.
                errors.append(PackageError(f"{display}/{info.filename}", 0,
                                           f"the archive is damaged: {exc}"))
        return errors


def _too_big(path: Path, display: str) -> list[PackageError]:
    """The package caps of the web upload, for a folder too (`flask courses check|import`)."""
    if not path.is_dir():
        return []
    count = size = 0
    for entry in path.rglob("*"):
        if entry.is_file():
            count += 1
            size += entry.stat().st_size
            if count > ZIP_MAX_FILES:
                return [PackageError(display, 0, f"more than {ZIP_MAX_FILES} files")]
            if size > ZIP_MAX_BYTES:
                return [PackageError(display, 0, "the package is larger than "
                                                 f"{ZIP_MAX_BYTES // (1024 * 1024)} MB")]
    return []


@contextmanager
def unpacked(path: Path, display: str | None = None) -> Iterator[tuple[Path, str]]:
    """A package folder as given, or a zip archive unpacked to a temporary folder.

    Raises PackageInvalid if the archive is refused (see `_extract`)."""
    display = display or str(path)
    if path.is_dir():
        yield path, display
        return
    with tempfile.TemporaryDirectory(prefix="akmn-course-") as tmp:
        errors = _extract(path.read_bytes(), Path(tmp), display)
        if errors:
            raise PackageInvalid(errors)
        yield Path(tmp), display


def import_zip(data: bytes, filename: str, *, user, publish: bool = False) -> list[Course]:
    """Import the course package(s) in an uploaded zip archive (see import_path)."""
    display = filename or "upload.zip"
    with tempfile.TemporaryDirectory(prefix="akmn-course-") as tmp:
        root = Path(tmp)
        errors = _extract(data, root, display)
        if errors:
            raise PackageInvalid(errors)
        return import_path(root, display, user=user, author=user, publish=publish, actor=user)


def export_course(course: Course, target: Path) -> Path:
    """Write `course` to `target/<slug>`, replacing an earlier export of it there."""
    destination = target / course.slug
    if destination.exists() and not (destination / "course.yaml").is_file():
        raise FileExistsError(f"{destination} exists and is not a course package")
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f".{course.slug}-", dir=target) as tmp:
        fresh = Path(tmp) / course.slug
        write_package(course, fresh)
        if destination.exists():
            shutil.rmtree(destination)
        fresh.rename(destination)
    return destination


def export_zip(course: Course) -> bytes:
    with tempfile.TemporaryDirectory(prefix="akmn-export-") as tmp:
        folder = Path(tmp) / course.slug
        write_package(course, folder)
        return zip_folder(folder, course.slug)
