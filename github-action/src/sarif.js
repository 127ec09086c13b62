// SARIF 2.1.0 for GitHub code scanning (`github/codeql-action/upload-sarif`), from the findings
// of `shipshape check --format json`. Only messages, positions and fix replacement texts go in:
// never source text, so a secret's value cannot leak (the core keeps it out of messages).

import { createHash } from "node:crypto";

export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
export const INFORMATION_URI = "https://github.com/shipshape-dev/shipshape";

const LEVEL = { error: "error", warning: "warning", info: "note", hint: "note" };
// GitHub ranks security alerts by this property (critical >= 9.0, high >= 7.0, medium >= 4.0).
const SECURITY_SEVERITY = { error: "8.0", warning: "5.0", info: "2.0", hint: "1.0" };

export function sarifLevel(severity) {
  return LEVEL[severity] ?? "warning";
}

function region(start, end) {
  return {
    startLine: start.line,
    startColumn: start.column,
    endLine: end.line,
    endColumn: end.column,
  };
}

/** A path relative to the repository root as a URI reference (each segment percent-encoded). */
export function pathUri(path) {
  return path.split("/").map(encodeURIComponent).join("/");
}

function location(path) {
  return { uri: pathUri(path), uriBaseId: "%SRCROOT%" };
}

/**
 * Stable across line moves: the rule, the file, the object and the message, plus an occurrence
 * number for findings that share all of those (counted in report order).
 */
export function fingerprints(findings) {
  const counts = new Map();
  return findings.map((finding) => {
    const key = [finding.code, finding.path, finding.object ?? "", finding.message].join("\0");
    const occurrence = counts.get(key) ?? 0;
    counts.set(key, occurrence + 1);
    const hash = createHash("sha256").update(key).digest("hex").slice(0, 32);
    return `${hash}:${occurrence}`;
  });
}

/**
 * @param {{ version: string, rules: import("shipshape-wasm").Rule[], explain: (code: string) => string,
 *   findings: import("shipshape-wasm").Finding[] }} input
 */
export function toSarif({ version, rules, explain, findings }) {
  const ruleIndex = new Map(rules.map((rule, index) => [rule.code, index]));
  const prints = fingerprints(findings);
  return {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "shipshape",
            version,
            semanticVersion: version,
            informationUri: INFORMATION_URI,
            rules: rules.map((rule) => {
              const markdown = explain(rule.code);
              return {
                id: rule.code,
                name: rule.name,
                shortDescription: { text: rule.summary },
                fullDescription: { text: rule.summary },
                helpUri: rule.docs,
                help: { text: markdown, markdown },
                defaultConfiguration: { level: sarifLevel(rule.severity) },
                properties: {
                  tags: ["security", ...rule.kinds],
                  "security-severity": SECURITY_SEVERITY[rule.severity],
                },
              };
            }),
          },
        },
        columnKind: "unicodeCodePoints",
        results: findings.map((finding, index) => {
          const result = {
            ruleId: finding.code,
            level: sarifLevel(finding.severity),
            message: { text: finding.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: location(finding.path),
                  region: region(finding.start, finding.end),
                },
              },
            ],
            partialFingerprints: { "shipshape/v1": prints[index] },
          };
          if (ruleIndex.has(finding.code)) result.ruleIndex = ruleIndex.get(finding.code);
          if (finding.object) result.properties = { object: finding.object };
          if (finding.fixes.length > 0) {
            result.fixes = finding.fixes.map((fix) => ({
              description: {
                text: fix.applicability === "safe" ? fix.title : `${fix.title} (${fix.applicability} fix)`,
              },
              artifactChanges: [
                {
                  artifactLocation: location(finding.path),
                  replacements: fix.edits.map((edit) => ({
                    deletedRegion: region(edit.start, edit.end),
                    insertedContent: { text: edit.new_text },
                  })),
                },
              ],
            }));
          }
          return result;
        }),
      },
    ],
  };
}
