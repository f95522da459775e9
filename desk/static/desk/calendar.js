// The desk's calendar by keyboard: the grid of days is one Tab stop (a roving tabindex, as in the
// WAI-ARIA date grid pattern). Arrow keys move a day (left, right) or a week (up, down), Home and End
// to the week's first and last day; Enter on a day moves into its stories (and its "and N more"
// link), where up and down walk the list and Escape goes back to the day. On a narrow screen,
// where the grid is a list of the days that have stories, every arrow key moves to the previous
// or next day shown.
// Without this script every story link is an ordinary Tab stop.
document.addEventListener("DOMContentLoaded", () => {
  "use strict";

  const table = document.getElementById("calendar");
  if (!table) {
    return;
  }
  const days = [...table.querySelectorAll("td.calendar__day:not(.calendar__day--outside)")];
  if (!days.length) {
    return;
  }
  // A day's links: its stories, then "and N more" where the day has more than it lists.
  const LINKS = ".calendar__story a, .calendar__more a";
  const links = (day) => [...day.querySelectorAll(LINKS)];
  const shown = (day) => day.getClientRects().length > 0;
  const asList = () => getComputedStyle(table).display === "block";

  function activate(day, focus) {
    for (const other of days) {
      other.tabIndex = other === day ? 0 : -1;
    }
    if (focus) {
      day.focus();
    }
  }

  for (const day of days) {
    for (const link of links(day)) {
      link.tabIndex = -1;
    }
  }
  const today = days.find((day) => day.classList.contains("calendar__day--today"));
  activate(today || days.find((day) => links(day).length) || days[0], false);

  // The day `step` days away in the grid (a month has no gaps between its days), or the next shown day
  // in that direction when the grid is a list.
  function target(day, step) {
    const index = days.indexOf(day);
    if (asList()) {
      const direction = Math.sign(step);
      for (let next = index + direction; next >= 0 && next < days.length; next += direction) {
        if (shown(days[next])) {
          return days[next];
        }
      }
      return null;
    }
    return days[index + step] || null;
  }

  function weekEdge(day, last) {
    const row = [...day.parentElement.querySelectorAll("td.calendar__day:not(.calendar__day--outside)")];
    return last ? row[row.length - 1] : row[0];
  }

  function onDay(event, day) {
    const list = asList();
    const moves = {
      ArrowLeft: -1,
      ArrowRight: 1,
      ArrowUp: list ? -1 : -7,
      ArrowDown: list ? 1 : 7,
    };
    let next = null;
    if (event.key in moves) {
      next = target(day, moves[event.key]);
    } else if (event.key === "Home" || event.key === "End") {
      next = weekEdge(day, event.key === "End");
    } else if (event.key === "Enter" || event.key === " ") {
      const first = links(day)[0];
      if (first) {
        first.focus();
      }
    } else {
      return;
    }
    event.preventDefault();
    if (next && next !== day) {
      activate(next, true);
    }
  }

  function onStory(event, day, link) {
    const list = links(day);
    const index = list.indexOf(link);
    if (event.key === "Escape") {
      day.focus();
    } else if (event.key === "ArrowDown" && index < list.length - 1) {
      list[index + 1].focus();
    } else if (event.key === "ArrowUp" && index > 0) {
      list[index - 1].focus();
    } else {
      return; // Enter follows the link
    }
    event.preventDefault();
  }

  table.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey) {
      return;
    }
    const day = event.target.closest("td.calendar__day");
    if (!day || !days.includes(day)) {
      return;
    }
    if (event.target === day) {
      onDay(event, day);
    } else if (event.target.matches(LINKS)) {
      onStory(event, day, event.target);
    }
  });
  // A click on a day makes it the grid's Tab stop.
  table.addEventListener("focusin", (event) => {
    const day = event.target.closest("td.calendar__day");
    if (day && days.includes(day) && day.tabIndex !== 0) {
      activate(day, false);
    }
  });

  const help = document.getElementById("calendar-keys");
  if (help) {
    help.hidden = false;
    table.setAttribute("aria-describedby", help.id);
  }
});
