// Positions: the findings count 1-based lines and columns in Unicode scalar values (as the CLI's
// JSON does); CodeMirror counts UTF-16 code units from the start of the document.

/**
 * The document offset of a finding position. Out-of-range positions are clamped; a column one
 * past the end of a line is the line break itself.
 * @param {import('@codemirror/state').Text} doc
 * @param {{line: number, column: number}} position
 */
export function toOffset(doc, { line, column }) {
  if (!(line >= 1)) return 0;
  if (line > doc.lines) return doc.length;
  const { from, text } = doc.line(line);
  let index = 0;
  let remaining = Math.max(0, column - 1);
  while (remaining > 0 && index < text.length) {
    const code = text.codePointAt(index) ?? 0;
    index += code > 0xffff ? 2 : 1;
    remaining -= 1;
  }
  return Math.min(doc.length, from + index + remaining);
}

/** The CodeMirror changes of a fix's edits (all relative to the checked document). */
export function fixChanges(doc, fix) {
  return fix.edits.map((edit) => ({
    from: toOffset(doc, edit.start),
    to: toOffset(doc, edit.end),
    insert: edit.new_text,
  }));
}

/** One change turning `before` into `after`: the common prefix and suffix are kept. */
export function minimalChange(before, after) {
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start += 1;
  let end = 0;
  while (
    end < max - start &&
    before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)
  ) {
    end += 1;
  }
  return { from: start, to: before.length - end, insert: after.slice(start, after.length - end) };
}
