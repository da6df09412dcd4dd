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

// Text diagrams (code blocks drawn with box-drawing characters) cannot wrap like code: each is
// made as small as it must be to fit the column, down to half its size, and fitted again when
// its width changes (a resized window, an opened tab or details block).
(function () {
  "use strict";

  const BOX_DRAWING = /[\u2500-\u257f]/;
  const SMALLEST = 0.5;
  const watching = new WeakSet();

  function fit(code) {
    code.style.fontSize = "";
    const natural = parseFloat(getComputedStyle(code).fontSize);
    for (let step = 0; step < 4 && code.clientWidth > 0; step++) {
      const style = getComputedStyle(code);
      const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
      const room = code.clientWidth - padding;
      const needed = code.scrollWidth - padding;
      if (needed <= room) {
        return;
      }
      const size = parseFloat(style.fontSize) * (room / needed) * 0.99;
      code.style.fontSize = `${Math.max(size, natural * SMALLEST)}px`;
    }
  }

  function fitTextDiagrams() {
    document.querySelectorAll(".md-typeset pre > code").forEach((code) => {
      if (!BOX_DRAWING.test(code.textContent)) {
        return;
      }
      code.classList.add("text-diagram");
      fit(code);
      if (!watching.has(code) && typeof ResizeObserver !== "undefined") {
        watching.add(code);
        let width = code.clientWidth;
        new ResizeObserver(() => {
          if (code.clientWidth !== width) {
            width = code.clientWidth;
            fit(code);
          }
        }).observe(code);
      }
    });
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(fitTextDiagrams);
  } else {
    document.addEventListener("DOMContentLoaded", fitTextDiagrams);
  }
})();
