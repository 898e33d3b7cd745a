// Directory filters: narrow the list as the selects change, and keep the
// state in the URL query (?country=BE&theme=offshore-wind) so it can be
// shared and reloaded. Without this script the whole list stays visible.
(function () {
  "use strict";
  var form = document.querySelector("form.directory-filters");
  if (!form) { return; }
  var names = ["country", "type", "ecosystem", "theme"];
  // Which data-* attribute of a list item each filter reads; plural ones hold space-separated ids.
  var fields = { country: "country", type: "type", ecosystem: "ecosystems", theme: "themes" };
  var items = Array.prototype.slice.call(document.querySelectorAll("li.directory-item"));
  var count = document.querySelector(".directory-count");
  var numbers = new Intl.NumberFormat(document.documentElement.lang || undefined);

  function selected() {
    var state = {};
    names.forEach(function (name) {
      var select = form.elements[name];
      if (select && select.value) { state[name] = select.value; }
    });
    return state;
  }

  function matches(item, state) {
    return Object.keys(state).every(function (name) {
      var value = item.getAttribute("data-" + fields[name]) || "";
      return value.split(" ").indexOf(state[name]) !== -1;
    });
  }

  function apply() {
    var state = selected();
    var shown = 0;
    items.forEach(function (item) {
      var visible = matches(item, state);
      item.hidden = !visible;
      if (visible) { shown += 1; }
    });
    if (count && count.getAttribute("data-template")) {
      count.textContent = count.getAttribute("data-template")
        .replace("{shown}", numbers.format(shown)).replace("{total}", numbers.format(items.length));
    }
    return state;
  }

  function writeUrl(state) {
    var params = new URLSearchParams(window.location.search);
    names.forEach(function (name) {
      if (state[name]) { params.set(name, state[name]); } else { params.delete(name); }
    });
    var query = params.toString();
    window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
  }

  function readUrl() {
    var params = new URLSearchParams(window.location.search);
    names.forEach(function (name) {
      var select = form.elements[name];
      var value = params.get(name);
      var known = select && Array.prototype.some.call(select.options, function (o) { return o.value === value; });
      if (select) { select.value = known ? value : ""; }
    });
  }

  form.addEventListener("change", function () { writeUrl(apply()); });
  form.addEventListener("submit", function (event) { event.preventDefault(); writeUrl(apply()); });
  window.addEventListener("popstate", function () { readUrl(); apply(); });
  readUrl();
  apply();
}());
