// The "Go live at" presets. The box is read in the site's time zone, so the presets count from the
// server's clock in that zone (data-now), not from the browser's.
(() => {
  "use strict";
  const pad = (n) => String(n).padStart(2, "0");
  const asInput = (d) =>
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  for (const group of document.querySelectorAll(".schedule-presets[data-target][data-now]")) {
    const input = document.getElementById(group.dataset.target);
    if (!input) continue;
    const now = new Date(`${group.dataset.now}:00Z`);
    const presets = {
      "in-1-hour": () => new Date(now.getTime() + 3600 * 1000),
      "tomorrow-0800": () => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1, 8, 0)),
    };
    for (const button of group.querySelectorAll("button[data-preset]")) {
      const make = presets[button.dataset.preset];
      if (!make) continue;
      button.hidden = false;
      button.addEventListener("click", () => {
        input.value = asInput(make());
        input.dispatchEvent(new Event("change", { bubbles: true }));
      });
    }
  }
})();
