// The transcript's list of questions is collapsed (<details>) so that on a phone
// the transcript comes first; where there is room beside the transcript, it opens.
// Progressive enhancement only: without JavaScript it is one click away.
(function () {
  "use strict";
  var wide = window.matchMedia("(min-width: 76rem)");
  if (!wide.matches) return;
  document.querySelectorAll("details[data-open-when-wide]").forEach(function (details) {
    details.open = true;
  });
})();
