// The shipshape VS Code extension: a language client for `shipshape-lsp`.

import * as fs from 'node:fs';

import * as vscode from 'vscode';
import {
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';

import { resolveServerPath } from './serverPath';
import { initializationOptions, trustNotice } from './trust';

let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('shipshape', { log: true });
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('shipshape.restartServer', () => restart(context)),
    // Trusting the folder lets the server load the plugins its .shipshape.toml names.
    vscode.workspace.onDidGrantWorkspaceTrust(() => restart(context)),
    vscode.workspace.onDidChangeConfiguration((event) => {
      // Rule overrides reach the running server as didChangeConfiguration; these need a restart.
      if (
        event.affectsConfiguration('shipshape.enable') ||
        event.affectsConfiguration('shipshape.server')
      ) {
        void restart(context);
      }
    }),
  );
  await start(context);
}

export async function deactivate(): Promise<void> {
  await stop();
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  const config = vscode.workspace.getConfiguration('shipshape');
  if (!config.get<boolean>('enable', true)) return;
  const resolved = resolveServerPath({
    setting: config.get<string | null>('server.path', null),
    extensionPath: context.extensionPath,
    platform: process.platform,
    env: process.env,
    workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
    isFile,
  });
  if ('error' in resolved) {
    void vscode.window.showErrorMessage(resolved.error);
    return;
  }
  const serverOptions: ServerOptions = {
    command: resolved.path,
    args: config.get<string[]>('server.extraArgs', []),
  };
  // Dockerfiles, compose files, manifests and CI YAML (workflows, `.gitlab-ci.yml`) by language;
  // shell scripts and Makefiles by language too (the server publishes nothing for one that runs
  // no container); dev containers and Quadlet units by path, whatever language they are given.
  const selector = [
    ...['dockerfile', 'dockercompose', 'yaml', 'github-actions-workflow', 'shellscript', 'makefile']
      .flatMap((language) => [
        { scheme: 'file', language },
        { scheme: 'untitled', language },
      ]),
    { scheme: 'file', pattern: '**/{.devcontainer.json,.devcontainer/devcontainer.json,.devcontainer/*/devcontainer.json}' },
    { scheme: 'file', pattern: '**/*.{container,pod,kube}' },
  ];
  // In Restricted Mode, VS Code itself returns only the user's values of the settings listed in
  // `capabilities.untrustedWorkspaces.restrictedConfigurations` (server path and arguments).
  const trusted = vscode.workspace.isTrusted;
  output?.info(trustNotice(trusted));
  const clientOptions: LanguageClientOptions = {
    documentSelector: selector,
    // The server reads `rules`, `enable` and `language` from the `shipshape` section, and `loadPlugins`
    // from the initialization options only.
    initializationOptions: initializationOptions({
      enable: config.get<boolean>('enable', true),
      rules: config.get<Record<string, string>>('rules', {}),
      language: config.get<string | null>('language', null),
      trusted,
    }),
    synchronize: { configurationSection: 'shipshape' },
    outputChannel: output,
  };
  client = new LanguageClient('shipshape', 'shipshape', serverOptions, clientOptions);
  await client.start();
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  if (running) await running.stop();
}

async function restart(context: vscode.ExtensionContext): Promise<void> {
  await stop();
  await start(context);
}
