"""Fetching a web page: the app's only use of the network (http and https only, a timeout, a size cap)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable
from urllib.parse import urljoin, urlsplit

from reader.core.errors import UserError

TIMEOUT_SECONDS = 20
MAX_BYTES = 10 << 20  # a web article is rarely over 1 MB of HTML; nothing a learner reads is 10
USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) Yuedu/0.1 (reading assistant)"
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.IGNORECASE)


@dataclass
class FetchedPage:
    """A page's bytes, the address they came from (after redirects) and the charset its server named."""

    url: str
    data: bytes
    charset: str | None


def is_web_address(text: str) -> bool:
    """Whether ``text`` is an http(s) address rather than a file name."""
    return bool(re.match(r"^https?://", text.strip(), re.IGNORECASE))


def check_address(url: str) -> str:
    """``url`` tidied, or UserError when it is no http(s) address of a host."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        raise UserError(f"{url}: only http:// and https:// addresses can be opened")
    if not parts.hostname:
        raise UserError(f"{url}: the address names no site")
    return url


def fetch(url: str, progress: Callable[[float], None] | None = None, timeout: float = TIMEOUT_SECONDS,
          max_bytes: int = MAX_BYTES) -> FetchedPage:
    """Download the page at ``url``; any failure is one UserError line."""
    import http.client
    import socket
    import urllib.error
    import urllib.request

    url = check_address(url)

    class _HttpOnly(urllib.request.HTTPRedirectHandler):
        def http_error_302(self, req, fp, code, msg, headers):
            location = headers.get("location") or headers.get("uri")
            if location:
                check_address(urljoin(req.full_url, location))  # a redirect to file:// or ftp:// is refused like a typed one
            return super().http_error_302(req, fp, code, msg, headers)

        http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302

    opener = urllib.request.build_opener(_HttpOnly)
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml"})
    try:
        with opener.open(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length")
            expected = int(length) if length and length.isdigit() else 0
            if expected > max_bytes:
                raise UserError(f"{url}: the page is too large ({expected / 1e6:.1f} MB; at most {max_bytes / 1e6:.0f} MB)")
            content_type = response.headers.get("Content-Type", "")
            if content_type and not re.match(r"\s*(text/|application/(xhtml|xml))", content_type, re.IGNORECASE):
                raise UserError(f"{url}: not a web page ({content_type.split(';')[0].strip()})")
            chunks, received = [], 0
            while True:
                chunk = response.read(64 << 10)
                if not chunk:
                    break
                received += len(chunk)
                if received > max_bytes:
                    raise UserError(f"{url}: the page is too large (over {max_bytes / 1e6:.0f} MB)")
                chunks.append(chunk)
                if progress and expected:
                    progress(min(1.0, received / expected))
            match = _CHARSET.search(content_type)
            return FetchedPage(response.geturl(), b"".join(chunks), match.group(1).lower() if match else None)
    except UserError:
        raise
    except urllib.error.HTTPError as error:
        raise UserError(f"{url}: the site answered {error.code} {error.reason}") from None
    except urllib.error.URLError as error:
        reason = error.reason
        if isinstance(reason, socket.timeout) or "timed out" in str(reason):
            raise UserError(f"{url}: no answer within {timeout:g} seconds") from None
        if isinstance(reason, socket.gaierror):
            raise UserError(f"{url}: no such site ({urlsplit(url).hostname})") from None
        raise UserError(f"{url}: cannot fetch the page ({getattr(reason, 'strerror', None) or reason})") from None
    except (TimeoutError, socket.timeout):
        raise UserError(f"{url}: no answer within {timeout:g} seconds") from None
    except (OSError, ValueError, http.client.HTTPException) as error:  # a connection reset, a malformed answer
        raise UserError(f"{url}: cannot fetch the page ({error})") from None
