"""Demo experts: fictional people of every country of the network, names in their scripts.

Idempotent (keyed by e-mail). Organisations end with "(demo)"; every record is_demo.
KIM Minji is linked to trainer@demo.test, so the trainer can edit "their" profile.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from app.auth.models import User
from app.experts import services, taxonomy
from app.experts.models import Expert
from app.extensions import db

CONSENT = date(2025, 3, 14)

DEMO_EXPERTS: list[dict] = [
    {"name": "RATTANAKUL Somchai", "native_name": "สมชาย รัตนกุล", "honorific": "Dr",
     "position": "Senior Research Fellow",
     "organisation": "Mekong Institute for Population Studies (demo)",
     "organisation_type": "academia", "country": "TH",
     "area_slugs": ["labour-migration", "data-statistics"],
     "keywords": ["labour market surveys", "MOU recruitment", "migrant workers in Thailand"],
     "languages": ["th", "en"], "email": "somchai.r@demo.test", "email_visibility": "public",
     "phone": "+66 2 441 0201", "phone_visibility": "members",
     "bio": "Somchai studies labour migration in the Greater Mekong Subregion and designs "
            "**labour force survey modules** on migrant workers. He advised on the "
            "revision of recruitment MOUs between Thailand and its neighbours.",
     "publications": [{"title": "Counting migrant workers: a survey handbook", "year": 2022,
                       "url": "https://example.org/demo/survey-handbook"}]},
    {"name": "KIM Minji", "native_name": "김민지", "honorific": "Dr",
     "position": "Senior Researcher", "organisation": "Migration Research Institute (demo)",
     "organisation_type": "academia", "country": "KR",
     "area_slugs": ["marriage-migration", "social-protection-health"],
     "keywords": ["multicultural families", "integration programmes", "EPS"],
     "languages": ["ko", "en", "vi"], "email": "trainer@demo.test",
     "email_visibility": "members", "phone": "+82 31 750 1234",
     "phone_visibility": "organisers", "account_email": "trainer@demo.test",
     "bio": "Minji leads research on **multicultural families** in Korea and trains "
            "officials on integration programmes and social protection of marriage migrants.",
     "publications": [{"title": "Marriage migrants and social insurance in Korea",
                       "year": 2023, "url": ""}]},
    {"name": "SOK Dara", "native_name": "សុខ ដារ៉ា", "honorific": "Mr",
     "position": "Deputy Director, Department of Employment",
     "organisation": "Ministry of Labour and Vocational Training (demo)",
     "organisation_type": "government", "country": "KH",
     "area_slugs": ["labour-migration", "return-reintegration"],
     "keywords": ["EPS", "pre-departure training", "reintegration"],
     "languages": ["km", "en", "ko"], "email": "sok.dara@demo.test",
     "email_visibility": "members", "phone": "+855 23 884 123",
     "phone_visibility": "organisers",
     "bio": "Dara manages the sending of Cambodian workers under the Employment Permit "
            "System and the reintegration services for returnees."},
    {"name": "KEOMANY Phonsavanh", "native_name": "ພອນສະຫວັນ ແກ້ວມະນີ", "honorific": "Ms",
     "position": "Programme Coordinator", "organisation": "Lao Women's Migration Network (demo)",
     "organisation_type": "civil-society", "country": "LA",
     "area_slugs": ["trafficking-irregular", "gender"],
     "keywords": ["victim support", "safe migration", "cross-border"],
     "languages": ["lo", "th", "en"], "email": "phonsavanh@demo.test",
     "email_visibility": "public", "phone": "", "phone_visibility": "organisers",
     "bio": "Phonsavanh coordinates safe-migration information and support for women "
            "returning from Thailand."},
    {"name": "AUNG Kyaw Moe", "native_name": "အောင်ကျော်မိုး", "honorific": "Dr",
     "position": "Lecturer in Development Studies",
     "organisation": "Yangon School of Social Sciences (demo)",
     "organisation_type": "academia", "country": "MM", "area_slugs": ["diaspora"],
     "keywords": ["diaspora associations", "skills transfer"], "languages": ["my", "en"],
     "email": "aung.km@demo.test", "email_visibility": "organisers",
     "phone": "", "phone_visibility": "organisers",
     "bio": "Kyaw Moe writes on diaspora associations and the return of skills to Myanmar."},
    {"name": "NGUYEN Thi Lan", "native_name": "Nguyễn Thị Lan", "honorific": "Dr",
     "position": "Head of Remittance Research",
     "organisation": "Institute of Labour Science and Social Affairs (demo)",
     "organisation_type": "government", "country": "VN",
     "area_slugs": ["remittances", "labour-migration"],
     "keywords": ["remittance costs", "financial literacy", "Korea–Viet Nam corridor"],
     "languages": ["vi", "ko", "en"], "email": "nguyen.lan@demo.test",
     "email_visibility": "members", "phone": "+84 24 3826 0001",
     "phone_visibility": "organisers",
     "bio": "Lan measures the cost and use of **remittances** sent from Korea to Viet Nam "
            "and designs financial-literacy modules for departing workers.",
     "publications": [{"title": "Remittances from Korea to Viet Nam: costs and uses",
                       "year": 2024, "url": "https://example.org/demo/remittances-vn"}]},
    {"name": "TRAN Van Hung", "native_name": "Trần Văn Hùng", "honorific": "Mr",
     "position": "Statistician", "organisation": "General Statistics Office (demo)",
     "organisation_type": "government", "country": "VN",
     "area_slugs": ["remittances", "data-statistics"],
     "keywords": ["household surveys", "balance of payments"], "languages": ["vi", "en"],
     "email": "tran.hung@demo.test", "email_visibility": "organisers",
     "phone": "", "phone_visibility": "organisers",
     "bio": "Hung compiles remittance statistics from household surveys."},
    {"name": "NUR AISYAH binti Ahmad", "native_name": "نور عائشة بنت احمد", "honorific": "Dr",
     "position": "Associate Professor", "organisation": "Universiti Kajian Migrasi (demo)",
     "organisation_type": "academia", "country": "MY",
     "area_slugs": ["international-students", "governance-policy"],
     "keywords": ["student mobility", "ASEAN frameworks"], "languages": ["ms", "en", "ar"],
     "email": "aisyah@demo.test", "email_visibility": "public", "phone": "+60 3 7967 0000",
     "phone_visibility": "public",
     "bio": "Aisyah researches international student mobility in ASEAN and the policies "
            "that turn students into skilled migrants."},
    {"name": "Siti Norhayati OSMAN", "native_name": "", "honorific": "Hajah",
     "position": "Senior Labour Officer", "organisation": "Department of Labour (demo)",
     "organisation_type": "government", "country": "BN",
     "area_slugs": ["governance-policy", "social-protection-health"],
     "keywords": ["foreign workers", "labour inspection"], "languages": ["ms", "en"],
     "email": "norhayati@demo.test", "email_visibility": "organisers",
     "phone": "", "phone_visibility": "organisers", "consent": False,
     "bio": "Norhayati oversees the labour conditions of foreign workers in Brunei."},
    {"name": "Priya RAMAN", "native_name": "பிரியா ராமன்", "honorific": "Dr",
     "position": "Research Fellow", "organisation": "Centre for Migration and Care (demo)",
     "organisation_type": "academia", "country": "SG",
     "area_slugs": ["gender", "social-protection-health"],
     "keywords": ["domestic workers", "care work", "health insurance"],
     "languages": ["en", "ta", "ms"], "email": "priya.raman@demo.test",
     "email_visibility": "members", "phone": "", "phone_visibility": "organisers",
     "bio": "Priya studies migrant domestic and care workers and their access to health care."},
    {"name": "Maria Consuelo REYES", "native_name": "", "honorific": "Atty.",
     "position": "Labour Attaché (ret.)", "organisation": "Overseas Workers Policy Forum (demo)",
     "organisation_type": "civil-society", "country": "PH",
     "area_slugs": ["labour-migration", "governance-policy", "trafficking-irregular"],
     "keywords": ["bilateral labour agreements", "welfare of overseas workers"],
     "languages": ["fil", "en", "ko"], "email": "mc.reyes@demo.test",
     "email_visibility": "public", "phone": "+63 2 8722 0000", "phone_visibility": "members",
     "bio": "Maria Consuelo served as labour attaché in Seoul and now advises on bilateral "
            "labour agreements."},
    {"name": "Dewi Lestari KUSUMA", "native_name": "", "honorific": "Dr",
     "position": "Economist", "organisation": "Bank Indonesia Migration Desk (demo)",
     "organisation_type": "government", "country": "ID",
     "area_slugs": ["remittances", "diaspora"],
     "keywords": ["digital remittances", "diaspora bonds"], "languages": ["id", "en", "ko"],
     "email": "dewi.kusuma@demo.test", "email_visibility": "members",
     "phone": "", "phone_visibility": "organisers",
     "bio": "Dewi analyses digital remittance channels and diaspora investment schemes."},
    {"name": "Jacinto da COSTA", "native_name": "", "honorific": "Mr",
     "position": "Adviser on Labour Mobility",
     "organisation": "Secretariat of State for Vocational Training (demo)",
     "organisation_type": "government", "country": "TL",
     "area_slugs": ["return-reintegration", "climate"],
     "keywords": ["seasonal work", "returnee enterprises"],
     "languages": ["tet", "pt", "en", "id"], "email": "jacinto.costa@demo.test",
     "email_visibility": "organisers", "phone": "", "phone_visibility": "organisers",
     "bio": "Jacinto advises on labour mobility schemes and on returnees starting businesses "
            "in rural Timor-Leste, where climate change reshapes livelihoods."},
]


def load() -> None:
    taxonomy.ensure_default_areas()
    organiser = db.session.scalar(sa.select(User).where(User.email == "organiser@demo.test"))
    for item in DEMO_EXPERTS:
        data = {k: v for k, v in item.items() if k != "consent"}
        if item.get("consent", True):
            data["consent_date"] = CONSENT
        exists = db.session.scalar(sa.select(Expert.id).where(
            Expert.is_demo, sa.func.lower(Expert.email) == data["email"].lower()))
        if exists is not None:
            continue
        if data.get("account_email") and not db.session.scalar(
                sa.select(User.id).where(User.email == data["account_email"])):
            data.pop("account_email")
        services.create_expert(data, actor=organiser, is_demo=True, audit=False)
    db.session.flush()
