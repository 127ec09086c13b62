// Where the `shipshape-lsp` binary comes from, in order: the `shipshape.server.path` setting, the
// binary bundled in the extension (`server/shipshape-lsp`), then `shipshape-lsp` on PATH.
// A pure function (all I/O passed in) so that it can be unit tested.

import * as path from 'node:path';

export interface ServerPathInputs {
  /** The `shipshape.server.path` setting. */
  setting: string | null | undefined;
  /** The extension's install directory. */
  extensionPath: string;
  platform: NodeJS.Platform;
  env: { PATH?: string; Path?: string; HOME?: string; USERPROFILE?: string };
  /** The first workspace folder, against which a relative setting is resolved. */
  workspaceFolder?: string;
  /** Whether `file` exists and is a file. */
  isFile: (file: string) => boolean;
}

export type ServerPath =
  | { path: string; source: 'setting' | 'bundled' | 'path' }
  | { error: string };

export function serverBinaryName(platform: NodeJS.Platform): string {
  return platform === 'win32' ? 'shipshape-lsp.exe' : 'shipshape-lsp';
}

export function resolveServerPath(inputs: ServerPathInputs): ServerPath {
  const p = inputs.platform === 'win32' ? path.win32 : path.posix;
  const binary = serverBinaryName(inputs.platform);
  const setting = inputs.setting?.trim();
  if (setting) {
    let file = setting;
    const home = inputs.env.HOME ?? inputs.env.USERPROFILE;
    if (home && (file === '~' || file.startsWith('~/') || file.startsWith('~\\'))) {
      file = p.join(home, file.slice(1));
    }
    if (inputs.workspaceFolder) {
      file = file.replace(/\$\{workspaceFolder\}/g, inputs.workspaceFolder);
      if (!p.isAbsolute(file)) file = p.join(inputs.workspaceFolder, file);
    }
    if (inputs.isFile(file)) return { path: file, source: 'setting' };
    return {
      error: `shipshape.server.path is set to "${setting}", but ${file} does not exist. Fix the setting, or clear it to use the bundled server.`,
    };
  }
  const bundled = p.join(inputs.extensionPath, 'server', binary);
  if (inputs.isFile(bundled)) return { path: bundled, source: 'bundled' };
  const searchPath = inputs.env.PATH ?? inputs.env.Path ?? '';
  const delimiter = inputs.platform === 'win32' ? ';' : ':';
  for (const dir of searchPath.split(delimiter)) {
    if (!dir) continue;
    const candidate = p.join(dir, binary);
    if (inputs.isFile(candidate)) return { path: candidate, source: 'path' };
  }
  return {
    error: `Cannot find ${binary}: it is not bundled with this extension and not on PATH. Install it (cargo install --path lsp in the shipshape repository) or set shipshape.server.path.`,
  };
}
