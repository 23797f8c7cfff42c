// Progressive enhancement only: without this file the progress page reloads itself
// (<noscript> meta refresh). With it, the bar moves in place by polling the job's JSON,
// and the result page is loaded once the listing has finished.
(function () {
  "use strict";

  function number(n) {
    return Number(n).toLocaleString("en-US");
  }

  function describe(job) {
    if (job.total) return "Listing uploads… " + number(job.listed) + " of " + number(job.total) + " videos";
    if (job.listed) return "Listing uploads… " + number(job.listed) + " videos so far";
    return "Listing uploads…";
  }

  function watch(box) {
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
