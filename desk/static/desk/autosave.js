// Autosave on the article change form: the form's fields (as it would post them) are sent to the
// server about every 15 s while someone types and when the page is left; when that person opens the
// article again, a prompt (#autosave-restore) offers them back. It reads the form, never an editor's
// internals: the body editor keeps its hidden textarea in step.
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

  // The form's text values (files are not kept), as the browser would post them.
  function formValues() {
    const params = new URLSearchParams();
    for (const [name, value] of new FormData(form)) {
      if (typeof value === "string") {
        params.append(name, value);
      }
    }
    return params;
  }

  function contentKey(params) {
    const kept = [...params].filter(([name]) => name !== "csrfmiddlewaretoken" && !name.startsWith("desk_"));
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

  if (marker.dataset.autosaveRestored) {
    // The form already holds the kept edits: say so, once, above it.
    const note = document.createElement("p");
    note.className = "desk-autosave";
    note.setAttribute("role", "status");
    note.textContent = "Your unsaved edits are back in the form below. Nothing is saved until you press Save.";
    form.parentNode.insertBefore(note, form);
    return;
  }
  fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then((response) => (response.ok ? response.json() : { autosave: null }))
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
