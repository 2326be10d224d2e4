// Loaded before the extension by every unit test: `require('vscode')` and
// `require('vscode-languageclient/node')` resolve to the stubs in ./stubs.

import Module = require('module');

const stubs: Record<string, string> = {
  vscode: require.resolve('./stubs/vscode'),
  'vscode-languageclient/node': require.resolve('./stubs/languageclient'),
};

type Resolve = (request: string, ...rest: unknown[]) => string;
const internals = Module as unknown as { _resolveFilename: Resolve };
const original = internals._resolveFilename;
internals._resolveFilename = function (this: unknown, request: string, ...rest: unknown[]): string {
  const stub = stubs[request];
  return stub !== undefined ? stub : original.call(this, request, ...rest);
};
