// Runs static/js/erased.js against a fake page, localStorage and IndexedDB (node, no browser), for
// tests/test_erasure_tablet.py. Prints the localStorage keys left after loading and after a
// refused request, and the recorder's audio chunk keys left at the end, as JSON.
"use strict";
const fs = require("fs");
const vm = require("vm");

const [script, metaCodes, headerCodes] = process.argv.slice(2);
const store = new Map([
  ["autosave:P01:causes", "{}"], ["autosave:P01:adhoc-1", "{}"], ["notsaved:P01:n1", "{}"],
  ["autosave:P02:causes", "{}"], ["autosave:P010:causes", "{}"], ["other", "x"],
]);
const localStorage = {
  get length() { return store.size; },
  key: (i) => Array.from(store.keys())[i] ?? null,
  removeItem: (key) => store.delete(key),
};
// The recorder's store: "<code>|<segment start>|<segment>|<sequence>" and "refused|<code>|…".
const chunks = new Set(["P01|1|a|0", "refused|P01|1|a|1", "P010|1|b|0", "P02|1|c|0", "P03|1|d|0"]);
const objectStore = {
  delete: ({ lower, upper }) => {
    for (const key of Array.from(chunks)) if (key >= lower && key <= upper) chunks.delete(key);
  },
};
const indexedDB = {
  databases: () => Promise.resolve([{ name: "interview-recording" }]),
  open: () => {
    const request = { result: { transaction: () => ({ objectStore: () => objectStore }) } };
    setImmediate(() => request.onsuccess && request.onsuccess());
    return request;
  },
};
const page = {
  localStorage,
  indexedDB,
  IDBKeyRange: { bound: (lower, upper) => ({ lower, upper }) },
  document: { querySelector: () => ({ getAttribute: () => metaCodes }) },
  fetch: () => Promise.resolve({ headers: { get: (name) => (name === "X-Interview-Erased" ? headerCodes : null) } }),
};
page.window = page;
vm.runInNewContext(fs.readFileSync(script, "utf8"), page);
const afterLoad = Array.from(store.keys());
page.window.fetch("/participants/P02/interview/autosave").then(() => {
  const afterFetch = Array.from(store.keys());
  // Let the fake IndexedDB's requests finish (each answers on the next turn of the event loop).
  setImmediate(() => setImmediate(() => {
    console.log(JSON.stringify({ afterLoad, afterFetch, audio: Array.from(chunks) }));
  }));
});
