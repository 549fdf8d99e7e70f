"""A small AnkiConnect client (API version 6) over http.client: every failure becomes one clear UserError line.

Every request has one deadline for the whole exchange (a server that drip-feeds its answer is cut off, not waited
on read by read), and answers are read up to a size cap (AnkiConnect's largest answers, notesInfo on tens of
thousands of notes, are tens of megabytes).
"""

from __future__ import annotations

import http.client
import json
import socket
import threading
import time
import urllib.parse

from reader.core.errors import UserError

DEFAULT_URL = "http://127.0.0.1:8765"
API_VERSION = 6
TIMEOUT_SECONDS = 120.0  # importing thousands of notes in one request takes Anki a while
MAX_REPLY_BYTES = 256 * 1024 * 1024
_CHUNK = 1 << 16


class AnkiConnectError(UserError):
    """AnkiConnect answered with an error, or could not be reached."""


class UnsupportedAction(AnkiConnectError):
    """This AnkiConnect does not know the action (an older version)."""


class _Deadline(Exception):
    """The exchange ran past its deadline (the watchdog closed the socket)."""


def _address(url: str) -> tuple[str, int, str]:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme != "http" or not parts.hostname:
        raise ValueError(url)
    return parts.hostname, parts.port or 80, parts.path or "/"


class AnkiConnect:
    """Requests to a running Anki through AnkiConnect at ``url`` (optional API ``key``)."""

    def __init__(self, url: str = DEFAULT_URL, key: str | None = None, timeout: float = TIMEOUT_SECONDS,
                 max_reply: int = MAX_REPLY_BYTES):
        self.url = url or DEFAULT_URL
        self.key = key or None
        self.timeout = timeout
        self.max_reply = max_reply

    def _exchange(self, action: str, body: bytes) -> bytes:
        """POST ``body`` and return the answer's bytes, all within ``self.timeout`` seconds and ``max_reply`` bytes."""
        try:
            host, port, path = _address(self.url)
        except ValueError:
            raise AnkiConnectError(f"{self.url}: not an AnkiConnect address (use http://HOST:PORT)") from None
        deadline = time.monotonic() + self.timeout
        connection = http.client.HTTPConnection(host, port, timeout=self.timeout)
        fired = threading.Event()

        def cut_off():
            fired.set()
            if connection.sock is not None:
                try:
                    connection.sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

        watchdog = threading.Timer(self.timeout, cut_off)
        watchdog.daemon = True
        try:
            try:
                connection.connect()
            except (ConnectionRefusedError, socket.gaierror, OSError) as error:
                if isinstance(error, (socket.timeout, TimeoutError)):
                    raise _Deadline() from None
                raise AnkiConnectError(
                    f"Anki is not running, or AnkiConnect is not installed (nothing answers at {self.url})"
                ) from None
            watchdog.start()
            connection.request("POST", path, body=body, headers={"Content-Type": "application/json"})
            response = connection.getresponse()
            if response.status != 200:
                raise AnkiConnectError(f"AnkiConnect at {self.url} answered HTTP {response.status} to {action}")
            length = response.getheader("Content-Length")
            if length and length.strip().isdigit() and int(length) > self.max_reply:
                raise self._too_big(action)
            chunks, size = [], 0
            while True:
                if time.monotonic() > deadline:
                    raise _Deadline()
                chunk = response.read1(_CHUNK) if hasattr(response, "read1") else response.read(_CHUNK)
                if not chunk:
                    break
                size += len(chunk)
                if size > self.max_reply:
                    raise self._too_big(action)
                chunks.append(chunk)
            if fired.is_set():
                raise _Deadline()
            return b"".join(chunks)
        except _Deadline:
            raise AnkiConnectError(f"Anki did not answer {action} at {self.url} within {self.timeout:g} s") from None
        except (socket.timeout, TimeoutError):
            raise AnkiConnectError(f"Anki did not answer {action} at {self.url} within {self.timeout:g} s") from None
        except (http.client.HTTPException, ConnectionError, OSError):
            if fired.is_set():
                raise AnkiConnectError(
                    f"Anki did not answer {action} at {self.url} within {self.timeout:g} s") from None
            raise AnkiConnectError(
                f"the connection to Anki at {self.url} broke during {action} (Anki may have quit or crashed); "
                "what Anki took before stays, export again to finish"
            ) from None
        finally:
            watchdog.cancel()
            connection.close()

    def _too_big(self, action: str) -> AnkiConnectError:
        return AnkiConnectError(
            f"AnkiConnect at {self.url} sent more than {self.max_reply // (1024 * 1024)} MB for {action}; is it AnkiConnect?")

    def request(self, action: str, **params):
        """Call one action and return its result; AnkiConnectError names what went wrong."""
        payload: dict = {"action": action, "version": API_VERSION}
        if params:
            payload["params"] = params
        if self.key:
            payload["key"] = self.key
        raw = self._exchange(action, json.dumps(payload, ensure_ascii=False).encode("utf-8"))
        try:
            answer = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            raise AnkiConnectError(f"{self.url} is not AnkiConnect (its answer to {action} is not JSON it could send)") from None
        if not isinstance(answer, dict) or "error" not in answer or "result" not in answer:
            raise AnkiConnectError(f"AnkiConnect at {self.url} is too old (it does not speak API version {API_VERSION})")
        error = answer["error"]
        if error is not None:
            text = str(error) if isinstance(error, str) else json.dumps(error)[:200]
            text = " ".join(text.split())[:300]
            if "unsupported action" in text:
                raise UnsupportedAction(f"AnkiConnect at {self.url} does not support {action}; update AnkiConnect")
            if "api key" in text.lower():
                raise AnkiConnectError(f"AnkiConnect at {self.url} refused the API key ({text})")
            raise AnkiConnectError(f"AnkiConnect refused {action}: {text}")
        return answer["result"]

    def request_list(self, action: str, **params) -> list:
        """Call an action whose result is a list (ids, infos); an answer of another shape is one clear error."""
        result = self.request(action, **params)
        if not isinstance(result, list):
            raise AnkiConnectError(
                f"AnkiConnect at {self.url} answered {action} with {type(result).__name__}, not a list; is it AnkiConnect?")
        return result

    def check_version(self) -> int:
        """AnkiConnect's API version; AnkiConnectError when it is older than 6."""
        version = self.request("version")
        if isinstance(version, bool) or not isinstance(version, int):
            raise AnkiConnectError(f"AnkiConnect at {self.url} answered version with {type(version).__name__}; is it AnkiConnect?")
        if version < API_VERSION:
            raise AnkiConnectError(
                f"AnkiConnect at {self.url} is too old (API version {version}, Yuedu needs {API_VERSION}); update AnkiConnect"
            )
        return version
