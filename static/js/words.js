// The words of the page's scripts, in the page's language (interview/script_words.py): from the
// page's #script-words ({group: {name: word}}), or added later by a script that loads on demand
// (word.add). A word with a count has a form per plural category: Intl.PluralRules picks it
// (Slovenian has four). word("autosave.offline", { n: 3 }).
(function () {
  "use strict";
  var el = document.getElementById("script-words"), words = el ? JSON.parse(el.textContent) : {};
  var rules = new Intl.PluralRules(document.documentElement.lang);
  function word(name, values) {
    var at = name.split("."), text = (words[at[0]] || {})[at[1]];
    values = values || {};
    if (text && typeof text === "object") text = text[rules.select(+values.n)] || text.other;
    return String(text || name).replace(/\{(\w+)\}/g, function (all, key) { return key in values ? values[key] : all; });
  }
  word.add = function (group, more) { words[group] = more; };
  window.word = word;
})();
