// The client capabilities VS Code announces for this extension, computed by the very
// vscode-languageclient the extension ships: its `computeClientCapabilities()` runs against a
// stand-in `vscode` module that answers every property, since capabilities do not depend on
// the editor's state.

import Module = require('module');

import type { ClientCapabilities } from 'vscode-languageserver-protocol';

/** The VS Code version the stand-in reports; the engine the extension targets. */
export const VSCODE_VERSION = '1.82.0';

/** An object that has every property, each itself such an object, callable and constructible. */
function anything(name: string): unknown {
  const target = function () {
    return undefined;
  };
  return new Proxy(target, {
    get(_target, property) {
      if (property === 'then') {
        return undefined; // not a promise
      }
      if (property === Symbol.toPrimitive) {
        return () => name;
      }
      return anything(`${name}.${String(property)}`);
    },
    apply() {
      return anything(`${name}()`);
    },
    construct() {
      return anything(`new ${name}`) as object;
    },
  });
}

function vscodeStandIn(): unknown {
  const rest = anything('vscode') as Record<string | symbol, unknown>;
  return new Proxy(
    {},
    {
      get(_target, property) {
        if (property === 'version') {
          return VSCODE_VERSION;
        }
        if (property === 'env') {
          return { appName: 'Visual Studio Code', language: 'en' };
        }
        return rest[property];
      },
    },
  );
}

interface CapabilitiesSource {
  computeClientCapabilities(): ClientCapabilities;
}

let cached: ClientCapabilities | undefined;

export function vscodeClientCapabilities(): ClientCapabilities {
  if (cached !== undefined) {
    return structuredClone(cached);
  }
  type Load = (request: string, ...rest: unknown[]) => unknown;
  const loader = Module as unknown as { _load: Load };
  const original = loader._load;
  const standIn = vscodeStandIn();
  loader._load = function (this: unknown, request: string, ...rest: unknown[]): unknown {
    return request === 'vscode' ? standIn : original.call(this, request, ...rest);
  };
  try {
    const { LanguageClient } = require('vscode-languageclient/node') as typeof import('vscode-languageclient/node');
    const client = new LanguageClient(
      'copydesk',
      'copydesk',
      { command: 'copydesk', args: ['lsp'] },
      { documentSelector: [{ language: 'plaintext' }, { language: 'news' }] },
    );
    cached = (client as unknown as CapabilitiesSource).computeClientCapabilities();
  } finally {
    loader._load = original;
  }
  return structuredClone(cached);
}
