// newsledger pages: small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  // Article page: clicking a highlighted claim shows its row in the claims table, and back.
  var text = document.getElementById("text");
  if (text) {
    var clear = function () {
      document.querySelectorAll(".active").forEach(function (el) { el.classList.remove("active"); });
    };
    text.addEventListener("click", function (event) {
      var mark = event.target.closest("mark.claim");
      if (!mark) return;
      clear();
      var first = mark.dataset.claims.split(" ")[0];
      var row = document.querySelector('tr.claim-row[data-claim="' + CSS.escape(first) + '"]');
      document.querySelectorAll("mark.claim").forEach(function (m) {
        if (m.dataset.claims.split(" ").indexOf(first) >= 0) m.classList.add("active");
      });
      if (row) { row.classList.add("active"); row.scrollIntoView({ block: "center", behavior: "smooth" }); }
    });
    document.querySelectorAll("tr.claim-row").forEach(function (row) {
      row.addEventListener("click", function () {
        clear();
        row.classList.add("active");
        var id = row.dataset.claim, first = null;
        document.querySelectorAll("mark.claim").forEach(function (m) {
          if (m.dataset.claims.split(" ").indexOf(id) >= 0) { m.classList.add("active"); first = first || m; }
        });
        if (first) first.scrollIntoView({ block: "center", behavior: "smooth" });
      });
    });
  }
  // Filter forms and the view picker: apply a choice at once.
  document.querySelectorAll(".view-picker select, form.filters select").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
})();
