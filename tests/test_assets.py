"""Scripts and style sheets go out without comments and needless white space, meaning unchanged."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from interview import paths
from interview.assets import JS_LITERAL, compact

SCRIPTS = sorted((paths.static_dir() / "js").glob("*.js"))
# Words, numbers and operators as a script's parser reads them (longest first: `++` is not `+ +`).
TOKEN = re.compile(r"[\w$]+(?:\.\d+)?|===|!==|\+\+|--|&&|\|\||[=!<>]=|=>|[^\s\w$]")

JS = """// A comment line goes.
(function () {
  "use strict";  // so does a comment at the end of a line
  var url = "https://example.org/a";  // the URL keeps its //
  var n = 1;  // it's gone too: the quote is inside the comment
  var odd = "a  // b", re = /[/ "]+/g, half = n / 2 / 1;
  /* a block comment goes */
  if (n) return /a b/.test(odd) ? n - -1 : n + +half + 1 .toString();
  return url
    + odd;
})();
"""


def test_scripts_lose_comments_and_white_space_that_separates_nothing():
    assert compact(JS, ".js") == (
        '(function(){"use strict";var url="https://example.org/a";var n=1;'
        'var odd="a  // b",re=/[/ "]+/g,half=n/2/1;'
        "if(n)return/a b/.test(odd)?n- -1:n+ +half+1 .toString();"
        "return url\n+odd;})();\n"  # a line break that could end a statement stays
    )


def test_a_script_with_a_template_string_is_left_as_it_is():
    assert compact("var s = `a  // b`;\n", ".js") == "var s = `a  // b`;\n"


def test_style_sheets_lose_comments_and_white_space_that_separates_nothing():
    css = (
        "/* The page. */\n.a {\n  color: red; /* why */\n}\n\n"
        '.b :hover, .c > p::after { content: " · " attr(x);  width: calc(100% - 2px); }\n'
        "@media (min-width: 700px) {\n  .a { margin: 0 }\n}\n"
    )
    assert compact(css, ".css") == (
        '.a{color:red}.b :hover,.c>p::after{content:" · " attr(x);width:calc(100% - 2px)}'
        "@media (min-width:700px){.a{margin:0}}\n"
    )


def tokens(script: str) -> list[str]:
    """The script's strings and regular expressions whole, then its other tokens, comments left out."""
    found: list[str] = []
    end = 0
    for match in JS_LITERAL.finditer(script):
        found += TOKEN.findall(script[end : match.start()])
        if not match.group("comment"):
            found.append(match.group().strip())
        end = match.end()
    return found + TOKEN.findall(script[end:])


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.name)
def test_every_script_reads_the_same_compacted(script):
    source = script.read_text(encoding="utf-8")
    assert tokens(compact(source, ".js")) == tokens(source)


@pytest.mark.skipif(not shutil.which("node"), reason="node checks the syntax where it is installed")
@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.name)
def test_every_script_compacted_still_parses(script, tmp_path):
    compacted = tmp_path / script.name
    compacted.write_text(compact(script.read_text(encoding="utf-8"), ".js"), encoding="utf-8")
    subprocess.run(["node", "--check", str(compacted)], check=True, capture_output=True)


@pytest.mark.parametrize("name", ["js/autosave.js", "css/app.css", "css/interview.css"])
def test_served_compact_and_cacheable(client, name):
    source = (paths.static_dir() / name).read_text(encoding="utf-8")
    response = client.get(f"/static/{name}")
    assert response.status_code == 200
    assert response.mimetype == ("text/javascript" if name.endswith(".js") else "text/css")
    body = response.get_data(as_text=True)
    assert body == compact(source, name[name.rindex(".") :])
    assert len(body) < len(source)
    again = client.get(f"/static/{name}", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_other_static_files_are_sent_as_they_are(client):
    source = (paths.static_dir() / "pdf" / "coding.css").read_bytes()
    with client.get("/static/pdf/coding.css") as response:
        assert response.get_data() == source


@pytest.mark.parametrize("path", ["/static/js/../../interview/assets.py", "/static/js/none.js"])
def test_nothing_outside_the_static_folder_or_missing(client, path):
    assert client.get(path).status_code == 404
