// Autosave on the article change form: the form's fields (as it would post them) are sent to the
// server about every 15 s while someone types and when the page is left; when that person opens the
// article again, a prompt (#autosave-restore) offers them back. It reads the form, never an editor's
// internals: the body editor keeps its hidden textarea in step. The server puts the article's own
// fields back; this script puts back the inline rows (citations, bylines, …), adding rows the editor
// had added. Files cannot be kept (no page may fill a file input): the names of chosen files are
// kept instead, and both prompts say so.
// Started once the page is parsed: the admin loads form media in <head>, before the form exists.
document.addEventListener("DOMContentLoaded", () => {
  "use strict";

  const INTERVAL_MS = 15000;
  const marker = document.querySelector("input[data-autosave-url]");
  if (!marker || !marker.form) {
    return;
  }
  const form = marker.form;
  const url = marker.dataset.autosaveUrl;
  const csrfField = form.querySelector("input[name=csrfmiddlewaretoken]");
  const csrf = csrfField ? csrfField.value : "";
  let submitting = false;
  let timer = null;

  const FILES_CHOSEN = "desk_files_chosen";

  function labelOf(input) {
    const label = input.id ? document.querySelector(`label[for="${CSS.escape(input.id)}"]`) : null;
    return label ? label.textContent.replace(/:\s*$/, "").trim() : input.name;
  }

  // The form's text values, as the browser would post them; of a chosen file only its name.
  function formValues() {
    const params = new URLSearchParams();
    for (const [name, value] of new FormData(form)) {
      if (typeof value === "string") {
        params.append(name, value);
      }
    }
    for (const input of form.querySelectorAll("input[type=file]")) {
      for (const file of input.files || []) {
        params.append(FILES_CHOSEN, `${labelOf(input)} (${file.name})`);
      }
    }
    return params;
  }

  function contentKey(params) {
    const kept = [...params].filter(
      ([name]) => name !== "csrfmiddlewaretoken" && (!name.startsWith("desk_") || name === FILES_CHOSEN),
    );
    return JSON.stringify(kept);
  }

  let lastSent = contentKey(formValues());

  function changed() {
    return contentKey(formValues()) !== lastSent;
  }

  function send(useBeacon) {
    const params = formValues();
    const key = contentKey(params);
    if (submitting || key === lastSent) {
      return;
    }
    lastSent = key;
    if (useBeacon && navigator.sendBeacon) {
      navigator.sendBeacon(url, params);
      return;
    }
    fetch(url, { method: "POST", body: params, credentials: "same-origin", keepalive: true }).catch(() => {
      lastSent = ""; // try again at the next pause
    });
  }

  function typed() {
    if (timer === null) {
      timer = window.setTimeout(() => {
        timer = null;
        send(false);
      }, INTERVAL_MS);
    }
  }

  form.addEventListener("input", typed);
  form.addEventListener("change", typed);
  form.addEventListener("submit", () => {
    submitting = true; // the save itself discards the autosave on the server
    window.clearTimeout(timer);
  });
  window.addEventListener("pagehide", () => send(true));
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden" && changed()) {
      send(true);
    }
  });

  // --- Offering kept edits back -------------------------------------------------------------

  // --- Inline rows ---------------------------------------------------------------------------

  // Put a value list back into one named control (or a group of radios or checkboxes).
  function fill(control, values) {
    const nodes = control instanceof RadioNodeList ? [...control] : [control];
    for (const node of nodes) {
      if (node.type === "checkbox" || node.type === "radio") {
        node.checked = values.includes(node.value);
      } else if (node.tagName === "SELECT") {
        const options = [...node.options];
        if (!values.every((value) => value === "" || options.some((option) => option.value === value))) {
          return false; // a choice this page does not offer (an autocomplete's): left as it is
        }
        for (const option of options) {
          option.selected = values.includes(option.value);
        }
      } else if (node.type !== "file" && node.type !== "hidden") {
        node.value = values.length ? values[values.length - 1] : "";
      }
      node.dispatchEvent(new Event("input", { bubbles: true }));
      node.dispatchEvent(new Event("change", { bubbles: true }));
    }
    return true;
  }

  // The inline rows of the kept edits, back in their formsets: rows the editor added are added again
  // (the admin's "Add another" link); a row is filled only if it is still the same row (its hidden
  // fields, the row's id among them, are as they were). The number of rows that could not be.
  function restoreRows(fields) {
    let missed = 0;
    const prefixes = Object.keys(fields)
      .filter((name) => name.endsWith("-TOTAL_FORMS"))
      .map((name) => name.slice(0, -"-TOTAL_FORMS".length));
    for (const prefix of prefixes) {
      const total = form.elements.namedItem(`${prefix}-TOTAL_FORMS`);
      if (!total) {
        continue;
      }
      const wanted = Number.parseInt(fields[`${prefix}-TOTAL_FORMS`][0], 10) || 0;
      const group = total.closest(".inline-group") || form;
      for (let tries = 0; Number.parseInt(total.value, 10) < wanted && tries < wanted; tries += 1) {
        const add = group.querySelector(".add-row a");
        if (!add) {
          break;
        }
        add.click();
      }
      for (let index = 0; index < wanted; index += 1) {
        const start = `${prefix}-${index}-`;
        const saved = Object.keys(fields).filter((name) => name.startsWith(start));
        const controls = [...form.elements].filter((control) => control.name && control.name.startsWith(start));
        if (!saved.length) {
          continue;
        }
        const sameRow =
          controls.length > 0 &&
          controls
            .filter((control) => control.type === "hidden")
            .every((control) => (fields[control.name] || [""])[0] === control.value);
        if (!sameRow) {
          missed += 1;
          continue;
        }
        for (const name of new Set(controls.map((control) => control.name))) {
          const control = form.elements.namedItem(name);
          const values = fields[name];
          const unposted = control instanceof RadioNodeList || control.type === "checkbox" || control.multiple;
          if ((values || unposted) && !fill(control, values || [])) {
            missed += 1;
          }
        }
      }
    }
    return missed;
  }

  function filesNote(fields) {
    const chosen = fields[FILES_CHOSEN] || [];
    if (!chosen.length && !form.querySelector("input[type=file]")) {
      return null;
    }
    const note = document.createElement("p");
    note.className = "desk-autosave__files";
    note.textContent = chosen.length
      ? `Files you had chosen are not kept (a browser cannot put a file back into a form): choose them again before saving — ${chosen.join(", ")}.`
      : "Files are never kept with unsaved edits (a browser cannot put a file back into a form).";
    return note;
  }

  function sameAsForm(fields) {
    const current = formValues();
    return Object.entries(fields).every(([name, values]) => {
      const now = current.getAll(name);
      return now.length === values.length && now.every((value, index) => value === values[index]);
    });
  }

  function discard() {
    return fetch(url, { method: "DELETE", headers: { "X-CSRFToken": csrf }, credentials: "same-origin" });
  }

  function prompt(saved) {
    const box = document.createElement("section");
    box.id = "autosave-restore";
    box.className = "desk-autosave";
    box.setAttribute("aria-labelledby", "autosave-restore-title");
    const title = document.createElement("p");
    title.id = "autosave-restore-title";
    const strong = document.createElement("strong");
    strong.textContent = "You have unsaved edits to this article from " + saved.saved_at + ".";
    title.append(strong);
    box.append(title);
    const files = filesNote(saved.fields);
    if (files) {
      box.append(files);
    }
    if (saved.changed_since) {
      const note = document.createElement("p");
      note.textContent =
        "The article has been saved since you began them. Restoring brings your edits back; " +
        "saving them will first show you both versions.";
      box.append(note);
    }
    const actions = document.createElement("p");
    actions.className = "desk-autosave__actions";
    const restore = document.createElement("a");
    restore.className = "button";
    restore.href = saved.restore_url;
    restore.textContent = "Restore my unsaved edits";
    const drop = document.createElement("button");
    drop.type = "button";
    drop.className = "button";
    drop.textContent = "Discard them";
    drop.addEventListener("click", () => {
      discard().then(() => {
        box.replaceChildren();
        const done = document.createElement("p");
        done.setAttribute("role", "status");
        done.textContent = "Your unsaved edits were discarded.";
        box.append(done);
      });
    });
    actions.append(restore, drop);
    box.append(actions);
    form.parentNode.insertBefore(box, form);
  }

  const kept = fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } }).then((response) =>
    response.ok ? response.json() : { autosave: null },
  );

  if (marker.dataset.autosaveRestored) {
    // The server has put the article's fields back; put back the inline rows, then say so above the form.
    kept
      .then(({ autosave }) => {
        const fields = autosave ? autosave.fields : {};
        const missed = restoreRows(fields);
        lastSent = contentKey(formValues()); // nothing new typed yet
        const box = document.createElement("div");
        box.className = "desk-autosave";
        box.setAttribute("role", "status");
        const note = document.createElement("p");
        note.textContent = "Your unsaved edits are back in the form below. Nothing is saved until you press Save.";
        box.append(note);
        if (missed) {
          const rows = document.createElement("p");
          rows.textContent =
            `${missed} inline ${missed === 1 ? "entry" : "entries"} (citations, bylines, …) could not be put back: ` +
            "the article's rows have changed since, or a choice is no longer offered.";
          box.append(rows);
        }
        const files = filesNote(fields);
        if (files) {
          box.append(files);
        }
        form.parentNode.insertBefore(box, form);
      })
      .catch(() => {});
    return;
  }
  kept
    .then(({ autosave }) => {
      if (!autosave) {
        return;
      }
      if (sameAsForm(autosave.fields)) {
        discard(); // nothing the form does not already hold
        return;
      }
      prompt(autosave);
    })
    .catch(() => {});
});
