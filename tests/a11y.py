"""Accessibility checks in the browser: an axe-core audit and a keyboard walk over every widget control.

The audit runs axe-core (bundled with the ``axe-playwright-python`` package) twice on the current notebook's page:
over the whole page (JupyterLab's own interface included, recorded for the report) and over the course's content
only — rendered markdown and cell outputs, where the course's text, tables, figures and widgets are — which must
have no serious or critical violation.
"""

from __future__ import annotations

import json
from importlib.resources import files

from tests.conftest import BUILD
from tests.lab_server import CURRENT, KERNEL_IDLE, whole_notebook_in_view

BLOCKING = {"serious", "critical"}
IMPACTS = ("critical", "serious", "moderate", "minor")
CONTENT = f"{CURRENT} .jp-OutputArea-output, {CURRENT} .jp-RenderedMarkdown"


def _axe_script() -> str:
    return (files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")


def run_axe(page, context="html") -> list[dict]:
    """axe-core's violations on the current page (or the given context)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_script())
    results = page.evaluate(
        "([context, options]) => axe.run(context, options)",
        [context, {"resultTypes": ["violations"]}],
    )
    return results["violations"]


def _counts(violations: list[dict]) -> dict[str, int]:
    counts = dict.fromkeys(IMPACTS, 0)
    for violation in violations:
        counts[violation["impact"] or "minor"] += len(violation["nodes"])
    return counts


def describe(violation: dict) -> str:
    nodes = "; ".join(" ".join(map(str, node["target"])) for node in violation["nodes"][:5])
    more = f" (+{len(violation['nodes']) - 5} more)" if len(violation["nodes"]) > 5 else ""
    return f"{violation['impact']} {violation['id']}: {violation['help']} — {nodes}{more}"


def audit(page, name: str) -> dict:
    """Audit the current notebook page; write ``build/axe/<name>.json`` and return the report."""
    with whole_notebook_in_view(page):
        page_violations = run_axe(page, "html")
        content = run_axe(page, {"include": [[sel.strip()] for sel in CONTENT.split(",")]})
    report = {
        "lesson": name,
        "counts": {"content": _counts(content), "whole_page": _counts(page_violations)},
        "content": content,
        "whole_page": [{k: v[k] for k in ("id", "impact", "help")} | {"nodes": len(v["nodes"]),
                        "targets": [n["target"] for n in v["nodes"][:5]]} for v in page_violations],
    }
    folder = BUILD / "axe"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.json").write_text(json.dumps(report, indent=1))
    summary = {path.stem: json.loads(path.read_text())["counts"]
               for path in sorted(folder.glob("*.json")) if path.name != "summary.json"}
    (folder / "summary.json").write_text(json.dumps(summary, indent=2, sort_keys=True))
    return report


# -------------------------------------------------------------------------------------------------- keyboard

# Tag every visible, enabled control of the notebook's widgets with data-mn-kb=<n>; return what each is, and its
# group: the radio buttons of one RadioButtons widget, the buttons of one ToggleButtons widget, else itself.
TAG_CONTROLS = """(current) => {
  const root = document.querySelector(current);
  const selector = '.jupyter-widgets button, .jupyter-widgets input, .jupyter-widgets select,'
                 + ' .jupyter-widgets textarea, .jupyter-widgets [role=slider]';
  const visible = e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  const groups = new Map();
  const groupOf = (e, n) => {
    const box = e.closest('.widget-radio-box, .widget-toggle-buttons');
    if (!box) return 'c' + n;
    if (!groups.has(box)) groups.set(box, 'g' + groups.size);
    return groups.get(box);
  };
  const found = [...root.querySelectorAll(selector)]
    .filter(e => visible(e) && !e.disabled && e.getAttribute('aria-disabled') !== 'true' && e.type !== 'hidden');
  return found.map((e, n) => {
    e.setAttribute('data-mn-kb', String(n));
    const kind = e.getAttribute('role') === 'slider' ? 'slider'
      : e.tagName === 'INPUT' ? (['radio', 'checkbox', 'date', 'time', 'datetime-local'].includes(e.type)
                                 ? e.type : 'text')
      : e.classList.contains('widget-toggle-button') ? 'toggle'
      : e.tagName.toLowerCase();
    const label = (e.getAttribute('aria-label') || (e.labels && e.labels[0] && e.labels[0].textContent)
                   || e.textContent || e.title || e.value || '').trim().slice(0, 50);
    return {n, kind, group: groupOf(e, n), label};
  });
}"""

ACTIVE = "() => { const a = document.activeElement; return a ? a.getAttribute('data-mn-kb') : null; }"

# State of a control that a keyboard action should change.
STATE = """(n) => {
  const e = document.querySelector(`[data-mn-kb="${n}"]`);
  if (!e) return null;
  if (e.getAttribute('role') === 'slider') return e.getAttribute('aria-valuenow');
  if (e.type === 'radio') return e.checked;
  if (e.classList.contains('widget-toggle-button')) return e.classList.contains('mod-active');
  if (e.type === 'checkbox') return e.checked;
  if (e.tagName === 'SELECT') return e.selectedIndex;
  if ('value' in e && e.tagName !== 'BUTTON') return e.value;
  return null;
}"""

# Count what answers a key press: DOM changes in the widget's output, and the kernel turning busy (it received
# the widget's event, e.g. a button click that redraws the same content).
WATCH = """(n) => {
  const e = document.querySelector(`[data-mn-kb="${n}"]`);
  const root = e.closest('.jp-OutputArea-output') || e.closest('.jupyter-widgets');
  window.__mnResponses = 0;
  if (window.__mnObserver) window.__mnObserver.disconnect();
  window.__mnObserver = new MutationObserver(records => { window.__mnResponses += records.length; });
  window.__mnObserver.observe(root, {childList: true, subtree: true, characterData: true,
                                     attributeFilter: ['src', 'value', 'checked', 'aria-valuenow']});
  const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  if (window.__mnKernelWatch) window.__mnKernelWatch.disconnect();
  const onStatus = (_, status) => { if (status === 'busy') window.__mnResponses += 1; };
  kernel.statusChanged.connect(onStatus);
  window.__mnKernelWatch = {disconnect: () => kernel.statusChanged.disconnect(onStatus)};
}"""
# Shift+Tab moved the focus to an element before control n (not necessarily a control: a slider's readout is
# focusable too).
WENT_BACK = """(n) => {
  const e = document.querySelector(`[data-mn-kb="${n}"]`), a = document.activeElement;
  return !!(e && a && a !== e && (a.compareDocumentPosition(e) & Node.DOCUMENT_POSITION_FOLLOWING));
}"""


def _focus(page, n: int) -> bool:
    return page.evaluate(
        "(n) => { const e = document.querySelector(`[data-mn-kb=\"${n}\"]`); if (!e) return false;"
        " e.scrollIntoView({block: 'center'}); e.focus(); return document.activeElement === e; }", n)


def _settle(page) -> None:
    page.wait_for_timeout(150)
    page.wait_for_function(KERNEL_IDLE, timeout=30_000)


def keyboard_walk(page) -> dict:
    """Reach every widget control with Tab (and one back with Shift+Tab), then operate each from the keyboard.

    Returns the number of controls and readable lists of controls not reached and not operable.
    """
    controls = page.evaluate(TAG_CONTROLS, CURRENT)
    unreached: list[str] = []
    inoperable: list[str] = []
    if not controls:
        return {"controls": 0, "unreached": unreached, "inoperable": inoperable}
    label = {c["n"]: f"{c['kind']} \"{c['label']}\"" for c in controls}

    # Reach: Tab from the first control through the rest; a radio group counts as reached through any member.
    assert _focus(page, 0), f"cannot focus the first widget control ({label[0]})"
    reached = {0}
    for _ in range(len(controls) * 2 + 10):
        page.keyboard.press("Tab")
        active = page.evaluate(ACTIVE)
        if active is not None:
            reached.add(int(active))
        if len(reached) == len(controls):
            break
    unreached += [f"not reached with Tab: {label[c['n']]}" for c in controls if c["n"] not in reached]
    if len(controls) > 1 and _focus(page, 1):
        page.keyboard.press("Shift+Tab")
        if not page.evaluate(WENT_BACK, 1):
            unreached.append(f"Shift+Tab from {label[1]} does not move the focus back")

    # Operate every control from the keyboard. In a radio or toggle group, choose an option not chosen yet.
    done_groups: set[str] = set()
    for control in controls:
        n, kind = control["n"], control["kind"]
        if kind in {"radio", "toggle"}:
            if control["group"] in done_groups or page.evaluate(STATE, n) in (True, None):
                continue
            done_groups.add(control["group"])
        if not _focus(page, n):
            continue  # replaced by an earlier action (the widget redrew itself)
        before = page.evaluate(STATE, n)
        if kind in {"radio", "toggle"}:
            page.keyboard.press("Space" if kind == "radio" else "Enter")
            try:
                page.wait_for_function(f"() => ({STATE})({n}) === true", timeout=10_000)
            except Exception:
                inoperable.append(f"{'Space' if kind == 'radio' else 'Enter'} on {label[n]} did not choose it")
            _settle(page)
            continue
        if kind == "button":
            page.evaluate(WATCH, n)
            page.keyboard.press("Enter")
            try:
                page.wait_for_function("() => window.__mnResponses > 0", timeout=10_000)
            except Exception:
                inoperable.append(f"Enter on {label[n]} changed nothing")
            _settle(page)
            continue
        keys = {"select": ("ArrowDown", "ArrowUp"), "slider": ("ArrowRight", "ArrowLeft"),
                "checkbox": ("Space", "Space"), "text": ("End", "1"), "textarea": ("End", "1"),
                "date": ("digits",) * 2, "time": ("digits",) * 2, "datetime-local": ("digits",) * 2}[kind]
        if kind in {"date", "time", "datetime-local"}:
            # Chromium's date and time fields take digits segment by segment (en-US: mm dd yyyy, hh mm AM/PM);
            # the value changes only once every segment is filled.
            typed = {"date": "03022026", "time": "0930AM", "datetime-local": "030220260930AM"}[kind]
            page.keyboard.type(typed)
            page.keyboard.press("Tab")
        elif kind in {"text", "textarea"}:
            page.keyboard.press("End")
            page.keyboard.type("1")
            if kind == "text":
                page.keyboard.press("Enter")
        else:
            page.keyboard.press(keys[0])
            if page.evaluate(STATE, n) == before:
                page.keyboard.press(keys[1])  # at the last option: go the other way
        after = page.evaluate(STATE, n)
        if after == before:
            focus = page.evaluate("() => document.activeElement ? document.activeElement.className : ''")
            inoperable.append(f"{'/'.join(keys)} on {label[n]} did not change it (focus went to '{focus}')")
        _settle(page)
    return {"controls": len(controls), "unreached": unreached, "inoperable": inoperable}
