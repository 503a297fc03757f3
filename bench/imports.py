"""Import timings: a generated 200-question GIFT file and a generated 20-module course
package, through the same CLI commands organisers run (in-process, timed end to end)."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

PARAGRAPH = ("Officials verify each employment contract before departure and keep a record "
             "of the fees charged. ")


def gift_file(path: Path, count: int = 200) -> None:
    """`count` questions of every GIFT type, in five categories."""
    path.write_text(gift_text(count), encoding="utf-8")


def gift_text(count: int, *, per_category: int = 40, category: str = "Bench/Part",
              essays: bool = True) -> str:
    parts = []
    for i in range(count):
        if i % per_category == 0:
            parts.append(f"$CATEGORY: {category} {i // per_category + 1}\n")
        kind = i % 7 if essays else i % 6
        name = f"::Q{i + 1}::"
        if kind == 0:
            parts.append(f"{name}Which agency verifies contracts ({i})? "
                         "{=Ministry of Labour ~Customs ~Police ~Tourism board}")
        elif kind == 1:
            parts.append(f"{name}Workers may be charged recruitment fees ({i}). {{F}}")
        elif kind == 2:
            parts.append(f"{name}Name the scheme Korea uses to admit workers ({i}). "
                         "{=Employment Permit System =EPS}")
        elif kind == 3:
            parts.append(f"{name}How many ASEAN Member States are there ({i})? {{#11:0}}")
        elif kind == 4:
            parts.append(f"{name}Match each document to its agency ({i}). {{"
                         "=Passport -> Immigration =Contract -> Labour "
                         "=Insurance -> Welfare fund}")
        elif kind == 5:
            parts.append(f"{name}Which are pre-departure steps ({i})? {{"
                         "~%50%Orientation ~%50%Medical check ~%-100%Paying the employer}")
        else:
            parts.append(f"{name}Describe how your ministry handles returns ({i}). {{}}")
        parts.append("\n\n")
    return "".join(parts)


def course_package(root: Path, modules: int = 20, lessons: int = 3) -> Path:
    """A course package (DESIGN.md, "Courses as files") with `modules` modules."""
    course = root / "bench-import-course"
    (course / "modules").mkdir(parents=True)
    (course / "course.yaml").write_text(
        "slug: bench-import-course\ntitle: Benchmark import course\n"
        "summary: A generated course for the import benchmark.\nlanguage: en\n"
        "level: introductory\nhours: 20\n", encoding="utf-8")
    for m in range(1, modules + 1):
        folder = course / "modules" / f"{m:02d}-module-{m}"
        folder.mkdir()
        (folder / "module.yaml").write_text(
            f"title: Module {m}\nsummary: Generated module {m}.\n", encoding="utf-8")
        for n in range(1, lessons + 1):
            (folder / f"{n:02d}-lesson-{n}.md").write_text(
                f"---\ntitle: Lesson {m}.{n}\nminutes: 10\n---\n\n# Lesson {m}.{n}\n\n"
                + (PARAGRAPH * 8 + "\n\n") * 6, encoding="utf-8")
    return course


def _timed(runner, args: list[str]) -> tuple[float, object]:
    started = time.perf_counter()
    result = runner.invoke(args=args)
    return time.perf_counter() - started, result


def run(app, *, log=print) -> dict:
    """Time `flask courses import` (a 20-module package) and `flask questions import` (200
    GIFT questions into that course's bank); a failed import is recorded with its output."""
    out: dict = {}
    runner = app.test_cli_runner()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        package = course_package(tmp / "courses")
        seconds, result = _timed(runner, ["courses", "import", str(package)])
        ok = result.exit_code == 0
        out["course_package_20_modules_s"] = round(seconds, 2) if ok else None
        if not ok:
            out["course_package_error"] = result.output[-500:] or repr(result.exception)
        log(f"  course package, 20 modules: {seconds:.2f} s"
            + ("" if ok else f" FAILED: {out['course_package_error'][-300:]}"))
        gift = tmp / "bench.gift"
        gift_file(gift)
        args = ["questions", "import", str(gift), "--bank", "bench-import-course/gift-bench"]
        seconds, result = _timed(runner, args)
        ok = result.exit_code == 0
        out["gift_200_questions_s"] = round(seconds, 2) if ok else None
        if not ok:
            out["gift_error"] = result.output[-500:] or repr(result.exception)
        log(f"  GIFT, 200 questions: {seconds:.2f} s"
            + ("" if ok else f" FAILED: {out['gift_error'][-300:]}"))
    return out
