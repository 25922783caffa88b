// The workspace's script: live checks and preview as one types, and the keyboard shortcuts.
// Every page works without it (plain forms); it only adds to them. No request leaves the
// workspace: the checks are asked of the server that served the page.
// A password typed once may be shown, to read it back (the join page).
(function () {
  "use strict";
  for (const button of document.querySelectorAll("button.reveal")) {
    const input = document.getElementById(button.dataset.shows);
    if (!input) continue;
    button.hidden = false;
    button.addEventListener("click", () => {
      const shown = input.type === "password";
      input.type = shown ? "text" : "password";
      button.textContent = shown ? button.dataset.hide : button.dataset.show;
      button.setAttribute("aria-pressed", String(shown));
    });
  }
})();

(function () {
  "use strict";
  const form = document.getElementById("translate-form");
  if (!form) return;
  const field = document.getElementById("id_translation");
  const checks = document.getElementById("checks");
  const preview = document.getElementById("preview");
  const fuzzy = document.getElementById("id_fuzzy");
  const source = document.getElementById("source-text");
  const copyButton = document.getElementById("copy-source");
  const inserts = Array.from(document.querySelectorAll("button.insert"));
  let timer = null;
  let asked = 0;

  function showFindings(data) {
    checks.replaceChildren();
    const findings = data.findings.slice();
    if (data.problem) findings.unshift({severity: "error", check: "control-character", message: data.problem});
    if (!findings.length) {
      // (nothing written yet is not a success: said in the muted colour, not the green)
      const said = document.createElement("p");
      const written = field.value.trim() !== "";
      said.className = written ? "ok" : "todo";
      said.textContent = written ? checks.dataset.ok : checks.dataset.empty;
      checks.append(said);
      return;
    }
    const list = document.createElement("ul");
    for (const finding of findings) {
      const item = document.createElement("li");
      item.className = "finding " + finding.severity;
      // (the message and the check's title come in the interface's language; the id stays
      // out of sight, for styles and tests)
      item.dataset.check = finding.check;
      if (finding.title) item.title = finding.title;
      const label = document.createElement("strong");
      label.textContent = finding.severity === "error" ? checks.dataset.error : checks.dataset.warning;
      item.append(label, " ", finding.message);
      list.append(item);
    }
    checks.append(list);
  }

  async function check() {
    const ticket = ++asked;
    const body = new FormData(form);
    try {
      const response = await fetch(form.dataset.checkUrl, {
        method: "POST", body: body, credentials: "same-origin",
        headers: {"X-Requested-With": "fetch"},
      });
      if (!response.ok || ticket !== asked) return;
      const data = await response.json();
      showFindings(data);
      preview.innerHTML = data.preview;  // sanitised by the server (nh3)
    } catch (error) {
      // Offline for a moment: the checks run again with the next keystroke, and on save.
    }
  }

  function changed() {
    clearTimeout(timer);
    timer = setTimeout(check, 250);
  }

  function put(text) {
    field.value = text;
    field.focus();
    fit();
    changed();
  }

  // autofocus is not honoured after every navigation (a redirect after a save): the field
  // gets the keyboard unless the volunteer is already somewhere else, or a notice that
  // someone else saved meanwhile must be read first (it has the focus, in view on a phone).
  if (!document.querySelector(".conflict") &&
      (document.activeElement === document.body || document.activeElement === null)) {
    field.focus();
    field.setSelectionRange(field.value.length, field.value.length);
  }

  // The shortcuts are listed where they work: with a keyboard and a mouse (not on a phone's
  // touch screen), and with this script.
  const shortcuts = document.getElementById("shortcuts");
  if (shortcuts && window.matchMedia("(hover: hover) and (pointer: fine)").matches) {
    shortcuts.hidden = false;
  }

  // The field grows with its text, so that a long paragraph is seen whole.
  function fit() {
    field.style.height = "auto";
    field.style.height = field.scrollHeight + 4 + "px";
  }
  field.addEventListener("input", () => { fit(); changed(); });
  fit();
  copyButton.hidden = false;
  copyButton.addEventListener("click", () => put(source.textContent));
  for (const button of inserts) {
    button.hidden = false;
    button.addEventListener("click", () => {
      put(button.closest("li").querySelector(".suggestion-text").textContent);
    });
  }

  function go(id) {
    const link = document.getElementById(id);
    if (link) window.location.assign(link.href);
  }

  // event.code, not event.key: the same physical keys on an Arabic or Ukrainian keyboard.
  document.addEventListener("keydown", (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key === "Enter") {
      event.preventDefault();
      form.requestSubmit(form.querySelector('button[value="next"]'));
      return;
    }
    if (!event.altKey || event.ctrlKey || event.metaKey) return;
    const digit = /^Digit([1-9])$/.exec(event.code);
    let handled = true;
    if (event.code === "PageDown") go("next-segment");
    else if (event.code === "PageUp") go("previous-segment");
    else if (event.code === "KeyC") put(source.textContent);
    else if (event.code === "KeyW") { fuzzy.checked = !fuzzy.checked; fuzzy.focus(); field.focus(); }
    else if (event.code === "KeyL") go("back-to-list");
    else if (digit && inserts[Number(digit[1]) - 1]) inserts[Number(digit[1]) - 1].click();
    else handled = false;
    if (handled) event.preventDefault();
  });
})();
