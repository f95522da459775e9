// Focal-point picker for the image admin: click the picture, the two coordinate fields fill in.
// A plain script file (no inline code, so the admin's Content-Security-Policy holds).
(function () {
  "use strict";

  function setup(picker) {
    var image = picker.querySelector("img");
    var marker = picker.querySelector(".focal-picker__marker");
    var inputX = document.getElementById(picker.dataset.focalX);
    var inputY = document.getElementById(picker.dataset.focalY);
    if (!image || !marker || !inputX || !inputY) {
      return;
    }

    function showMarker() {
      var x = parseFloat(inputX.value);
      var y = parseFloat(inputY.value);
      if (isNaN(x) || isNaN(y)) {
        marker.hidden = true;
        return;
      }
      marker.style.left = (Math.min(Math.max(x, 0), 1) * 100) + "%";
      marker.style.top = (Math.min(Math.max(y, 0), 1) * 100) + "%";
      marker.hidden = false;
    }

    image.addEventListener("click", function (event) {
      var box = image.getBoundingClientRect();
      var x = (event.clientX - box.left) / box.width;
      var y = (event.clientY - box.top) / box.height;
      inputX.value = Math.min(Math.max(x, 0), 1).toFixed(3);
      inputY.value = Math.min(Math.max(y, 0), 1).toFixed(3);
      showMarker();
    });
    inputX.addEventListener("input", showMarker);
    inputY.addEventListener("input", showMarker);
    showMarker();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".focal-picker").forEach(setup);
  });
})();
