// Turns the search page's list of sections into Pagefind's search box.
// Pagefind picks the index of the page's <html lang>, so results stay in the visitor's language.
// A large language is indexed in several bundles; shards.json, beside the first, names the others.
(function () {
  "use strict";
  var box = document.getElementById("search");
  if (!box || typeof window.PagefindUI !== "function") return;

  function start(others) {
    var folder = box.dataset.bundle.replace(/[^/]+\/$/, "");
    box.querySelectorAll(".search-needs-js").forEach(function (el) { el.remove(); });
    new window.PagefindUI({
      element: "#search", showSubResults: true, resetStyles: false,
      mergeIndex: others.map(function (name) { return { bundlePath: folder + name + "/" }; })
    });
    var input = box.querySelector("input");
    if (input && box.dataset.searchLabel) input.setAttribute("aria-label", box.dataset.searchLabel);
    var query = new URLSearchParams(window.location.search).get("q");
    if (query && input) {
      input.value = query;
      input.dispatchEvent(new Event("input", { bubbles: true }));
    }
  }

  fetch(box.dataset.bundle + "shards.json")
    .then(function (response) { return response.ok ? response.json() : []; })
    .catch(function () { return []; })
    .then(function (others) { start(Array.isArray(others) ? others : []); });
}());
