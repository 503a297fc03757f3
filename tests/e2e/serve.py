"""`python -m tests.e2e.serve ARGS…`: gunicorn, importing only this checkout's `app`."""

from tests.e2e.isolate import isolate

if __name__ == "__main__":
    isolate()
    from gunicorn.app.wsgiapp import run

    run(prog="gunicorn")
