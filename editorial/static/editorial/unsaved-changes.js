// Warns before leaving the article form with edits that were not saved. Submitting the form is not leaving:
// every button in it saves first (the workflow buttons, "Save and make a preview link").
(() => {
  "use strict";
  const form = document.getElementById("article_form");
  if (!form) return;
  let edited = false;
  let submitting = false;
  const markEdited = () => {
    edited = true;
  };
  form.addEventListener("input", markEdited);
  form.addEventListener("change", markEdited);
  form.addEventListener("submit", () => {
    submitting = true;
  });
  window.addEventListener("pageshow", () => {
    submitting = false;
  });
  window.addEventListener("beforeunload", (event) => {
    if (edited && !submitting) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
