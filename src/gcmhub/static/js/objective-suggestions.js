// The submission form suggests GCM objectives as the user writes: 600 ms after the last keystroke in the
// title, summary or description it posts them and shows the ranked list the server returns, and ticks the
// suggested objectives' boxes for the user to confirm. Once the user ticks or unticks an objective, or when
// the form opens with objectives already ticked, the choice is theirs: the list still updates, the boxes no
// longer change. Without JavaScript the form is unchanged.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var form = document.querySelector("form[data-suggest-url]");
  var box = document.getElementById("objective-suggestions");
  if (!form || !box) {
    return;
  }
  var list = box.querySelector("[data-suggestions]");
  var boxes = Array.prototype.slice.call(form.querySelectorAll('input[type="checkbox"][name="objectives"]'));
  var mayTick = !boxes.some(function (input) { return input.checked; });
  var ticked = new Set(); // objectives ticked here, still suggested
  var timer = null;
  var pending = null;

  boxes.forEach(function (input) {
    input.addEventListener("change", function () {
      mayTick = false;
    });
  });

  function applySuggested() {
    if (!mayTick) {
      list.querySelectorAll("[data-ticked-badge]").forEach(function (badge) {
        badge.remove(); // nothing was ticked this time
      });
      return;
    }
    var wanted = new Set();
    list.querySelectorAll("[data-preselect]").forEach(function (item) {
      wanted.add(item.dataset.objective);
    });
    boxes.forEach(function (input) {
      if (wanted.has(input.value) && !input.checked) {
        input.checked = true;
        ticked.add(input.value);
      } else if (!wanted.has(input.value) && ticked.has(input.value)) {
        input.checked = false;
        ticked.delete(input.value);
      }
    });
  }

  function fetchSuggestions() {
    if (pending) {
      pending.abort();
    }
    pending = new AbortController();
    var data = new FormData();
    ["csrfmiddlewaretoken", "title", "summary", "body"].forEach(function (name) {
      var field = form.elements.namedItem(name);
      if (field && "value" in field) {
        data.append(name, field.value);
      }
    });
    box.hidden = false;
    list.setAttribute("aria-busy", "true");
    fetch(form.dataset.suggestUrl, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { Accept: "text/html" },
      signal: pending.signal,
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("suggestions: " + response.status);
        }
        return response.text();
      })
      .then(function (html) {
        list.innerHTML = html; // our own server's escaped HTML, from the same origin
        applySuggested();
      })
      .catch(function () {
        // No suggestions this time; the form works without them.
      })
      .finally(function () {
        list.removeAttribute("aria-busy");
      });
  }

  ["title", "summary", "body"].forEach(function (name) {
    var field = form.elements.namedItem(name);
    if (field && field.addEventListener) {
      field.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(fetchSuggestions, 600);
      });
    }
  });
  var title = form.elements.namedItem("title");
  if (title && title.value) {
    fetchSuggestions(); // an edit form: show what its text suggests
  }
});
