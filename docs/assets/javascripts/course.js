// "This week" on the schedule and the home page. The site is built once and read for months,
// so the reader's browser decides which week it is. `?today=2026-01-21` previews another day.
(function () {
  "use strict";

  function isoDay(date) {
    const pad = (n) => String(n).padStart(2, "0");
    return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  }

  function today() {
    const asked = new URLSearchParams(window.location.search).get("today");
    return asked && /^\d{4}-\d{2}-\d{2}$/.test(asked) ? asked : isoDay(new Date());
  }

  function markThisWeek() {
    const day = today();
    // ISO dates compare correctly as strings.
    const cards = Array.from(document.querySelectorAll(".schedule-week[data-start]"));
    const current = cards.find((card) => card.dataset.start <= day && day <= card.dataset.end);
    cards.forEach((card) => card.classList.toggle("is-current", card === current));

    const home = document.querySelector(".this-week-cards");
    if (home) {
      let shown = current && home.contains(current) ? current : null;
      if (!shown) {
        const dated = cards.filter((card) => home.contains(card));
        const first = dated.length ? dated[0].dataset.start : "";
        shown = home.querySelector(day < first ? ".schedule-before" : ".schedule-after");
      }
      if (shown) {
        shown.classList.add("is-shown");
      }
      return;
    }
    if (current) {
      current.id = current.id || "this-week";
      const jump = document.querySelector(".schedule-jump");
      if (jump) {
        jump.hidden = false;
        jump.querySelector("a").setAttribute("href", `#${current.id}`);
      }
    }
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(markThisWeek); // Material's page-load stream
  } else {
    document.addEventListener("DOMContentLoaded", markThisWeek);
  }
})();
