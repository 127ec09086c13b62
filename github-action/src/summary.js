// The job summary: totals, then one table per file with findings.

const ORDER = ["error", "warning", "info", "hint"];

export function escapeHtml(text) {
  return String(text)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

export function plural(count, word) {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

/** "2 errors, 1 warning" (severities with no finding left out). */
export function countsText(findings) {
  const parts = [];
  for (const severity of ORDER) {
    const count = findings.filter((finding) => finding.severity === severity).length;
    if (count > 0) parts.push(severity === "info" ? `${count} info` : plural(count, severity));
  }
  return parts.join(", ");
}

/** Writes the summary through `@actions/core`'s `summary` (which appends to GITHUB_STEP_SUMMARY). */
export function buildSummary(summary, { files, findings, failed, threshold }) {
  summary.addHeading("shipshape", 2);
  const checked = plural(files.length, "file");
  if (findings.length === 0) {
    summary.addRaw(`<p>No findings in ${checked} checked.</p>`, true);
  } else {
    const withFindings = new Set(findings.map((finding) => finding.path)).size;
    summary.addRaw(
      `<p>${plural(findings.length, "finding")} (${countsText(findings)}) in ${plural(withFindings, "file")} of ${checked} checked.` +
        (threshold ? ` ${failed ? "Failing" : "Passing"}: fail-on is <code>${threshold}</code>.` : "") +
        "</p>",
      true,
    );
  }
  const byPath = new Map();
  for (const finding of findings) {
    if (!byPath.has(finding.path)) byPath.set(finding.path, []);
    byPath.get(finding.path).push(finding);
  }
  for (const [path, list] of byPath) {
    summary.addHeading(`<code>${escapeHtml(path)}</code>`, 3);
    summary.addTable([
      [
        { data: "Line", header: true },
        { data: "Severity", header: true },
        { data: "Rule", header: true },
        { data: "Object", header: true },
        { data: "Message", header: true },
      ],
      ...list.map((finding) => [
        `${finding.start.line}:${finding.start.column}`,
        finding.severity,
        `<a href="${escapeHtml(finding.docs)}">${escapeHtml(finding.code)}</a> ${escapeHtml(finding.name)}`,
        escapeHtml(finding.object ?? ""),
        escapeHtml(finding.message),
      ]),
    ]);
  }
  return summary;
}
