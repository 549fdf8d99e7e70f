"""Web pages, saved or fetched from a local server on 127.0.0.1: the article kept exactly, nothing else."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from reader.core.errors import UserError
from reader.core.fetch import fetch
from reader.core.importers import import_file, import_url
from reader.core.library import Library
from tests.web_pages import PAGES

BOILERPLATE = ["首页", "版权所有", "网友评论", "相关阅读", "相關", "延伸閱讀", "上一篇", "下一章", "分享到", "责任编辑", "友情链接",
               "热点", "广告", "运动会报名表", "关于我", "说点什么", "发表回复", "楼主", "多读！", "本站提示", "slot-1"]


@pytest.mark.parametrize("page", PAGES, ids=[page.name for page in PAGES])
def test_saved_article_page_keeps_the_body_exactly_and_nothing_else(tmp_path, page):
    path = tmp_path / f"{page.name}.html"
    path.write_bytes(page.data())
    document = import_file(path)
    [article] = document.articles
    assert (document.title, article.title) == (page.title, page.title)
    assert article.paragraphs == page.paragraphs
    if page.date:
        assert article.dateline == page.date
    shown = json.dumps(document.to_json(), ensure_ascii=False)
    assert [word for word in BOILERPLATE if word in shown] == []


def test_byline_line_under_the_title_is_the_byline_not_the_body(tmp_path):
    page = next(p for p in PAGES if p.name == "traditional-big5")
    path = tmp_path / "story.htm"
    path.write_bytes(page.data())
    [article] = import_file(path).articles
    assert article.byline == "記者 陳小華／臺北報導 2024-02-24"


@pytest.mark.parametrize("markup, message", [
    ("", "the file is empty"),
    ("<html><body><nav><a href='/'>首页</a> <a href='/a'>新闻</a></nav></body></html>", "no article found on the page"),
    ("<html><head><title>空</title></head><body></body></html>", "no article found on the page"),
])
def test_page_without_an_article_is_one_line(tmp_path, markup, message):
    path = tmp_path / "menu.html"
    path.write_text(markup, encoding="utf-8")
    with pytest.raises(UserError) as caught:
        import_file(path)
    assert str(caught.value).startswith(f"{path}: ") and message in str(caught.value) and "\n" not in str(caught.value)


class _Site(BaseHTTPRequestHandler):
    routes: dict = {}

    def do_GET(self):  # noqa: N802 (http.server's name)
        route = self.routes.get(self.path)
        if route is None:
            self.send_error(404, "Not Found")
            return
        status, headers, body, delay = route
        if delay:
            time.sleep(delay)
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args):
        pass


@pytest.fixture
def site():
    """A web server on 127.0.0.1 serving ``routes`` {path: (status, headers, body, delay)}; yields its base address."""
    _Site.routes = {}
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _Site.routes
    server.shutdown()
    server.server_close()


def _serve(routes, path, page, content_type=None, status=200, delay=0.0, body=None):
    routes[path] = (status, {"Content-Type": content_type or "text/html"}, page.data() if body is None else body, delay)


def test_fetched_pages_honour_the_sites_encoding(site):
    base, routes = site
    gbk = next(p for p in PAGES if p.name == "gbk-portal")
    big5 = next(p for p in PAGES if p.name == "traditional-big5")
    news = next(p for p in PAGES if p.name == "news")
    _serve(routes, "/gbk-header", gbk, "text/html; charset=GBK")
    _serve(routes, "/big5-meta-only", big5, "text/html")
    _serve(routes, "/wrong-header", news, "text/html; charset=iso-8859-1")  # bytes are UTF-8; Latin-1 "decodes" anything
    document = import_url(f"{base}/gbk-header")
    assert (document.encoding, document.articles[0].paragraphs) == ("gb18030", gbk.paragraphs)
    document = import_url(f"{base}/big5-meta-only")
    assert (document.encoding, document.articles[0].paragraphs) == ("big5", big5.paragraphs)
    document = import_url(f"{base}/wrong-header")
    assert document.articles[0].paragraphs != news.paragraphs  # what the site declares is what is used, as browsers do
    assert document.encoding == "iso-8859-1"


@pytest.mark.parametrize("route, make, message", [
    ("/missing", None, "the site answered 404 Not Found"),
    ("/picture", dict(content_type="image/png", body=b"\x89PNG\r\n\x1a\n"), "not a web page (image/png)"),
    ("/huge", dict(body=b"<p>" + "很长的文章。".encode() * 700_000 + b"</p>"), "the page is too large"),
])
def test_fetch_failures_are_one_line(site, route, make, message):
    base, routes = site
    if make is not None:
        _serve(routes, route, PAGES[0], **make)
    with pytest.raises(UserError) as caught:
        import_url(f"{base}{route}")
    assert str(caught.value) == f"{base}{route}: {message}" or (
        message == "the page is too large" and str(caught.value).startswith(f"{base}{route}: {message}"))


def test_a_slow_site_times_out_in_one_line(site):
    base, routes = site
    _serve(routes, "/slow", PAGES[0], delay=2.0)
    started = time.monotonic()
    with pytest.raises(UserError) as caught:
        fetch(f"{base}/slow", timeout=0.5)
    assert time.monotonic() - started < 1.8
    assert str(caught.value) == f"{base}/slow: no answer within 0.5 seconds"


@pytest.mark.parametrize("url, message", [
    ("ftp://127.0.0.1/page.html", "only http:// and https:// addresses can be opened"),
    ("file:///etc/passwd", "only http:// and https:// addresses can be opened"),
    ("https://", "the address names no site"),
])
def test_only_http_addresses_are_fetched(url, message):
    with pytest.raises(UserError) as caught:
        fetch(url)
    assert str(caught.value) == f"{url}: {message}"


def test_a_redirect_to_a_local_file_is_refused(site):
    base, routes = site
    routes["/sneaky"] = (302, {"Location": "file:///etc/passwd"}, b"", 0)
    with pytest.raises(UserError) as caught:
        fetch(f"{base}/sneaky")
    assert str(caught.value) == "file:///etc/passwd: only http:// and https:// addresses can be opened"


def test_import_command_fetches_once_and_reopens_the_same_entry(run_cli, site, _isolated_data_dir):
    base, routes = site
    news = next(p for p in PAGES if p.name == "news")
    _serve(routes, "/news.html", news)
    status, out, err = run_cli("import", f"{base}/news.html", "--json")
    assert (status, err) == (0, "")
    assert json.loads(out)["articles"][0]["paragraphs"] == news.paragraphs
    # the page comes back with another ad and counter: the article is unchanged, so no copy
    _serve(routes, "/news.html", news, body=news.data().replace(b"slot-1", b"slot-2").replace(b"10:32", b"10:32 "))
    assert run_cli("import", f"{base}/news.html")[0] == 0
    assert Library.open(_isolated_data_dir).counts() == (1, 1)
    status, out, err = run_cli("import", f"{base}/missing")
    assert (status, out, err) == (2, "", f"yuedu: {base}/missing: the site answered 404 Not Found\n")
    assert Library.open(_isolated_data_dir).counts() == (1, 1)
