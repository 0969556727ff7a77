#!/usr/bin/env python3
"""End-to-end check of `ringscope serve` in a real browser (headless Chromium from Debian).

Records the demo dataset into a fresh case store in a temporary folder, starts the workspace on
a free loopback port, drives Chromium over the DevTools protocol (a small client on
websocket-client from PyPI): opens the queue, moves to the first case with the keyboard (j,
Enter), refers it through the status form, and checks that the page and `ringscope case show`
both say "referred". Saves screenshots of the queue and the case page (--screenshots DIR).

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install websocket-client==1.9.2
    swift build && /tmp/venv/bin/python scripts/browser-check.py --screenshots docs

Exit status 0 when every check passed; the last line says "N passed, N failed".
"""
import argparse
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

import websocket  # websocket-client

CHECKS = {"passed": 0, "failed": 0}


def check(condition, what):
    CHECKS["passed" if condition else "failed"] += 1
    print(("ok   " if condition else "FAIL ") + what, flush=True)
    return condition


class Page:
    """One Chromium tab driven over the DevTools protocol."""

    def __init__(self, ws_url):
        self.socket = websocket.create_connection(ws_url, timeout=30, suppress_origin=True)
        self.next_id = 0

    def call(self, method, **params):
        self.next_id += 1
        self.socket.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        return result.get("result", {}).get("value")

    def wait_for(self, expression, timeout=20):
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                if self.evaluate(expression):
                    return True
            except (RuntimeError, websocket.WebSocketException):
                pass
            time.sleep(0.1)
        return False

    def load(self, url):
        self.call("Page.navigate", url=url)
        return self.wait_for(f"document.readyState === 'complete' && location.href === {json.dumps(url)}")

    def key(self, key, code, key_code):
        for kind in ("keyDown", "keyUp"):
            self.call("Input.dispatchKeyEvent", type=kind, key=key, code=code, windowsVirtualKeyCode=key_code,
                      text=key if kind == "keyDown" and len(key) == 1 else "")

    def screenshot(self, path):
        height = self.evaluate("Math.min(document.documentElement.scrollHeight, 2400)") or 900
        self.call("Emulation.setDeviceMetricsOverride", width=1280, height=int(height), deviceScaleFactor=1, mobile=False)
        data = self.call("Page.captureScreenshot", format="png")["data"]
        with open(path, "wb") as handle:
            handle.write(base64.b64decode(data))
        self.call("Emulation.clearDeviceMetricsOverride")


def wait_for_file(path, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if os.path.exists(path) and os.path.getsize(path) > 0:
            return True
        time.sleep(0.1)
    return False


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ringscope", default=".build/debug/ringscope", help="the ringscope binary (default: .build/debug/ringscope)")
    parser.add_argument("--dataset", default="datasets/demo", help="the dataset to record (default: datasets/demo)")
    parser.add_argument("--chromium", default=shutil.which("chromium") or "chromium", help="the browser (default: chromium on PATH)")
    parser.add_argument("--screenshots", help="folder for workspace-queue.png and workspace-case.png (default: none)")
    arguments = parser.parse_args()

    work = tempfile.mkdtemp(prefix="ringscope-browser-check-")
    processes = []
    try:
        store = os.path.join(work, "cases.sqlite")
        subprocess.run([arguments.ringscope, "analyze", arguments.dataset, "--out", os.path.join(work, "demo"), "--cases", store,
                        "--quiet"], check=True, stdout=subprocess.DEVNULL)
        log = open(os.path.join(work, "serve.log"), "w+")
        server = subprocess.Popen([arguments.ringscope, "serve", "--cases", store, "--port", "0"], stdout=log, stderr=subprocess.STDOUT)
        processes.append(server)
        base = None
        deadline = time.time() + 30
        while base is None and time.time() < deadline:
            log.seek(0)
            for line in log.read().splitlines():
                if " at http://" in line:
                    base = line.split(" at ")[1].split()[0]
            time.sleep(0.1)
        if not check(base is not None, "ringscope serve announced its address"):
            return 1
        profile = os.path.join(work, "profile")
        browser = subprocess.Popen([arguments.chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                                    "--remote-debugging-port=0", f"--user-data-dir={profile}", "--window-size=1280,900", "about:blank"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        processes.append(browser)
        if not check(wait_for_file(os.path.join(profile, "DevToolsActivePort")), "Chromium started with DevTools"):
            return 1
        port = open(os.path.join(profile, "DevToolsActivePort")).read().split()[0]
        targets = []
        for _ in range(100):
            targets = [t for t in json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list")) if t["type"] == "page"]
            if targets:
                break
            time.sleep(0.1)
        page = Page(targets[0]["webSocketDebuggerUrl"])
        page.call("Page.enable")
        page.call("Runtime.enable")

        check(page.load(base), "the queue loads")
        rows = page.evaluate("document.querySelectorAll('#queue tbody tr').length") or 0
        check(rows > 0, f"the queue lists cases ({rows})")
        first = page.evaluate("document.querySelector('#queue tbody tr a.case-link').textContent")
        check(page.evaluate("document.styleSheets.length > 0 && getComputedStyle(document.querySelector('nav.top')).backgroundColor !== 'rgba(0, 0, 0, 0)'"),
              "the stylesheet is served and applied (CSP allows it)")
        if arguments.screenshots:
            page.screenshot(os.path.join(arguments.screenshots, "workspace-queue.png"))

        page.key("j", "KeyJ", 74)
        check(page.wait_for("document.querySelector('#queue tbody tr.selected') !== null", 5), "j selects the first case")
        page.key("Enter", "Enter", 13)
        check(page.wait_for("location.pathname.startsWith('/cases/') && document.readyState === 'complete'"), f"Enter opens {first}")
        check(page.evaluate("document.querySelector('h1').textContent.indexOf(%s) >= 0" % json.dumps(first)), "the case page shows the case id")
        check(page.evaluate("document.querySelector('#diagram img') !== null && document.querySelector('#diagram img').naturalWidth > 0"),
              "the ring diagram is shown")
        check(page.evaluate("document.querySelectorAll('#members tbody tr').length > 0"), "the members table is filled")
        page.evaluate("(function(){var i=document.querySelector('input.filter[data-table=members]'); i.value='seller'; i.dispatchEvent(new Event('input')); return true;})()")
        check(page.evaluate("Array.prototype.every.call(document.querySelectorAll('#members tbody tr:not(.hidden)'), r => r.textContent.toLowerCase().indexOf('seller') >= 0)"),
              "the members search keeps matching rows only")
        if arguments.screenshots:
            page.screenshot(os.path.join(arguments.screenshots, "workspace-case.png"))

        page.evaluate("""(function(){
            var form = document.getElementById('status-form');
            form.querySelector('select[name=status]').value = 'referred';
            form.querySelector('input[name=who]').value = 'browser check';
            form.querySelector('input[name=reference]').value = 'BC-1';
            form.querySelector('input[name=note]').value = 'referred to Guangzhou AMR';
            form.querySelector('button').click(); return true; })()""")
        check(page.wait_for("document.querySelector('.flash') !== null && document.readyState === 'complete'"), "the status form submits")
        check(page.evaluate("document.getElementById('case-status').textContent") == "referred", "the page shows the case referred")
        check(page.evaluate("document.getElementById('history').textContent.indexOf('→ referred by browser check (ref BC-1)') >= 0"),
              "the history lists the change with who")

        shown = subprocess.run([arguments.ringscope, "case", "show", first, "--cases", store], capture_output=True, text=True).stdout
        check(f"{first}  referred" in shown and "referred by browser check (ref BC-1): referred to Guangzhou AMR" in shown,
              "ringscope case show has the change")
        status = urllib.request.urlopen(base + "cases/" + first + "/referral.zip")
        check(status.headers.get("Content-Type") == "application/zip" and status.read(4) == b"PK\x03\x04", "the referral package downloads as a zip")
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(work, ignore_errors=True)
    print(f"browser check: {CHECKS['passed']} passed, {CHECKS['failed']} failed")
    return 0 if CHECKS["failed"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
