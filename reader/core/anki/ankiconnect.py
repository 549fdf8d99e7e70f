"""A small AnkiConnect client (API version 6) over urllib: every failure becomes one clear UserError line."""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.request

from reader.core.errors import UserError

DEFAULT_URL = "http://127.0.0.1:8765"
API_VERSION = 6
TIMEOUT_SECONDS = 120.0  # adding thousands of notes in one request takes Anki a while


class AnkiConnectError(UserError):
    """AnkiConnect answered with an error, or could not be reached."""


class UnsupportedAction(AnkiConnectError):
    """This AnkiConnect does not know the action (an older version)."""


class AnkiConnect:
    """Requests to a running Anki through AnkiConnect at ``url`` (optional API ``key``)."""

    def __init__(self, url: str = DEFAULT_URL, key: str | None = None, timeout: float = TIMEOUT_SECONDS):
        self.url = url or DEFAULT_URL
        self.key = key or None
        self.timeout = timeout

    def request(self, action: str, **params):
        """Call one action and return its result; AnkiConnectError names what went wrong."""
        payload: dict = {"action": action, "version": API_VERSION}
        if params:
            payload["params"] = params
        if self.key:
            payload["key"] = self.key
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        request = urllib.request.Request(self.url, data=body, headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                raw = response.read()
        except urllib.error.HTTPError as error:
            raise AnkiConnectError(f"AnkiConnect at {self.url} answered HTTP {error.code} to {action}") from None
        except (urllib.error.URLError, ConnectionError, socket.timeout, TimeoutError) as error:
            reason = getattr(error, "reason", error)
            if isinstance(reason, (socket.timeout, TimeoutError)):
                raise AnkiConnectError(f"Anki did not answer at {self.url} within {self.timeout:g} s") from None
            raise AnkiConnectError(
                f"Anki is not running, or AnkiConnect is not installed (nothing answers at {self.url})"
            ) from None
        except ValueError:
            raise AnkiConnectError(f"{self.url}: not an AnkiConnect address") from None
        try:
            answer = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise AnkiConnectError(f"{self.url} is not AnkiConnect (its answer is not JSON)") from None
        if not isinstance(answer, dict) or "error" not in answer or "result" not in answer:
            raise AnkiConnectError(f"AnkiConnect at {self.url} is too old (it does not speak API version {API_VERSION})")
        error = answer["error"]
        if error is not None:
            text = str(error)
            if "unsupported action" in text:
                raise UnsupportedAction(f"AnkiConnect at {self.url} does not support {action}; update AnkiConnect")
            if "api key" in text.lower():
                raise AnkiConnectError(f"AnkiConnect at {self.url} refused the API key ({text})")
            raise AnkiConnectError(f"AnkiConnect refused {action}: {text}")
        return answer["result"]

    def check_version(self) -> int:
        """AnkiConnect's API version; AnkiConnectError when it is older than 6."""
        version = self.request("version")
        if not isinstance(version, int) or version < API_VERSION:
            raise AnkiConnectError(
                f"AnkiConnect at {self.url} is too old (API version {version}, Yuedu needs {API_VERSION}); update AnkiConnect"
            )
        return version
