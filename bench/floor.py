"""The floor: a bare Flask "hello" and a minimal template route, served like the app."""

from flask import Flask, render_template_string

app = Flask(__name__)

TEMPLATE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{{ title }}</title></head><body><h1>{{ title }}</h1>
<ul>{% for item in items %}<li>{{ item }}</li>{% endfor %}</ul></body></html>"""


@app.route("/hello")
def hello():
    return "Hello, World!"


@app.route("/template")
def template():
    return render_template_string(TEMPLATE, title="Floor", items=range(10))
