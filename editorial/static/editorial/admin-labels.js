// Names for the article form's fields that Django's and the packages' widgets leave unnamed, so a
// screen reader (and axe) can tell what each one is: the body editor, the autocomplete boxes, the
// cells of tabular inlines (named by their column header), file inputs labelled only by a legend,
// and the list's search box. Each is pointed at text already on the page; nothing is added that
// sighted users do not see. Runs again whenever a widget adds itself to the page.
document.addEventListener("DOMContentLoaded", () => {
  "use strict";

  let counter = 0;

  function idFor(element, hint) {
    if (!element.id) {
      counter += 1;
      element.id = `${hint}-label-${counter}`;
    }
    return element.id;
  }

  function named(element) {
    return (
      element.hasAttribute("aria-label") ||
      element.hasAttribute("aria-labelledby") ||
      (element.labels && element.labels.length > 0)
    );
  }

  function labelOf(field) {
    const label = field && field.id ? document.querySelector(`label[for="${CSS.escape(field.id)}"]`) : null;
    return label ? idFor(label, field.id) : null;
  }

  // The header of the tabular inline column a cell is in: <td class="field-x"> under <th class="column-x">.
  function columnHeaderOf(cell) {
    const table = cell && cell.closest("table");
    if (!table) {
      return null;
    }
    let header = null;
    if (cell.classList.contains("delete")) {
      header = [...table.querySelectorAll("thead th")].pop();
    } else {
      const column = [...cell.classList].find((name) => name.startsWith("field-"));
      header = column ? table.querySelector(`thead th.column-${CSS.escape(column.slice(6))}`) : null;
    }
    return header ? idFor(header, "column") : null;
  }

  function legendOf(field) {
    const legend = field.closest("fieldset") && field.closest("fieldset").querySelector(":scope > legend");
    return legend ? idFor(legend, "legend") : null;
  }

  function nameFields() {
    const fields = document.querySelectorAll(
      "#content-main input:not([type=hidden]):not([type=submit]):not([type=button]), #content-main select, #content-main textarea"
    );
    for (const field of fields) {
      if (named(field) || field.closest("[aria-hidden=true]") || field.name.includes("__prefix__")) {
        continue;
      }
      const source = columnHeaderOf(field.closest("td")) || legendOf(field);
      if (source) {
        field.setAttribute("aria-labelledby", source);
      }
    }
  }

  // select2 (Django's autocomplete widget): the focusable combobox and its rendered value need the field's name.
  function nameAutocompletes() {
    for (const box of document.querySelectorAll(".select2-selection[role=combobox]")) {
      const container = box.closest(".select2");
      const select = container && container.previousElementSibling;
      if (!select || box.dataset.named) {
        continue;
      }
      const source = labelOf(select) || columnHeaderOf(select.closest("td"));
      if (!source) {
        continue;
      }
      const rendered = box.querySelector(".select2-selection__rendered");
      const references = [source];
      if (rendered) {
        rendered.setAttribute("aria-labelledby", source);
        references.push(idFor(rendered, "autocomplete"));
      }
      box.setAttribute("aria-labelledby", references.join(" "));
      box.dataset.named = "true";
    }
  }

  // The body editor (ProseMirror) is a text box of its own beside the hidden textarea it keeps in step.
  function nameEditors() {
    for (const editor of document.querySelectorAll(".ProseMirror[contenteditable]:not([aria-labelledby])")) {
      const row = editor.closest(".form-row") || editor.parentElement;
      const textarea = row && row.querySelector("textarea");
      const source = labelOf(textarea);
      if (source) {
        editor.setAttribute("aria-labelledby", source);
        editor.setAttribute("aria-multiline", "true");
      }
    }
  }

  function nameSearch() {
    const search = document.getElementById("searchbar");
    const heading = document.getElementById("changelist-search-form");
    // The search box's label is a magnifier icon: name it after the form's heading ("Search articles").
    if (search && heading && !search.hasAttribute("aria-label")) {
      search.setAttribute("aria-label", heading.textContent.trim());
    }
  }

  function nameAll() {
    nameFields();
    nameAutocompletes();
    nameEditors();
    nameSearch();
  }

  let pending = false;
  const observer = new MutationObserver(() => {
    if (!pending) {
      pending = true;
      window.requestAnimationFrame(() => {
        pending = false;
        nameAll();
      });
    }
  });
  nameAll();
  observer.observe(document.body, { childList: true, subtree: true });
});
