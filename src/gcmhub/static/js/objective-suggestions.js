// The submission form suggests GCM objectives and guiding principles as the user writes: 600 ms after the last
// keystroke in the title, summary or description it posts them and shows the ranked list the server returns,
// and ticks the suggested objectives' and supported principles' boxes for the user to confirm. Once the user
// ticks or unticks an objective (or a principle), or when the form opens with some already ticked, that group
// of boxes is theirs: the list still updates, those boxes no longer change. Without JavaScript the form is
// unchanged.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var form = document.querySelector("form[data-suggest-url]");
  var box = document.getElementById("objective-suggestions");
  if (!form || !box) {
    return;
  }
  var list = box.querySelector("[data-suggestions]");
  var timer = null;
  var pending = null;

  // One group of checkboxes (objectives, or guiding principles) that the suggestions may tick.
  function tickable(name, attribute) {
    var boxes = Array.prototype.slice.call(form.querySelectorAll('input[type="checkbox"][name="' + name + '"]'));
    var group = { mayTick: !boxes.some(function (input) { return input.checked; }) };
    var ticked = new Set(); // boxes ticked here, still suggested
    boxes.forEach(function (input) {
      input.addEventListener("change", function () {
        group.mayTick = false;
      });
    });
    group.apply = function () {
      var items = list.querySelectorAll("[data-" + attribute + "]");
      if (!group.mayTick) {
        items.forEach(function (item) {
          var badge = item.querySelector("[data-ticked-badge]");
          if (badge) {
            badge.remove(); // nothing was ticked this time
          }
        });
        return;
      }
      var wanted = new Set();
      items.forEach(function (item) {
        if ("preselect" in item.dataset) {
          wanted.add(item.dataset[attribute]);
        }
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
    };
    return group;
  }

  var groups = [tickable("objectives", "objective"), tickable("principles", "principle")];

  function applySuggested() {
    groups.forEach(function (group) {
      group.apply();
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
