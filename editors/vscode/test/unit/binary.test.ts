import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';

import { type Environment, findBinary, NOT_ON_PATH } from '../../src/binary';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'copydesk-binary-'));
after(() => fs.rmSync(root, { recursive: true, force: true }));

function file(relative: string, mode: number): string {
  const full = path.join(root, relative);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  fs.writeFileSync(full, '#!/bin/sh\n');
  fs.chmodSync(full, mode);
  return full;
}

const onPath = file('bin/copydesk', 0o755);
const notExecutable = file('plain/copydesk', 0o644);
const custom = file('workspace/tools/copydesk-dev', 0o755);
file('home/.cargo/bin/copydesk', 0o755);

function env(overrides: Partial<Environment> = {}): Environment {
  return {
    path: [path.join(root, 'empty'), path.join(root, 'bin')].join(':'),
    platform: 'linux',
    workspaceFolder: path.join(root, 'workspace'),
    home: path.join(root, 'home'),
    ...overrides,
  };
}

describe('findBinary', () => {
  it('finds copydesk on PATH when copydesk.path is empty', () => {
    assert.deepEqual(findBinary('', env()), { ok: true, path: onPath });
    assert.deepEqual(findBinary(undefined, env()), { ok: true, path: onPath });
    assert.deepEqual(findBinary('   ', env()), { ok: true, path: onPath });
  });

  it('says how to install it when it is not on PATH', () => {
    const found = findBinary('', env({ path: path.join(root, 'plain') }));
    assert.deepEqual(found, { ok: false, message: NOT_ON_PATH });
    assert.equal(
      NOT_ON_PATH,
      'copydesk was not found on PATH. Install it with `cargo install --path .` from the copydesk repository, or set copydesk.path.',
    );
    assert.deepEqual(findBinary(undefined, env({ path: undefined })), { ok: false, message: NOT_ON_PATH });
  });

  it('uses copydesk.path when it names an executable file', () => {
    assert.deepEqual(findBinary(custom, env({ path: '' })), { ok: true, path: custom });
  });

  it('resolves ~ and paths relative to the workspace folder', () => {
    assert.deepEqual(findBinary('~/.cargo/bin/copydesk', env()), {
      ok: true,
      path: path.join(root, 'home/.cargo/bin/copydesk'),
    });
    assert.deepEqual(findBinary('tools/copydesk-dev', env()), { ok: true, path: custom });
    assert.deepEqual(findBinary('./tools/copydesk-dev', env()), { ok: true, path: custom });
  });

  it('looks a bare name up on PATH', () => {
    assert.deepEqual(findBinary('copydesk', env()), { ok: true, path: onPath });
  });

  it('names the setting and the fix when copydesk.path is wrong', () => {
    for (const setting of [notExecutable, path.join(root, 'missing/copydesk'), path.join(root, 'bin')]) {
      const found = findBinary(setting, env());
      assert.equal(found.ok, false, setting);
      if (!found.ok) {
        assert.match(found.message, /^copydesk\.path is set to "/);
        assert.ok(found.message.includes(setting), found.message);
        assert.match(found.message, /not an executable file/);
        assert.match(found.message, /clear it to use copydesk from PATH/);
      }
    }
  });

  it('tries PATHEXT on Windows', () => {
    const exe = file('winbin/copydesk.exe', 0o644);
    const found = findBinary('', env({ platform: 'win32', path: path.join(root, 'winbin'), pathext: '.COM;.EXE' }));
    assert.deepEqual(found, { ok: true, path: exe });
  });
});
