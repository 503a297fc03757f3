from tests.access import ORGANISER, Case, only


def seed(world):
    pass


def cases(world):
    return [
        Case("reports.index", "/reports/", only(ORGANISER)),
        Case("reports.index", "/reports/?by=agency&year=2030", only(ORGANISER)),
        Case("reports.export", "/reports/export.csv?by=year", only(ORGANISER)),
    ]
