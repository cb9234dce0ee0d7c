// lvv-publish: the version selector keeps the reader on the same page.
//
// Material's selector (provider: mike) looks the page up in the chosen version's
// sitemap.xml, which needs absolute URLs, so without a site_url it always jumps to that
// version's home. Here a click on a version link (mouse, or Enter on the focused link) asks
// the chosen version, on this same site, whether it has the page: if so it goes there,
// otherwise to that version's home. Only same-origin requests are made.
(function () {
  "use strict";

  // The root of the version being read, e.g. http://host/lvv/15/ (from the theme's config,
  // whose base is relative to the page, or an absolute path on an error page).
  function currentRoot() {
    var config = document.getElementById("__config");
    if (!config) return null;
    var base = JSON.parse(config.textContent).base;
    var root = new URL(base, location.href);
    if (!/\/$/.test(root.pathname)) root.pathname += "/";
    return root;
  }

  function exists(url) {
    return fetch(url, { method: "HEAD", cache: "no-cache" }).then(function (response) {
      // A server that does not answer HEAD gets the question once more as a GET.
      if (response.status === 405 || response.status === 501) {
        return fetch(url, { cache: "no-cache" }).then(function (r) { return r.ok; });
      }
      return response.ok;
    });
  }

  function target(link) {
    var home = new URL(link.href);
    var root = currentRoot();
    // On an error page there is no "same page" to look for.
    if (document.querySelector("[data-lvv-not-found]")) return Promise.resolve(home);
    if (!root || home.origin !== location.origin || location.pathname.indexOf(root.pathname) !== 0) {
      return Promise.resolve(home);
    }
    var same = new URL(location.pathname.slice(root.pathname.length), home);
    if (same.href === home.href) return Promise.resolve(home);
    return exists(same.href).then(
      function (found) {
        if (!found) return home;
        same.search = location.search;
        same.hash = location.hash;
        return same;
      },
      function () { return home; }
    );
  }

  // Capture phase on the document: runs before the theme's own handler on <body>, which
  // would otherwise send the reader to the other version's home.
  document.addEventListener(
    "click",
    function (event) {
      if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
        return; // a new tab or window: the browser follows the link to the version's home
      }
      var link = event.target instanceof Element && event.target.closest(".md-version__link");
      if (!link || link.target) return;
      event.preventDefault();
      event.stopPropagation();
      target(link).then(function (url) { location.href = url.href; });
    },
    true
  );
})();
