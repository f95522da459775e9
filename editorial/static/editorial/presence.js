// "Being edited by": tell the server every 20 s that this change form is open, and show who
// else has it open. Same-origin, no inline script; the URL comes from the form's version field.
// Started once the page is parsed: the admin loads form media in <head>, before the form exists.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  const version = document.querySelector("input[name='editorial_version'][data-presence-url]");
  if (!version || !window.fetch) return;
  const url = version.dataset.presenceUrl;
  const form = version.form;
  const token = form && form.querySelector("input[name='csrfmiddlewaretoken']");
  if (!token) return;

  function notice() {
    let item = document.querySelector(".editorial-presence");
    if (item) return item;
    let list = document.querySelector("ul.messagelist");
    if (!list) {
      list = document.createElement("ul");
      list.className = "messagelist";
      const content = document.getElementById("content") || document.body;
      content.parentNode.insertBefore(list, content);
    }
    item = document.createElement("li");
    item.className = "warning editorial-presence";
    item.setAttribute("role", "status");
    list.appendChild(item);
    return item;
  }

  function show(text) {
    const existing = document.querySelector(".editorial-presence");
    if (!text) {
      if (existing) existing.remove();
      return;
    }
    notice().textContent = text;
  }

  function body(extra) {
    const data = new FormData();
    data.append("csrfmiddlewaretoken", token.value);
    if (extra) data.append(extra, "1");
    return data;
  }

  function ping() {
    fetch(url, { method: "POST", body: body(), credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then((response) => (response.ok ? response.json() : null))
      .then((data) => { if (data) show(data.text); })
      .catch(() => {});
  }

  setInterval(ping, 20000);
  window.addEventListener("pagehide", () => {
    if (navigator.sendBeacon) navigator.sendBeacon(url, body("gone"));
  });
});
