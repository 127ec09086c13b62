// Documents used by the end-to-end tests. Each is hardened against every rule except the one the
// test is about, so that rules landing later do not change the expected findings: the compose
// service sets read_only, cap_drop ALL, no-new-privileges and a pids_limit; the Pod container
// sets readOnlyRootFilesystem, allowPrivilegeEscalation false and drops ALL; the Dockerfile is a
// single runtime stage. Variable names are not secret-like (no SS501), so the only finding is the
// AWS-key-like value (SS503, hardcoded-credential).

export const KEY = 'AKIAIOSFODNN7EXAMPLE';

// The value line holds CJK text and an emoji before the key: UTF-16 columns differ from bytes
// (3 bytes per CJK character, 4 per emoji) and from scalar values (the emoji is 2 UTF-16 units).
export const compose = [
  'services:', //                                      0
  '  web:', //                                         1
  '    image: nginx:1.27', //                          2
  '    read_only: true', //                            3
  '    cap_drop: [ALL]', //                            4
  '    security_opt: ["no-new-privileges:true"]', //   5
  '    pids_limit: 100', //                            6
  '    environment:', //                               7
  `      NOTE: "鍵は😀=${KEY}"`, //                   8
  '',
].join('\n');
// `      NOTE: "` is 13 units, 鍵 は 1 each, 😀 2, `=` 1.
export const composeKeyRange = [8, 18, 8, 38];

export const dockerfile = [
  '# syntax=docker/dockerfile:1', //                   0
  'FROM alpine:3.20', //                               1
  `ENV NOTE="鍵は😀=${KEY}"`, //                        2
  'USER 65534', //                                     3
  'CMD ["true"]', //                                   4
  '',
].join('\n');
// `ENV NOTE="` is 10 units.
export const dockerfileKeyRange = [2, 15, 2, 35];

export const pod = [
  'apiVersion: v1', //                                 0
  'kind: Pod', //                                      1
  'metadata:', //                                      2
  '  name: api', //                                    3
  'spec:', //                                          4
  '  containers:', //                                  5
  '    - name: app', //                                6
  '      image: nginx:1.27', //                        7
  '      securityContext:', //                         8
  '        readOnlyRootFilesystem: true', //           9
  '        allowPrivilegeEscalation: false', //       10
  '        capabilities:', //                         11
  '          drop: ["ALL"]', //                       12
  '      env:', //                                    13
  '        - name: NOTE', //                          14
  `          value: "${KEY}"`, //                     15
  '',
].join('\n');
export const podKeyRange = [15, 18, 15, 38];

// Plain YAML that is neither compose nor Kubernetes: no diagnostics at all, even with a key.
export const values = ['replicaCount: 2', `note: "${KEY}"`, ''].join('\n');

// A Helm template: not YAML. core reports one SS000 at the first `{{` and skips the file.
export const helmTemplate = [
  'apiVersion: apps/v1', //                            0
  'kind: Deployment', //                               1
  'metadata:', //                                      2
  '  name: {{ .Release.Name }}', //                    3
  '',
].join('\n');
export const helmRange = [3, 8, 3, 10];

// Broken YAML in a compose file: one SS000 where the parser gave up.
export const brokenCompose = ['services:', '  web: [', ''].join('\n');
export const brokenRange = [2, 0, 2, 0];

// Two services whose drop lists keep NET_RAW (SS302, safe fix: add it; SS301, unsafe fix: add
// ALL) and a suppression that suppresses nothing (SS002, safe fix: remove it). Otherwise
// hardened.
const service = (name) => [
  `  ${name}:`,
  '    image: nginx:1.27',
  '    read_only: true',
  '    cap_drop: [CHOWN]',
  '    security_opt: ["no-new-privileges:true"]',
  '    pids_limit: 100',
];
export const fixable = [
  'services:', //                                      0
  ...service('web'), //                                1-6 (cap_drop on 4)
  '  # shipshape ignore=SS101', //                     7
  ...service('api'), //                                8-13 (cap_drop on 11)
  '',
].join('\n');
