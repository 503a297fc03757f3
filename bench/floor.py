"""The floor: a bare Flask "hello" and a minimal template route, served like the app.

The template is loaded the way the app loads its templates (a loader, compiled once and
cached by Jinja), not compiled on every request as `render_template_string` would."""

from flask import Flask, render_template
from jinja2 import DictLoader

app = Flask(__name__)
app.jinja_loader = DictLoader({"floor.html": """<!doctype html><html lang="en"><head>
<meta charset="utf-8"><title>{{ title }}</title></head><body><h1>{{ title }}</h1>
<ul>{% for item in items %}<li>{{ item }}</li>{% endfor %}</ul></body></html>"""})


@app.route("/hello")
def hello():
    return "Hello, World!"


@app.route("/template")
def template():
    return render_template("floor.html", title="Floor", items=range(10))
