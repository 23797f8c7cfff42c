// Progressive enhancement only: without this file the progress page reloads itself
// (<noscript> meta refresh). With it, the bar moves in place by polling the job's JSON,
// and the result page is loaded once the listing has finished.
(function () {
  "use strict";

  // The page hands over its words, translated, in data-messages (web/i18n.py).
  function words(box) {
    var messages = JSON.parse(box.dataset.messages || "{}");
    var lang = box.dataset.lang || "en";
    function number(n) { return Number(n).toLocaleString(lang); }
    function fill(text, values) {
      return text.replace(/%\((\w+)\)s/g, function (_, name) { return values[name]; });
    }
    return function describe(job) {
      if (job.total) return fill(messages.total, {listed: number(job.listed), total: number(job.total)});
      if (job.listed) return fill(messages.listed, {listed: number(job.listed)});
      return messages.start;
    };
  }

  function watch(box) {
    var describe = words(box);
    var bar = box.querySelector("progress");
    var label = box.querySelector(".progress-text");
    var done = box.dataset.done;
    var misses = 0;

    function finish() {
      window.location.replace(done);
    }

    function show(job) {
      if (job.state === "done" || job.state === "failed") return finish();
      if (job.total) {
        bar.max = job.total;
        bar.value = Math.min(job.listed, job.total);
      }
      label.textContent = describe(job);
      window.setTimeout(tick, 500);
    }

    function tick() {
      fetch(box.dataset.poll, {headers: {Accept: "application/json"}, cache: "no-store"})
        .then(function (response) {
          // 404: the job expired or ran on another host; the page knows what to do.
          if (response.status === 404) return finish();
          if (!response.ok) throw new Error("HTTP " + response.status);
          misses = 0;
          return response.json().then(show);
        })
        .catch(function () {
          misses += 1;
          if (misses > 5) return finish();
          window.setTimeout(tick, 2000);
        });
    }

    window.setTimeout(tick, 300);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".progress[data-poll]").forEach(watch);
  });
})();
