// The image picker window: choosing a picture hands its address, alt text and caption to the
// body editor's figure dialog that opened this window, then closes it.
(function () {
  "use strict";
  var picker = document.getElementById("image-picker");
  if (!picker) return;
  var callback = picker.getAttribute("data-callback");

  function handBack(button) {
    var opener = window.opener;
    var tools = opener && opener.CKEDITOR && opener.CKEDITOR.tools;
    if (!tools || typeof tools.callFunction !== "function") {
      document.getElementById("image-picker-no-editor").hidden = false;
      return;
    }
    tools.callFunction(callback, button.getAttribute("data-url"), {
      id: button.getAttribute("data-id"),
      alternative_text: button.getAttribute("data-alt"),
      caption: button.getAttribute("data-caption"),
    });
    window.close();
  }

  picker.addEventListener("click", function (event) {
    var button = event.target.closest(".image-picker__choose");
    if (button) handBack(button);
  });
  var uploaded = picker.querySelector(".image-picker__choose[data-insert-now]");
  if (uploaded) handBack(uploaded);
})();
