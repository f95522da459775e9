// Galleries: each picture opens a larger view in a native <dialog> (Escape closes it, focus stays
// inside, arrow keys and buttons move between pictures). Without this script the grid remains.
(function () {
  "use strict";
  var galleries = document.querySelectorAll("figure.gallery");
  if (!galleries.length || typeof HTMLDialogElement === "undefined") return;

  var dialog = document.createElement("dialog");
  dialog.className = "gallery-viewer";
  dialog.id = "gallery-viewer";
  dialog.setAttribute("aria-label", "Larger view");
  dialog.innerHTML =
    '<figure class="gallery-viewer__figure"><div class="gallery-viewer__media"></div><figcaption class="gallery-viewer__caption"></figcaption></figure>' +
    '<p class="gallery-viewer__count" aria-live="polite"></p>' +
    '<div class="gallery-viewer__controls">' +
    '<button type="button" class="gallery-viewer__prev">Previous</button>' +
    '<button type="button" class="gallery-viewer__next">Next</button>' +
    '<button type="button" class="gallery-viewer__close">Close</button></div>';
  document.body.appendChild(dialog);
  var media = dialog.querySelector(".gallery-viewer__media");
  var caption = dialog.querySelector(".gallery-viewer__caption");
  var count = dialog.querySelector(".gallery-viewer__count");
  var items = [];
  var index = 0;
  var opener = null;

  function show(position) {
    index = (position + items.length) % items.length;
    var item = items[index];
    var picture = item.querySelector("picture, img").cloneNode(true);
    picture.querySelectorAll("img, source").forEach(function (node) {
      if (node.hasAttribute("sizes")) node.setAttribute("sizes", "90vw");
      if (node.tagName === "IMG") node.loading = "eager";
    });
    media.replaceChildren(picture);
    var text = item.querySelector("figcaption");
    caption.innerHTML = text ? text.innerHTML : "";
    count.textContent = "Picture " + (index + 1) + " of " + items.length;
  }

  galleries.forEach(function (gallery) {
    gallery.querySelectorAll(".gallery__figure").forEach(function (figure) {
      var image = figure.querySelector("img");
      if (!image) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "gallery__open";
      button.setAttribute("aria-label", "View larger: " + (image.getAttribute("alt") || "picture"));
      var content = figure.querySelector("picture") || image;
      content.replaceWith(button);
      button.appendChild(content);
      button.addEventListener("click", function () {
        items = Array.prototype.slice.call(gallery.querySelectorAll(".gallery__figure"));
        opener = button;
        show(items.indexOf(figure));
        dialog.showModal();
        dialog.querySelector(".gallery-viewer__close").focus();
      });
    });
  });

  dialog.querySelector(".gallery-viewer__prev").addEventListener("click", function () { show(index - 1); });
  dialog.querySelector(".gallery-viewer__next").addEventListener("click", function () { show(index + 1); });
  dialog.querySelector(".gallery-viewer__close").addEventListener("click", function () { dialog.close(); });
  dialog.addEventListener("keydown", function (event) {
    if (event.key === "ArrowLeft") show(index - 1);
    else if (event.key === "ArrowRight") show(index + 1);
  });
  dialog.addEventListener("close", function () { if (opener) opener.focus(); });
})();
