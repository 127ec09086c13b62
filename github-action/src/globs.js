// Globs of `.shipshape.toml`'s `include`/`exclude`, matched as the CLI matches them
// (cli/src/config_loader.rs): globset's defaults, where `*` also crosses `/`, and a relative path
// matches when the glob matches it or one of its ancestors, or, for a glob without `/`, any one
// of its components (so `vendor` and `vendor/**` both exclude `vendor/x/y`).

/** Compile one glob to a RegExp, the way globset does by default. */
export function globToRegExp(pattern) {
  const glob = pattern.trim().replace(/^(\.\/)+/, "").replace(/\/+$/, "");
  let out = "";
  let depth = 0; // inside `{...}`
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === "*") {
      while (glob[i + 1] === "*") i++;
      out += ".*";
    } else if (c === "?") {
      out += ".";
    } else if (c === "[") {
      const close = glob.indexOf("]", i + 2);
      if (close === -1) {
        out += "\\[";
      } else {
        let body = glob.slice(i + 1, close);
        if (body.startsWith("!")) body = "^" + body.slice(1);
        out += "[" + body.replace(/\\/g, "\\\\") + "]";
        i = close;
      }
    } else if (c === "{") {
      depth++;
      out += "(?:";
    } else if (c === "}" && depth > 0) {
      depth--;
      out += ")";
    } else if (c === "," && depth > 0) {
      out += "|";
    } else if (c === "\\" && i + 1 < glob.length) {
      i++;
      out += glob[i].replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    } else {
      out += c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    }
  }
  while (depth-- > 0) out += ")";
  return new RegExp("^" + out + "$");
}

export function compileGlobs(patterns) {
  return patterns.map(globToRegExp);
}

/** `relative` uses `/` separators and no leading `./`. */
export function matchesPath(globs, relative) {
  if (globs.length === 0) return false;
  const parts = relative.split("/").filter((part) => part !== "");
  for (let end = parts.length; end > 0; end--) {
    const path = parts.slice(0, end).join("/");
    const name = parts[end - 1];
    if (globs.some((glob) => glob.test(path) || glob.test(name))) return true;
  }
  return false;
}
