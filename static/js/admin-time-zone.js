// The admin's date and time fields are in the site's time zone, and each says
// which (its help text). Django's calendar script would add "You are N hours
// behind server time" under each field for an editor elsewhere: a warning
// about nothing they did wrong, which reads as if the times were theirs. The
// warning is all that is turned off: "Now" and "Today" still fill in the
// site's time, as the server's offset on <body> tells the script.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  if (window.DateTimeShortcuts) {
    window.DateTimeShortcuts.addTimezoneWarning = function () {};
  }
});
