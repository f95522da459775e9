// Tag suggestions for the article form's comma-separated tags field: a <datalist> filled from
// the admin's tag-names endpoint with the tag being typed (the text after the last comma).
// Started once the page is parsed: the admin loads form media in <head>, before the form exists.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  const input = document.querySelector("input[data-tag-names-url]");
  if (!input || !window.fetch) return;
  const list = document.createElement("datalist");
  list.id = input.id + "-suggestions";
  input.after(list);
  input.setAttribute("list", list.id);
  let timer = null;

  function suggest() {
    const value = input.value;
    const cut = value.lastIndexOf(",");
    const prefix = cut >= 0 ? value.slice(0, cut + 1) + " " : "";
    const term = value.slice(cut + 1).trim();
    if (term.length < 2) return;
    const url = input.dataset.tagNamesUrl + "?q=" + encodeURIComponent(term);
    fetch(url, { credentials: "same-origin" })
      .then((response) => (response.ok ? response.json() : { tags: [] }))
      .then((data) => {
        list.replaceChildren(...data.tags.map((name) => {
          const option = document.createElement("option");
          option.value = prefix + (name.includes(",") || name.includes(" ") ? '"' + name + '"' : name);
          return option;
        }));
      })
      .catch(() => {});
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(suggest, 200);
  });
});
