// The shared corpus's rules for the JS tests, the same as the Rust tests'
// (core/tests/support/corpus.rs): the corpus is $SHIPSHAPE_CORPUS, else ../shared/corpus beside
// the clone; when it or a kind folder a test needs is missing, the test fails under
// SHIPSHAPE_REQUIRE_CORPUS and is otherwise skipped with a note; a test asserts how many files it
// read per kind folder, with the minimums of core/tests/support/corpus_minimums.txt.

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "./helpers.js";

export const CORPUS = path.resolve(REPO_ROOT, process.env.SHIPSHAPE_CORPUS || "../shared/corpus");
export const CORPUS_REQUIRED = process.env.SHIPSHAPE_REQUIRE_CORPUS !== undefined;
export const KIND_FOLDERS = ["compose", "dockerfile", "helm-templates", "k8s"];

const MINIMUMS = new Map(
  fs
    .readFileSync(path.join(REPO_ROOT, "core", "tests", "support", "corpus_minimums.txt"), "utf8")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"))
    .map((line) => {
      const [folder, minimum] = line.split(/\s+/);
      return [folder, Number(minimum)];
    }),
);

/** What is missing of the corpus and `folders` (a sentence), or null when all is there. */
export function corpusMissing(folders) {
  if (!fs.statSync(CORPUS, { throwIfNoEntry: false })?.isDirectory()) return `corpus ${CORPUS} not found (set SHIPSHAPE_CORPUS)`;
  const missing = folders.filter((folder) => !fs.statSync(path.join(CORPUS, folder), { throwIfNoEntry: false })?.isDirectory());
  return missing.length ? `corpus folders missing: ${missing.map((folder) => path.join(CORPUS, folder)).join(", ")}` : null;
}

export function minimumFiles(folder) {
  const minimum = MINIMUMS.get(folder);
  assert.ok(Number.isInteger(minimum), `corpus_minimums.txt has no minimum for ${folder}`);
  return minimum;
}

/** Fails when a test read fewer files of each kind folder than corpus_minimums.txt allows. */
export function assertFilesRead(test, readPerFolder) {
  for (const folder of KIND_FOLDERS) {
    const read = readPerFolder.get(folder) ?? 0;
    const minimum = minimumFiles(folder);
    assert.ok(read >= minimum, `${test}: read ${read} files of ${path.join(CORPUS, folder)}, expected at least ${minimum} (corpus_minimums.txt)`);
  }
}
