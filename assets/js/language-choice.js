// Root page: highlight the visitor's preferred language from navigator.languages.
// It only marks a link; it never redirects, so there is nothing to loop.
(function () {
  var links = document.querySelectorAll(".language-choice a[data-match]");
  var wanted = navigator.languages || [navigator.language || ""];
  for (var i = 0; i < wanted.length; i++) {
    var tag = String(wanted[i]).toLowerCase();
    for (var j = 0; j < links.length; j++) {
      var codes = links[j].getAttribute("data-match").split(" ");
      if (codes.indexOf(tag) >= 0 || codes.indexOf(tag.split("-")[0]) >= 0) {
        for (var k = 0; k < links.length; k++) links[k].parentNode.classList.remove("suggested");
        links[j].parentNode.classList.add("suggested", "preferred");
        return;
      }
    }
  }
})();
