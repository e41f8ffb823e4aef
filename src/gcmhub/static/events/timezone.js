// Tell the server the browser's time zone (a cookie), and show this page in it if it fell back to UTC.
(function () {
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!zone || document.cookie.indexOf("tz=") !== -1) return;
  document.cookie = "tz=" + encodeURIComponent(zone) + "; path=/; max-age=31536000; samesite=lax";
  var form = document.getElementById("zone-form");
  if (form && form.dataset.zone === "UTC" && zone !== "UTC") window.location.reload();
})();
