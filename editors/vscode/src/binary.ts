// Finding the `copydesk` binary: the `copydesk.path` setting, else `PATH`.
//
// No `vscode` import: the unit tests run this against real files.

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const NOT_ON_PATH =
  'copydesk was not found on PATH. Install it with `cargo install --path .` from the copydesk repository, or set copydesk.path.';

export function notExecutable(setting: string, resolved: string): string {
  const shown = setting === resolved ? `"${setting}"` : `"${setting}" (${resolved})`;
  return (
    `copydesk.path is set to ${shown}, which is not an executable file. ` +
    'Point copydesk.path at the copydesk binary, or clear it to use copydesk from PATH ' +
    '(install it with `cargo install --path .` from the copydesk repository).'
  );
}

export type Found = { ok: true; path: string } | { ok: false; message: string };

export interface Environment {
  /** The `PATH` variable. */
  path: string | undefined;
  /** `PATHEXT` on Windows. */
  pathext?: string | undefined;
  platform: NodeJS.Platform;
  /** The first workspace folder, against which a relative `copydesk.path` is resolved. */
  workspaceFolder?: string | undefined;
  home?: string;
}

export function currentEnvironment(workspaceFolder: string | undefined): Environment {
  return {
    path: process.env['PATH'],
    pathext: process.env['PATHEXT'],
    platform: process.platform,
    workspaceFolder,
    home: os.homedir(),
  };
}

function isExecutableFile(file: string, platform: NodeJS.Platform): boolean {
  try {
    if (!fs.statSync(file).isFile()) {
      return false;
    }
    if (platform !== 'win32') {
      fs.accessSync(file, fs.constants.X_OK);
    }
    return true;
  } catch {
    return false;
  }
}

/** Candidate file names for `name`: itself, and on Windows with each of `PATHEXT`. */
function candidates(file: string, env: Environment): string[] {
  if (env.platform !== 'win32' || path.extname(file) !== '') {
    return [file];
  }
  const exts = (env.pathext ?? '.EXE;.CMD;.BAT;.COM').split(';').filter((e) => e !== '');
  return [file, ...exts.map((ext) => file + ext.toLowerCase())];
}

/**
 * Resolves the server binary. `setting` is `copydesk.path`: empty or unset means `copydesk` on
 * `PATH`; `~` is the home folder; a relative path is relative to the workspace folder.
 */
export function findBinary(setting: string | undefined, env: Environment): Found {
  const configured = (setting ?? '').trim();
  if (configured !== '') {
    let resolved = configured;
    if (resolved === '~' || resolved.startsWith('~/')) {
      resolved = path.join(env.home ?? os.homedir(), resolved.slice(1));
    } else if (!path.isAbsolute(resolved) && env.workspaceFolder !== undefined && /[\\/]/.test(resolved)) {
      resolved = path.resolve(env.workspaceFolder, resolved);
    }
    if (path.isAbsolute(resolved)) {
      const hit = candidates(resolved, env).find((c) => isExecutableFile(c, env.platform));
      return hit !== undefined ? { ok: true, path: hit } : { ok: false, message: notExecutable(configured, resolved) };
    }
    // A bare name ("copydesk-nightly"): look it up on PATH like a shell would.
    const hit = searchPath(resolved, env);
    return hit !== undefined ? { ok: true, path: hit } : { ok: false, message: notExecutable(configured, resolved) };
  }
  const hit = searchPath('copydesk', env);
  return hit !== undefined ? { ok: true, path: hit } : { ok: false, message: NOT_ON_PATH };
}

function searchPath(name: string, env: Environment): string | undefined {
  const separator = env.platform === 'win32' ? ';' : ':';
  for (const dir of (env.path ?? '').split(separator)) {
    if (dir === '') {
      continue;
    }
    const hit = candidates(path.join(dir, name), env).find((c) => isExecutableFile(c, env.platform));
    if (hit !== undefined) {
      return hit;
    }
  }
  return undefined;
}
