"""Test support for hostile-input tests: payloads, query strategies, checks for inert output."""
from html.parser import HTMLParser

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from indexer.reading.records import new_record

SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE = '" onmouseover="alert(2)'
IMAGE = "<img src=x onerror=alert(3)>"
PAYLOADS = (SCRIPT, ATTRIBUTE, IMAGE)

FRAGMENTS = ['"', "'", "(", ")", "[", "]", "{", "}", "*", "?", "~", "^", ":", "\\", "-",
             "+", "AND", "OR", "NOT", "TO", "foo:bar", "district:", "reporter:马超",
             "date:2025-10", "date:[2024 TO", "union:", "*职工", "?工会", "职工*", "朝阳区",
             "职工之家", "\x00", "\x07", "\u200b", "\u202e", "\ufeff", "𠀀", "%00", "&",
             "<", ">", "</mark>", "<mark>", SCRIPT, ATTRIBUTE, " ", "  ", "\t", "\n"]

queries = st.one_of(
    st.text(max_size=60),
    st.text(st.characters(min_codepoint=0, max_codepoint=0x3000,
                          exclude_categories=("Cs",)), max_size=40),
    st.lists(st.sampled_from(FRAGMENTS), max_size=12).map("".join),
    st.lists(st.sampled_from(FRAGMENTS), max_size=6).map(" ".join),
    st.text(alphabet="职工之家朝阳区工会*?\"()", min_size=400, max_size=520),
)
FUZZ = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])


class Markup(HTMLParser):
    """Collects what a browser would execute: script tags, event-handler attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.inline_scripts, self.handlers, self.tags, self.text = [], [], set(), []
        self.input_values = []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        names = dict(attrs)
        if tag == "input":
            self.input_values.append(names.get("value"))
        if tag == "script" and not names.get("src"):
            self.inline_scripts.append(attrs)
        self.handlers += [(tag, name) for name, _ in attrs if name.startswith("on")]
        self.handlers += [(tag, name) for name, value in attrs
                          if value and value.strip().lower().startswith("javascript:")]

    def handle_data(self, data):
        self.text.append(data)


def markup(html):
    parser = Markup()
    parser.feed(html)
    parser.close()
    return parser


def assert_inert(html, where):
    """Nothing in ``html`` runs script: no inline <script>, no on* handler, no javascript: URL."""
    found = markup(html)
    assert not found.inline_scripts, f"{where}: inline script {found.inline_scripts}"
    assert not found.handlers, f"{where}: event handlers {found.handlers}"
    return found


def hostile_records():
    """Articles whose every shown field carries a payload."""
    return [
        new_record(id="xss-1", kind="news", headline=f"职工之家夜莺计划{SCRIPT}",
                   kicker=ATTRIBUTE, subtitle=IMAGE, dateline=f"本报讯(记者 {SCRIPT})",
                   body=f"职工之家活动{SCRIPT}开展。\n第二段{ATTRIBUTE}职工之家{IMAGE}。",
                   reporters=[f"马超{IMAGE}"], districts=["朝阳区"], date="2024-03-01",
                   source=f"page{ATTRIBUTE}.txt", url=f"javascript:alert(4)//{ATTRIBUTE}"),
        new_record(id='evil"><img src=x onerror=alert(5)>', kind="news",
                   headline="职工之家的奇怪编号", body="职工之家。编号里有引号和尖括号。",
                   date="2024-03-02", source="page.txt"),
    ]


def check_response(response, where):
    """Never a 5xx; errors in the one shape; no traceback anywhere."""
    body = response.get_data(as_text=True)
    assert response.status_code < 500, f"{where}: {response.status_code} {body[:500]}"
    assert "Traceback" not in body and 'File "' not in body, where
    if response.is_json and response.status_code >= 400:
        error = response.get_json()
        assert set(error) == {"error", "status"} and error["status"] == response.status_code
    return body
