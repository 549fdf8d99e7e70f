"""One window per data directory: a second start hands its files to the window already running and exits.

The first window on a data directory takes a lock file and listens on a local socket, both named after a hash of the
directory. A later start finds the lock held, connects, sends its files (absolute paths, or URLs as given) as one JSON
line and waits for "ok". A lock or socket left by a crashed window does not block: the lock records its owner's
process id, and a dead owner's lock is taken over, its socket file removed.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from PySide6.QtCore import QDir, QLockFile, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

CONNECT_TIMEOUT_MS = 5_000  # the first window may still be starting: it listens right after taking the lock
REPLY_TIMEOUT_MS = 5_000
MAX_MESSAGE = 1 << 20  # a handover is a list of paths: anything larger is not one of ours


def server_name(data_dir: str | os.PathLike) -> str:
    """The socket's name for a data directory (the same directory however it is spelled)."""
    resolved = str(Path(data_dir).expanduser().resolve())
    return "yuedu-" + hashlib.sha256(resolved.encode("utf-8")).hexdigest()[:20]


def _lock_path(name: str) -> str:
    return str(Path(QDir.tempPath()) / f"{name}.lock")


def _as_argument(item: str) -> str:
    """A file named on the command line as the running window must see it: absolute (its working directory differs)."""
    return item if "://" in item else str(Path(item).expanduser().absolute())


class InstanceServer(QObject):
    """The running window's end: receives the files later starts hand over."""

    files_received = Signal(list)

    def __init__(self, name: str, lock: QLockFile):
        super().__init__()
        self.name = name
        self._lock = lock
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)  # only this user may hand files over
        QLocalServer.removeServer(name)  # a crashed window's socket file: we hold the lock, so it is no one's
        if not self.server.listen(name):
            raise OSError(self.server.errorString())
        self.server.newConnection.connect(self._accept)
        self._buffers: dict[QLocalSocket, bytearray] = {}

    def close(self) -> None:
        """Stop listening and give up the lock."""
        self.server.close()
        self._lock.unlock()

    def _accept(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            self._buffers[socket] = bytearray()
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(lambda s=socket: (self._buffers.pop(s, None), s.deleteLater()))

    def _read(self, socket: QLocalSocket) -> None:
        buffer = self._buffers.get(socket)
        if buffer is None:
            return
        buffer += bytes(socket.readAll())
        if b"\n" not in buffer:
            if len(buffer) > MAX_MESSAGE:
                socket.abort()
            return
        line = bytes(buffer).split(b"\n", 1)[0]
        self._buffers.pop(socket, None)
        try:
            message = json.loads(line.decode("utf-8"))
            files = [str(f) for f in message["files"]] if isinstance(message.get("files"), list) else None
        except (ValueError, AttributeError, KeyError):
            files = None
        socket.write(b"ok\n" if files is not None else b"bad\n")
        socket.flush()
        socket.disconnectFromServer()
        if files is not None:
            self.files_received.emit(files)


def claim(data_dir: str | os.PathLike) -> InstanceServer | None:
    """Become the window for ``data_dir`` (an InstanceServer), or None when another window already is."""
    name = server_name(data_dir)
    lock = QLockFile(_lock_path(name))
    lock.setStaleLockTime(0)  # never stale by age: a window open all day keeps its lock; a dead owner's is stale
    if not lock.tryLock(0):
        return None
    return InstanceServer(name, lock)


def hand_over(data_dir: str | os.PathLike, files: list[str]) -> bool:
    """Give ``files`` to the window running on ``data_dir``; True once it has taken them."""
    socket = QLocalSocket()
    name = server_name(data_dir)
    for _ in range(CONNECT_TIMEOUT_MS // 100):
        socket.connectToServer(name)
        if socket.waitForConnected(100):
            break
        socket.abort()
        _sleep_ms(100)
    else:
        return False
    socket.write(json.dumps({"files": [_as_argument(f) for f in files]}, ensure_ascii=False).encode("utf-8") + b"\n")
    socket.waitForBytesWritten(REPLY_TIMEOUT_MS)
    reply = b""
    while b"\n" not in reply and socket.waitForReadyRead(REPLY_TIMEOUT_MS):
        reply += bytes(socket.readAll())
    socket.abort()
    return reply.startswith(b"ok")


def bring_to_front(window) -> None:
    """Show the window above the others (restored if it was minimised)."""
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()


def serve(server: InstanceServer, window) -> None:
    """Let the window open what later starts hand over, and come to the front each time."""

    def received(files: list[str]) -> None:
        bring_to_front(window)
        if files:
            window.open_paths(files)

    server.files_received.connect(received)
    window.destroyed.connect(server.close)


def _sleep_ms(milliseconds: int) -> None:
    import time

    time.sleep(milliseconds / 1000)


def pass_on(data_dir: str | os.PathLike, files: list[str]) -> int:
    """A second start: hand the files to the running window; the exit status (0 handed over, 2 no answer)."""
    import sys

    if hand_over(data_dir, files):
        if files:
            count = f"{len(files)} file{'s' if len(files) != 1 else ''}"
            print(f"yuedu: {count} handed to the Yuedu window already open on {data_dir}")
        else:
            print(f"yuedu: the Yuedu window already open on {data_dir} comes to the front")
        return 0
    print(f"yuedu: a Yuedu window holds {data_dir} but does not answer; close it or wait for it to finish starting",
          file=sys.stderr)
    return 2
