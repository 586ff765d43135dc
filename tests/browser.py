"""Headless Chromium driven over the DevTools protocol on a pipe: open a page, wait until it shows what a test
looks for, read its DOM.

Why not `chromium --dump-dom --virtual-time-budget=N`: that dumps the DOM after a fixed budget of the page's
time, and on a loaded machine the report's JavaScript had not always rendered by then (a category once missing).
Here the wait is for a condition, with a deadline: the page itself watches its DOM (a MutationObserver) and
answers as soon as every expected text is there — no sleep, no polling from Python, and a slow machine only
takes longer. The deadline is a failure, never a verdict: a page that never shows the text fails the test.

The protocol runs over `--remote-debugging-pipe` (Chromium reads commands from fd 3 and writes replies to fd 4,
each a JSON message ended by a NUL byte): no port is opened and nothing listens on the network.
"""

from __future__ import annotations

import fcntl
import json
import os
import shlex
import shutil
import subprocess
from pathlib import Path
from typing import Any

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
BASH = shutil.which("bash") or "/bin/bash"
DEADLINE_S = 90  # how long a page may take to show what is awaited: generous, only a broken page reaches it

# Runs in the page: resolves with the DOM once every text is in it, rejects with what is missing at the deadline.
_AWAIT_TEXTS = """
new Promise((resolve, reject) => {
  const texts = %s;
  const missing = () => texts.filter((t) => !document.documentElement.outerHTML.includes(t));
  let observer;
  const timer = setTimeout(() => {
    observer.disconnect();
    reject(new Error("not shown within the deadline: " + JSON.stringify(missing())));
  }, %d);
  const check = () => {
    if (missing().length === 0) {
      observer.disconnect();
      clearTimeout(timer);
      resolve(document.documentElement.outerHTML);
    }
  };
  observer = new MutationObserver(check);
  observer.observe(document, {subtree: true, childList: true, characterData: true, attributes: true});
  check();
})
"""


# Runs in the page: clicks the innermost element whose own text is exactly the label (a tree group's title).
_CLICK = """
(() => {
  const label = %s;
  const hits = [...document.querySelectorAll("body *")].filter(
    (e) => e.textContent.trim() === label && ![...e.children].some((c) => c.textContent.trim() === label));
  if (hits.length === 0) throw new Error("nothing to click shows " + JSON.stringify(label));
  hits[0].click();
  return "clicked";
})()
"""


class BrowserError(AssertionError):
    pass


def _above_9(fd: int) -> int:
    moved = fcntl.fcntl(fd, fcntl.F_DUPFD, 10)
    os.close(fd)
    return moved


class Chromium:
    """One headless Chromium with its own profile; `dom(url, expect=[...])` per page."""

    def __init__(self, profile: Path) -> None:
        commands_read, self._commands = os.pipe()
        self._replies, replies_write = os.pipe()
        # Chromium's ends moved above fd 9, so that putting them on 3 and 4 cannot overwrite one with the other.
        commands_read, replies_write = (_above_9(fd) for fd in (commands_read, replies_write))
        flags = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--remote-debugging-pipe",
            f"--user-data-dir={profile}",
            "about:blank",
        ]
        # bash (dash reads no fd numbers above 9) puts the pipe ends on the fds Chromium expects, then becomes it.
        script = f"exec {shlex.join([CHROMIUM, *flags])} 3<&{commands_read} 4>&{replies_write}"
        self._process = subprocess.Popen(
            [BASH, "-c", script],
            pass_fds=(commands_read, replies_write),
            stdout=subprocess.DEVNULL,
            stderr=(profile / "chromium.log").open("wb"),
        )
        os.close(commands_read)
        os.close(replies_write)
        self._buffer = b""
        self._next_id = 0
        self._events: list[dict[str, Any]] = []

    # -- the protocol --------------------------------------------------------------------------------------------
    def _read_message(self) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            chunk = os.read(self._replies, 1 << 16)  # blocks until Chromium writes: no polling
            if not chunk:
                raise BrowserError("Chromium closed its DevTools pipe")
            self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b"\0")
        return json.loads(message)

    def send(self, method: str, params: dict[str, Any] | None = None, session: str | None = None) -> dict[str, Any]:
        self._next_id += 1
        command: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            command["sessionId"] = session
        os.write(self._commands, json.dumps(command).encode() + b"\0")
        while True:
            message = self._read_message()
            if message.get("id") == self._next_id:
                if "error" in message:
                    raise BrowserError(f"{method}: {message['error']}")
                return message.get("result", {})
            self._events.append(message)

    def _wait_for_event(self, method: str, session: str) -> None:
        while True:
            found = next((e for e in self._events if e.get("method") == method and e.get("sessionId") == session), None)
            if found is not None:
                self._events.remove(found)
                return
            self._events.append(self._read_message())

    # -- what the tests use --------------------------------------------------------------------------------------
    def dom(self, url: str, expect: list[str], then: tuple[tuple[str, list[str]], ...] = (),
            screenshot: Path | None = None) -> str:
        """The page's DOM as soon as every text of `expect` is in it; BrowserError when the deadline passes.
        `then`: (label, texts) pairs: click the element showing exactly that label (e.g. a tree group), then wait
        for those texts in turn. `screenshot`: also save the whole page, as shown then, to this PNG file."""
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        try:
            self.send("Page.enable", session=session)
            self.send("Page.navigate", {"url": url}, session=session)
            self._wait_for_event("Page.loadEventFired", session)
            dom = self._evaluate(session, _AWAIT_TEXTS % (json.dumps(expect), DEADLINE_S * 1000), url)
            for label, texts in then:
                self._evaluate(session, _CLICK % json.dumps(label), url)
                dom = self._evaluate(session, _AWAIT_TEXTS % (json.dumps(texts), DEADLINE_S * 1000), url)
            if screenshot is not None:
                import base64

                shot = self.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True},
                                 session=session)
                screenshot.write_bytes(base64.b64decode(shot["data"]))
            return dom
        finally:
            self.send("Target.closeTarget", {"targetId": target})

    def _evaluate(self, session: str, expression: str, url: str) -> str:
        params = {"expression": expression, "awaitPromise": True, "returnByValue": True}
        result = self.send("Runtime.evaluate", params, session=session)
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            raise BrowserError(f"{url}: {details.get('exception', {}).get('description') or details.get('text')}")
        return str(result["result"].get("value"))

    def close(self) -> None:
        try:
            self.send("Browser.close")
        except (BrowserError, OSError):
            pass
        try:
            self._process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        os.close(self._commands)
        os.close(self._replies)
