// Workspace Trust: what the extension tells the server, and what it says, in a folder the user
// has not trusted (Restricted Mode). A pure module (no `vscode` import) so that it can be unit
// tested.
//
// In Restricted Mode the built-in checks still run (they only read the files), but plugins named
// by the folder's `.shipshape.toml` are not loaded: they are sandboxed, but they are still code
// the folder chose. `loadPlugins` is read by the server from the initialization options only
// (never from `workspace/didChangeConfiguration`, which a folder's `.vscode/settings.json` can
// feed), and the extension restarts the server when the folder becomes trusted.

export interface InitializationInputs {
  enable: boolean;
  rules: Record<string, string>;
  /** `shipshape.language`; `null`: the editor's display language (initialize's `locale`). */
  language?: string | null;
  /** `vscode.workspace.isTrusted`. */
  trusted: boolean;
}

export interface InitializationOptions {
  enable: boolean;
  rules: Record<string, string>;
  language?: string;
  /** `false`: do not load the plugins `.shipshape.toml` names. */
  loadPlugins: boolean;
}

export function initializationOptions(inputs: InitializationInputs): InitializationOptions {
  const options: InitializationOptions = {
    enable: inputs.enable,
    rules: inputs.rules,
    loadPlugins: inputs.trusted,
  };
  // Sent from the start, so that the first diagnostics are already in that language.
  if (inputs.language) options.language = inputs.language;
  return options;
}

/** The line written to the `shipshape` output channel when the server starts. */
export function trustNotice(trusted: boolean): string {
  return trusted
    ? 'Trusted workspace: plugins named by .shipshape.toml are loaded.'
    : 'Restricted Mode: the built-in checks run, but plugins named by .shipshape.toml are not loaded, and shipshape.server.path and shipshape.server.extraArgs come from user settings only. Trust this folder to load its plugins.';
}
