// Copy buttons for permanent links and citations. Progressive enhancement only:
// without JavaScript (or without clipboard access) the link is a plain link and
// the citations are text to select.
(function () {
  "use strict";
  if (!navigator.clipboard || !window.isSecureContext) return;

  var status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  document.body.appendChild(status);

  function copyButton(label, accessibleName, text) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy-button";
    button.textContent = label;
    button.setAttribute("aria-label", accessibleName);
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(text()).then(function () {
        button.textContent = "Copied";
        status.textContent = accessibleName.replace(/^Copy/, "Copied");
        setTimeout(function () { button.textContent = label; }, 2000);
      }, function () {
        status.textContent = "Copying failed: select the text and copy it by hand.";
      });
    });
    return button;
  }

  document.querySelectorAll("a[data-copy-link]").forEach(function (link) {
    link.after(copyButton("Copy link", "Copy link", function () { return link.href; }));
  });

  document.querySelectorAll("[data-copy-citation]").forEach(function (citation) {
    var style = citation.getAttribute("data-copy-citation");
    citation.after(copyButton("Copy", "Copy " + style + " citation", function () {
      return citation.textContent.trim();
    }));
  });
})();
