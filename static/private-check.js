// Private check on the bulk page (progressive enhancement: without it the form works as is).
// The IDs in the text box are hashed here (SHA-256 of each 11-character ID, Web Crypto); only
// the first 5 hex digits of each hash are sent, to GET /api/v1/range/<prefix> on this site,
// and the answers are matched against the full hashes here. docs/api.md says what that hides
// and what it does not.
(function () {
  "use strict";
  var B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  var LINK = /(?:youtube(?:-nocookie)?\.com\/(?:watch\?(?:[^#\s]*&)?v=|shorts\/|embed\/|live\/|v\/|e\/)|youtu\.be\/)([A-Za-z0-9_-]{11})(?![A-Za-z0-9_-])/;
  var BARE = /^[A-Za-z0-9_-]{11}$/;
  var PARALLEL = 6;
  // The page's words, translated (data-messages, web/i18n.py), and its language for numbers.
  var T = {}, LANG = "en";

  function fill(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (_, name) { return values[name]; });
  }

  function num(n) { return n.toLocaleString(LANG); }

  function plural(n, key) { return fill(T[key][n === 1 ? 0 : 1], {num: num(n)}); }

  function isWord(token) {  // as lookup.ids.is_word: "Description" is a word, not an ID
    return /^[A-Za-z]+$/.test(token) && (token === token.toLowerCase() ||
      token === token.toUpperCase() || token === token[0] + token.slice(1).toLowerCase());
  }

  function canonical(id) {  // the last symbol's two low bits carry nothing (lookup.ids)
    return id.slice(0, 10) + B64[B64.indexOf(id[10]) & ~3];
  }

  // Video IDs in the text, in order, once each; and the pieces that were not read as one.
  function readIds(text, limit) {
    var ids = [], seen = {}, unread = [];
    text.split(/[\s,;]+/).forEach(function (piece) {
      if (!piece) return;
      var link = LINK.exec(piece);
      var id = link ? link[1] : (BARE.test(piece) && !isWord(piece) ? piece : null);
      if (!id) { unread.push(piece); return; }
      id = canonical(id);
      if (!seen[id] && ids.length < limit) { seen[id] = true; ids.push(id); }
    });
    return {ids: ids, unread: unread};
  }

  function sha256Hex(text) {
    return crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)).then(function (buf) {
      return Array.prototype.map.call(new Uint8Array(buf), function (b) {
        return (b < 16 ? "0" : "") + b.toString(16);
      }).join("");
    });
  }

  // A busy or rate-limited site (429, 503 with Retry-After) is asked again after the wait it
  // names, a few times; a long list sends one request per distinct prefix.
  function getJson(url, retries) {
    retries = retries === undefined ? 4 : retries;
    return fetch(url, {headers: {Accept: "application/json"}, credentials: "same-origin"})
      .then(function (response) {
        var wait = Number(response.headers.get("Retry-After"));
        if ((response.status === 429 || response.status === 503) && wait > 0 && wait <= 60 &&
            retries > 0) {
          return new Promise(function (resolve) { setTimeout(resolve, wait * 1000); })
            .then(function () { return getJson(url, retries - 1); });
        }
        if (!response.ok) throw new Error(fill(T.answered, {status: response.status}));
        return response.json();
      });
  }

  // Fetch every range, PARALLEL at a time; onDone(count) after each.
  function fetchRanges(base, prefixes, onDone) {
    var answers = {}, next = 0, done = 0;
    function worker() {
      if (next >= prefixes.length) return Promise.resolve();
      var prefix = prefixes[next++];
      return getJson(base + prefix).then(function (body) {
        answers[prefix] = body;
        onDone(++done);
        return worker();
      });
    }
    var workers = [];
    for (var i = 0; i < Math.min(PARALLEL, prefixes.length); i++) workers.push(worker());
    return Promise.all(workers).then(function () { return answers; });
  }

  function el(tag, text, attrs) {
    var node = document.createElement(tag);
    if (text != null) node.textContent = text;
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }

  function render(box, ids, found, unread, info, names) {
    var out = box.querySelector("#private-results");
    out.textContent = "";
    var foundIds = ids.filter(function (id) { return found[id]; });
    out.appendChild(el("h2", fill(T.found, {found: num(foundIds.length),
      total: plural(ids.length, "videos")}), {id: "private-title"}));
    var against = plural(info.checked.length, "datasets");
    out.appendChild(el("p", info.snapshot ?
      fill(T.checked_as_of, {datasets: against, day: info.snapshot.slice(0, 10)}) :
      fill(T.checked, {datasets: against}), {"class": "muted"}));
    if (foundIds.length) {
      var table = el("table", null, {"class": "private-table"});
      var head = table.appendChild(el("thead")).appendChild(el("tr"));
      head.appendChild(el("th", T.video, {scope: "col"}));
      head.appendChild(el("th", T.datasets_clips, {scope: "col"}));
      var body = table.appendChild(el("tbody"));
      foundIds.forEach(function (id) {
        var row = body.appendChild(el("tr"));
        var cell = row.appendChild(el("th", null, {scope: "row"}));
        cell.appendChild(el("a", id, {href: box.dataset.videoUrl.replace("VIDEO_ID", id)}))
          .classList.add("hash");
        row.appendChild(el("td", found[id].map(function (d) {
          return (names[d.dataset] || d.dataset) + " (" + num(d.clip_count) + ")";
        }).join(", ")));
      });
      var scroll = out.appendChild(el("div", null, {"class": "table-scroll"}));
      scroll.appendChild(table);
      out.appendChild(el("p", T.opening, {"class": "help"}));
    }
    var missing = ids.filter(function (id) { return !found[id]; });
    if (missing.length) list(out, fill(T.not_found, {videos: plural(missing.length, "videos")}), missing);
    if (unread.length) list(out, plural(unread.length, "unread"), unread.slice(0, 200));
    out.focus();
  }

  function list(parent, title, items) {
    var details = parent.appendChild(el("details"));
    details.appendChild(el("summary", title));
    var ul = details.appendChild(el("ul", null, {"class": "private-list"}));
    items.slice(0, 1000).forEach(function (item) { ul.appendChild(el("li")).appendChild(el("code", item)); });
  }

  function run(box, button) {
    var status = box.querySelector("#private-status");
    var read = readIds(document.getElementById("ids").value, Number(box.dataset.limit));
    box.querySelector("#private-results").textContent = "";
    if (!read.ids.length) {
      status.textContent = T.none + (document.getElementById("file").value ? " " + T.file : "");
      return;
    }
    button.disabled = true;
    status.textContent = fill(T.hashing, {ids: plural(read.ids.length, "ids")});
    var hashes = {}, names = {};
    var named = getJson(box.dataset.datasetsUrl, 0).then(function (body) {
      body.datasets.forEach(function (d) { names[d.slug] = d.name; });
    }, function () { /* slugs stand in for names */ });
    Promise.all(read.ids.map(sha256Hex)).then(function (digests) {
      var prefixes = {};
      read.ids.forEach(function (id, i) { hashes[id] = digests[i]; prefixes[digests[i].slice(0, 5)] = true; });
      var list = Object.keys(prefixes).sort();
      return fetchRanges(box.dataset.rangeUrl, list, function (done) {
        status.textContent = fill(T.checking, {done: num(done), ranges: plural(list.length, "ranges")});
      });
    }).then(function (answers) {
      var byHash = {}, info = null;
      Object.keys(answers).forEach(function (prefix) {
        info = info || answers[prefix];
        answers[prefix].videos.forEach(function (v) { byHash[v.sha256] = v.datasets; });
      });
      var found = {};
      read.ids.forEach(function (id) { if (byHash[hashes[id]]) found[id] = byHash[hashes[id]]; });
      return named.then(function () {
        status.textContent = "";
        render(box, read.ids, found, read.unread, info, names);
      });
    }).catch(function (error) {
      status.textContent = fill(T.failed, {error: error.message});
    }).then(function () { button.disabled = false; });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var box = document.getElementById("private-check");
    var button = document.getElementById("private-run");
    if (box) {
      T = JSON.parse(box.dataset.messages || "{}");
      LANG = box.dataset.lang || "en";
    }
    // Web Crypto exists only in secure contexts (https, or this machine's own address).
    if (!box || !button || !window.crypto || !crypto.subtle || !window.fetch ||
        !window.TextEncoder || !window.Promise) return;
    box.hidden = false;
    button.hidden = false;
    button.addEventListener("click", function () { run(box, button); });
  });
})();
