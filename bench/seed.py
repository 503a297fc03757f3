"""A seeded dataset of realistic size for the benchmarks, generated with bulk inserts.

`seed(scale=1.0)` fills an empty, migrated database (inside an app context) with:
5,000 officials (+ trainers, organisers and the bench's own accounts), 5,000 experts,
20 courses × 5 modules (three ~800-word lessons and a quiz per module), 50,000 lesson
progress rows, 20,000 quiz attempts, 100 workshops (one with 500 learners), 5,000
certificates and 50 meetings. `scale=0.1` makes a tenth of the volume (the number of
courses, modules and lessons stays: they are the shape of a page, not its volume).

Rows get explicit ids (so the generator never reads them back); on PostgreSQL
the id sequences are moved past them at the end. Every account shares ONE password hash,
computed once.

Returns the "world": the ids and URLs of the objects the benchmark visits.
"""

from __future__ import annotations

import random
import time
from datetime import date, datetime, timedelta

import sqlalchemy as sa

from app.extensions import db

BENCH_PASSWORD = "bench-password-2026"
CHUNK = 2000

FIRST_NAMES = [
    ("Nguyen Van", "Nguyễn Văn"), ("Tran Thi", "Trần Thị"), ("Somchai", "สมชาย"),
    ("Kim Min-jun", "김민준"), ("Lee Seo-yeon", "이서연"), ("Sokha", "សុខា"),
    ("Khamla", "ຄຳຫລ້າ"), ("Aung Kyaw", "အောင်ကျော်"), ("Siti Nurhaliza", "سيتي نورحليزا"),
    ("Maria Luisa", ""), ("Budi", ""), ("Ana Maria", ""), ("Wei Ling", "偉玲"),
    ("Rajesh", "ராஜேஷ்"), ("Nur Aisyah", ""), ("Jose", ""),
]
LAST_NAMES = ["Santos", "Wijaya", "Rahman", "Phan", "Park", "Chea", "Vongsa", "Thant",
              "Abdullah", "Reyes", "Tan", "da Costa", "Lim", "Hassan", "Bui", "Choi"]
AGENCIES = ["Ministry of Labour", "Department of Immigration", "Ministry of Foreign Affairs",
            "National Statistics Office", "Ministry of Justice", "Overseas Workers Welfare "
            "Administration", "Ministry of Manpower", "Department of Employment"]
NETWORK = ["BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "TL", "VN", "KR"]
ORGANISATIONS = ["Institute for Migration Studies", "Ministry of Labour", "University",
                 "International Organization for Migration office", "Migrant Workers Centre",
                 "Policy Research Council", "Statistics Office", "Diaspora Foundation"]
KEYWORDS = ["employment permit system; remittances", "return; reintegration",
            "trafficking; protection of victims", "census; survey data",
            "multicultural families; marriage migration", "students; scholarships"]
LANGS = ["en", "ko", "id", "ms", "th", "vi", "fil", "km", "lo", "my", "tet", "pt"]

PARAGRAPH = (
    "Labour migration between the ASEAN Member States and Korea is governed by bilateral "
    "memoranda of understanding under the Employment Permit System. Officials who prepare "
    "workers for departure need to know how recruitment is regulated, which fees a worker "
    "may be charged, how contracts are verified and what protection the worker has on "
    "arrival. This section walks through each step, with the questions a pre-departure "
    "orientation should answer and the records a ministry keeps. "
)


def _lesson_markdown(n: int) -> str:
    """About 800 words of Markdown with headings, lists, a table and emphasis."""
    parts = [f"# Lesson {n}: recruitment, contracts and protection\n"]
    for section in range(1, 6):
        parts.append(f"\n## {section}. Step {section} of the journey\n\n")
        parts.append(PARAGRAPH * 2 + "\n\n")
        parts.append("- **Before departure:** contract verified, fees checked\n"
                     "- *On arrival:* orientation, insurance, a bank account\n"
                     "- Return: severance, [reintegration](https://example.org/guide)\n\n")
    parts.append("\n| Stage | Agency | Record |\n| --- | --- | --- |\n"
                 "| Recruitment | Ministry of Labour | Job order |\n"
                 "| Departure | Immigration | Exit record |\n")
    return "".join(parts)


def _n(value: float, scale: float) -> int:
    return max(1, round(value * scale))


class Seeder:
    def __init__(self, scale: float = 1.0, *, log=print, rng_seed: int = 2026):
        self.scale = scale
        self.log = log
        self.rng = random.Random(rng_seed)
        self.tables = db.metadata.tables
        self.now = datetime(2026, 11, 1, 9, 0, 0)
        self.world: dict = {"scale": scale, "urls": {}, "counts": {}}
        self._next: dict[str, int] = {}

    # ---------------------------------------------------------------- helpers

    def ids(self, table: str, count: int) -> list[int]:
        """Reserve `count` explicit ids in `table`."""
        if table not in self._next:
            current = db.session.execute(
                sa.select(sa.func.max(self.tables[table].c.id))).scalar() or 0
            self._next[table] = current + 1
        start = self._next[table]
        self._next[table] += count
        return list(range(start, start + count))

    def insert(self, table: str, rows: list[dict]) -> None:
        """Bulk insert in chunks; columns missing from a row get their defaults."""
        if not rows:
            return
        t = self.tables[table]
        keys = set().union(*(r.keys() for r in rows[:1]))
        for column in t.columns:
            if column.name in keys or column.default is None:
                continue
            arg = column.default.arg
            if callable(arg):
                continue  # applied per row by SQLAlchemy (timestamps)
            for r in rows:
                r.setdefault(column.name, arg)
        for start in range(0, len(rows), CHUNK):
            db.session.execute(t.insert(), rows[start:start + CHUNK])
        self.world["counts"][table] = self.world["counts"].get(table, 0) + len(rows)

    def person(self, i: int) -> tuple[str, str]:
        first, native_first = FIRST_NAMES[i % len(FIRST_NAMES)]
        last = LAST_NAMES[(i // len(FIRST_NAMES)) % len(LAST_NAMES)]
        name = f"{first} {last} {i}"
        native = f"{native_first} {i}" if native_first else ""
        return name, native

    # ---------------------------------------------------------------- parts

    def run(self) -> dict:
        steps = [("accounts", self.accounts), ("experts", self.experts),
                 ("courses", self.courses), ("progress", self.progress),
                 ("quizzes", self.quizzes), ("workshops", self.workshops),
                 ("certificates", self.certificates), ("meetings", self.meetings)]
        for name, step in steps:
            started = time.perf_counter()
            step()
            db.session.commit()
            self.log(f"  seed {name}: {time.perf_counter() - started:.1f} s")
        self.fix_sequences()
        self.analyze()
        return self.world

    def accounts(self):
        from app.auth.models import ADMIN, LEARNER, ORGANISER, TRAINER
        from app.auth.services.passwords import _hasher

        password_hash = _hasher(False).hash(BENCH_PASSWORD)  # ONE hash for every row
        n_officials = _n(5000, self.scale)
        n_trainers = _n(60, self.scale)
        n_organisers = _n(20, self.scale)
        # The bench's own accounts first: a learner (pages), an autosaver, a finisher
        # (quiz attempts), a trainer, an organiser (rosters) and an admin.
        special = [("learner", LEARNER), ("autosave", LEARNER), ("finisher", LEARNER),
                   ("trainer", TRAINER), ("organiser", ORGANISER), ("admin", ADMIN)]
        total = len(special) + n_officials + n_trainers + n_organisers
        ids = self.ids("users", total)
        users, roles = [], []
        role_ids = iter(self.ids("user_roles", total))
        accounts = {}
        for k, uid in enumerate(ids):
            if k < len(special):
                key, role = special[k]
                email = f"{key}@bench.test"
                accounts[key] = uid
            elif k < len(special) + n_officials:
                role, email = LEARNER, f"official{k}@bench.test"
            elif k < len(special) + n_officials + n_trainers:
                role, email = TRAINER, f"trainer{k}@bench.test"
            else:
                role, email = ORGANISER, f"organiser{k}@bench.test"
            name, native = self.person(k)
            users.append({
                "id": uid, "email": email, "name": name, "native_name": native,
                "country": NETWORK[k % len(NETWORK)], "agency": AGENCIES[k % len(AGENCIES)],
                "position": "Labour attaché", "language": "en", "timezone": "Asia/Seoul",
                "active": True, "password_hash": password_hash, "is_demo": False,
                "created_at": self.now,
            })
            roles.append({"id": next(role_ids), "user_id": uid, "role": role})
        self.insert("users", users)
        self.insert("user_roles", roles)
        first = len(special)
        self.world.update(
            accounts=accounts, password=BENCH_PASSWORD,
            officials=ids[first:first + n_officials],
            trainers=ids[first + n_officials:first + n_officials + n_trainers],
            organisers=ids[first + n_officials + n_trainers:],
        )
        self.world["urls"]["healthz"] = "/healthz"
        self.world["urls"]["home"] = "/"
        self.world["urls"]["login"] = "/login"

    def experts(self):
        from app.experts import taxonomy

        taxonomy.ensure_default_areas()
        area_ids = list(db.session.scalars(sa.select(self.tables["expertise_areas"].c.id)))
        n = _n(5000, self.scale)
        ids = self.ids("experts", n)
        rows, links, langs = [], [], []
        lang_ids = iter(self.ids("expert_languages", n * 2))
        for k, eid in enumerate(ids):
            name, native = self.person(k + 7)
            row = {
                "id": eid, "name": name, "native_name": native, "honorific": "Dr",
                "position": "Senior researcher",
                "organisation": f"{ORGANISATIONS[k % len(ORGANISATIONS)]} {k % 90}",
                "organisation_type": "academia",
                "country": NETWORK[k % len(NETWORK)],
                "bio": PARAGRAPH * 2, "email": f"expert{k}@bench.test",
                "email_visibility": "members", "phone": "", "phone_visibility": "organisers",
                "consent_date": date(2026, 1, 1), "archived": False, "is_demo": False,
                "created_at": self.now, "updated_at": self.now,
                "keywords": KEYWORDS[k % len(KEYWORDS)],
            }
            rows.append(row)
            for a in self.rng.sample(area_ids, min(2, len(area_ids))):
                links.append({"expert_id": eid, "area_id": a})
            for pos, lang in enumerate(("en", LANGS[k % len(LANGS)] if k % 12 else "ko")):
                langs.append({"id": next(lang_ids), "expert_id": eid, "language": lang,
                              "position": pos})
        self.insert("experts", rows)
        self.insert("expert_areas", links)
        self.insert("expert_languages", langs)
        self.world["experts"] = ids
        self.world["urls"]["expert_search"] = "/experts/?q=migration+studies"
        # every filter at once: text, country, area, organisation type, language
        area = db.session.scalar(sa.select(self.tables["expertise_areas"].c.slug).limit(1))
        self.world["urls"]["expert_filtered"] = (
            f"/experts/?q=research&country=TH&area={area}&organisation_type=academia"
            "&language=ko")

    def courses(self):
        from app.markdown import render_markdown

        variants = [_lesson_markdown(v) for v in range(3)]
        html = [str(render_markdown(v)) for v in variants]  # rendered once, reused
        n_courses, n_modules, n_lessons = 20, 5, 3
        course_ids = self.ids("courses", n_courses)
        module_ids = self.ids("modules", n_courses * n_modules)
        items_per_module = n_lessons + 1
        item_ids = iter(self.ids("module_items", n_courses * n_modules * items_per_module))
        lesson_ids = iter(self.ids("lessons", n_courses * n_modules * n_lessons))
        courses, modules, items, lessons, authors = [], [], [], [], []
        self.world["course_lessons"] = {}  # course id -> [(lesson id, item id)]
        self.world["module_quiz_items"] = {}  # module id -> item id for its quiz
        self.world["modules"] = {}  # course id -> [module ids]
        trainer = self.world["accounts"]["trainer"]
        author_ids = iter(self.ids("course_authors", n_courses))
        has_published_at = "published_at" in self.tables["courses"].c
        for c, cid in enumerate(course_ids):
            row = {
                "id": cid, "slug": f"bench-course-{c + 1}",
                "title": f"Migration governance in practice {c + 1}",
                "summary": PARAGRAPH, "language": "en", "level": "introductory",
                "hours": 6.0, "status": "published", "is_demo": False,
                "created_at": self.now, "updated_at": self.now,
            }
            if has_published_at:
                row["published_at"] = self.now
            courses.append(row)
            authors.append({"id": next(author_ids), "course_id": cid, "user_id": trainer})
            self.world["course_lessons"][cid] = []
            self.world["modules"][cid] = []
            for m in range(n_modules):
                mid = module_ids[c * n_modules + m]
                self.world["modules"][cid].append(mid)
                modules.append({"id": mid, "course_id": cid, "position": m,
                                "slug": f"module-{m + 1}",
                                "title": f"Module {m + 1}: from recruitment to return",
                                "summary": "What officials need to know at each step."})
                for li in range(n_lessons):
                    iid, lid = next(item_ids), next(lesson_ids)
                    title = f"Lesson {m + 1}.{li + 1}: contracts and protection"
                    items.append({"id": iid, "module_id": mid, "position": li,
                                  "kind": "lesson", "title": title})
                    lessons.append({"id": lid, "item_id": iid, "slug": f"lesson-{li + 1}",
                                    "title": title, "minutes": 12, "body": variants[li],
                                    "body_html": html[li], "revision": 1,
                                    "updated_at": self.now})
                    self.world["course_lessons"][cid].append((lid, iid))
                if items_per_module > n_lessons:
                    iid = next(item_ids)
                    items.append({"id": iid, "module_id": mid, "position": n_lessons,
                                  "kind": "quiz", "title": f"Module {m + 1} quiz"})
                    self.world["module_quiz_items"][mid] = iid
        self.insert("courses", courses)
        self.insert("course_authors", authors)
        self.insert("modules", modules)
        self.insert("module_items", items)
        self.insert("lessons", lessons)
        self.world["courses"] = course_ids
        first = courses[0]
        lesson_item = self.world["course_lessons"][course_ids[0]][4][1]
        self.world["urls"].update(
            catalogue="/courses/",
            course_outline=f"/courses/{first['slug']}/",
            lesson=f"/courses/{first['slug']}/lessons/{lesson_item}",
        )
        self.world["course_slugs"] = {c["id"]: c["slug"] for c in courses}

    def progress(self):
        officials = self.world["officials"]
        per_user = 10
        target = _n(50000, self.scale)
        course_ids = self.world["courses"]
        rows, activities = [], []
        learners = [self.world["accounts"]["learner"], *officials]
        progress_ids = iter(self.ids("lesson_progress", target + per_user))
        activity_ids = iter(self.ids("course_activities", len(learners) * 2))
        for k, uid in enumerate(learners):
            if len(rows) >= target:
                break
            cid = course_ids[k % len(course_ids)] if k else course_ids[0]
            for lid, _iid in self.world["course_lessons"][cid][:per_user]:
                rows.append({"id": next(progress_ids), "user_id": uid, "lesson_id": lid,
                             "completed_at": self.now})
            activities.append({"id": next(activity_ids), "user_id": uid,
                               "course_id": cid, "started_at": self.now,
                               "last_active_at": self.now})
        self.insert("lesson_progress", rows[:target])
        self.insert("course_activities", activities)
        self.world["urls"]["my_learning"] = "/courses/my"

    def quizzes(self):
        from bench import seed_quizzes

        seed_quizzes.seed(self)

    def workshops(self):
        from bench import seed_workshops

        seed_workshops.seed(self)

    def certificates(self):
        from bench import seed_certificates

        seed_certificates.seed(self)

    def meetings(self):
        from bench import seed_meetings

        seed_meetings.seed(self)

    def analyze(self) -> None:
        """PostgreSQL: statistics for the planner, as autovacuum gathers them soon after a
        bulk load in production. Without them it plans for 1 row where there are 600 (a
        nested loop for the directory's full-text count, twice the time)."""
        if db.engine.dialect.name != "postgresql":
            return
        db.session.execute(sa.text("ANALYZE"))
        db.session.commit()

    def fix_sequences(self) -> None:
        """PostgreSQL: move each id sequence past the explicit ids."""
        if db.engine.dialect.name != "postgresql":
            return
        for name in self.world["counts"]:
            table = self.tables[name]
            if "id" not in table.c:
                continue
            db.session.execute(sa.text(
                f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                f"(SELECT COALESCE(MAX(id), 1) FROM {name}))"))
        db.session.commit()


def seed(scale: float = 1.0, *, log=print) -> dict:
    return Seeder(scale, log=log).run()


def days(n: int) -> timedelta:
    return timedelta(days=n)
