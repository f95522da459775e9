// Under the article's slug, the address the story will have, kept up to date as the slug (or the
// title it is made from) is typed. The address pattern comes from the field's data-address.
document.addEventListener("DOMContentLoaded", () => {
  "use strict";
  const slug = document.querySelector("input[name='slug'][data-address][data-placeholder]");
  if (!slug) return;
  const shown = document.createElement("p");
  shown.id = "slug-address";
  shown.className = "help";
  shown.setAttribute("aria-live", "polite");
  slug.closest(".form-row, .fieldBox, div").append(shown);
  const update = () => {
    const value = slug.value.trim();
    shown.textContent = value
      ? `Address: ${slug.dataset.address.replace(slug.dataset.placeholder, value)}`
      : "Address: type a slug (it is made from the title) to see the story's address.";
  };
  // Django's prepopulate fills the slug from the title without an input event on the slug itself.
  for (const source of [slug, document.querySelector("input[name='title']")]) {
    if (source) source.addEventListener("input", () => window.setTimeout(update, 0));
  }
  slug.addEventListener("change", update);
  update();
});
