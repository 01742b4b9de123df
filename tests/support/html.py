"""Reading rendered pages in tests: elements by id, hidden inputs, the headers every page carries."""

from __future__ import annotations

from html.parser import HTMLParser

EVIL = "<script>alert(1)</script>"

EXPECTED_HEADERS = {
    "cache-control": "no-store",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "x-content-type-options": "nosniff",
    "content-security-policy": (
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data: https:; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
}


class Elements(HTMLParser):
    """Every start tag with its attributes, to look elements up by id."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def by_id(self, element_id: str) -> tuple[str, dict[str, str | None]]:
        found = [element for element in self.elements if element[1].get("id") == element_id]
        assert len(found) == 1, f"expected exactly one element with id={element_id!r}, found {len(found)}"
        return found[0]

    def all(self, tag: str, **attrs: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.elements if t == tag and all(a.get(k) == v for k, v in attrs.items())]

    def hidden(self, name: str) -> str | None:
        found = self.all("input", type="hidden", name=name)
        assert len(found) == 1, f"expected one hidden input {name!r}"
        return found[0].get("value")


def parse_page(response) -> tuple[str, Elements]:
    html = response.body.decode()
    assert response.media_type == "text/html"
    for name, value in EXPECTED_HEADERS.items():
        assert response.headers[name] == value, name
    assert "form-action" not in response.headers["content-security-policy"]
    # no JavaScript of any kind: the CSP forbids it and the pages must not need it
    assert "<script" not in html.lower()
    assert "javascript:" not in html.lower()
    elements = Elements(html)
    for _tag, attrs in elements.elements:
        assert not [name for name in attrs if name.startswith("on")], attrs
    assert elements.all("title")
    return html, elements


def assert_escaped(html: str) -> None:
    assert EVIL not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
