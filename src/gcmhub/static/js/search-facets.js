// The search page shows its hits first; this fetches the facet sidebar (counting facets costs more than
// the hits). Without JavaScript, or if the fetch fails, the sidebar's link shows the page with its facets.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-facets-url]").forEach(function (box) {
    box.setAttribute("aria-busy", "true");
    fetch(box.dataset.facetsUrl, { headers: { Accept: "text/html" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("facets: " + response.status);
        }
        return response.text();
      })
      .then(function (html) {
        box.innerHTML = html; // our own server's escaped HTML, from the same origin
      })
      .catch(function () {
        // The fallback link stays.
      })
      .finally(function () {
        box.removeAttribute("aria-busy");
      });
  });
});
