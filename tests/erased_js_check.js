// Runs static/js/erased.js against a fake page and localStorage (node, no browser), for
// tests/test_erasure_tablet.py. Prints the localStorage keys left after each step as JSON.
"use strict";
const fs = require("fs");
const vm = require("vm");

const [script, metaCodes, headerCodes] = process.argv.slice(2);
const store = new Map([
  ["autosave:P01:causes", "{}"], ["autosave:P01:adhoc-1", "{}"],
  ["autosave:P02:causes", "{}"], ["autosave:P010:causes", "{}"], ["other", "x"],
]);
const localStorage = {
  get length() { return store.size; },
  key: (i) => Array.from(store.keys())[i] ?? null,
  removeItem: (key) => store.delete(key),
};
const page = {
  localStorage,
  document: { querySelector: () => ({ getAttribute: () => metaCodes }) },
  fetch: () => Promise.resolve({ headers: { get: (name) => (name === "X-Interview-Erased" ? headerCodes : null) } }),
};
page.window = page;
vm.runInNewContext(fs.readFileSync(script, "utf8"), page);
const afterLoad = Array.from(store.keys());
page.window.fetch("/participants/P02/interview/autosave").then(() => {
  console.log(JSON.stringify({ afterLoad, afterFetch: Array.from(store.keys()) }));
});
