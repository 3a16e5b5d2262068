// Output paths (--trace-out, --out-dir) are checked before a search starts, so that a run that
// cannot save its result fails at once instead of after minutes of work. Nothing is created here.
import { accessSync, constants, realpathSync, statSync, statfsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InputError } from '../checker/errors.ts';

/**
 * Kernel pseudo-file systems (statfs magic numbers): their files are interfaces to the kernel,
 * not storage. Writing there fails late, changes kernel settings (as root), or never returns
 * (Node's recursive mkdir loops on /proc).
 */
const PSEUDO_FILE_SYSTEMS: ReadonlyMap<number, string> = new Map([
  [0x9fa0, 'proc'],
  [0x62656572, 'sysfs'],
  [0x1cd1, 'devpts'],
  [0x27e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
  [0x64626720, 'debugfs'],
  [0x74726163, 'tracefs'],
  [0x73636673, 'securityfs'],
  [0xcafe4a11, 'bpf'],
  [0x62656570, 'configfs'],
  [0x6165676c, 'pstore'],
  [0xde5e81e4, 'efivarfs'],
]);

const code = (e: unknown): string => (e as NodeJS.ErrnoException).code ?? String(e);

/** The nearest existing directory at or above `dir`: a directory that would be created goes there. */
function existingAncestor(flag: string, dir: string): string {
  let d = resolve(dir);
  for (;;) {
    try {
      if (statSync(d).isDirectory()) return d;
      throw new InputError(`${flag}: ${d} is not a directory`);
    } catch (e) {
      if (e instanceof InputError) throw e;
      if (code(e) !== 'ENOENT') throw new InputError(`${flag}: cannot write under ${d}: ${code(e)}`);
    }
    const up = dirname(d);
    if (up === d) throw new InputError(`${flag}: no existing directory above ${dir}`);
    d = up;
  }
}

/** Refuses a directory on a pseudo-file system or one this process may not write to. */
function assertWritableDirectory(flag: string, dir: string): void {
  try {
    const fs = PSEUDO_FILE_SYSTEMS.get(Number(statfsSync(dir).type));
    if (fs !== undefined) throw new InputError(`${flag}: ${dir} is on the kernel's ${fs} file system, not storage`);
    accessSync(dir, constants.W_OK | constants.X_OK);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`${flag}: cannot write in ${dir}: ${code(e)}`);
  }
}

/** `--trace-out FILE`: a regular file (or none yet) in an existing, writable directory. */
export function assertWritableFile(flag: string, file: string): void {
  let path = resolve(file);
  let exists = true;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new InputError(`${flag} ${file}: ${st.isDirectory() ? 'is a directory' : 'exists and is not a regular file'}`);
    path = realpathSync(path); // a link is judged by where it leads
  } catch (e) {
    if (e instanceof InputError) throw e;
    if (code(e) !== 'ENOENT') throw new InputError(`${flag} ${file}: cannot write: ${code(e)}`);
    exists = false;
  }
  const dir = dirname(path);
  if (!exists) {
    try {
      if (!statSync(dir).isDirectory()) throw new InputError(`${flag} ${file}: ${dir} is not a directory`);
    } catch (e) {
      if (e instanceof InputError) throw e;
      throw new InputError(`${flag} ${file}: cannot write: ${code(e) === 'ENOENT' ? `no directory ${dir}` : code(e)}`);
    }
  }
  assertWritableDirectory(`${flag} ${file}`, dir);
}

/** `--out-dir DIR`: a directory, existing or to be created under an existing, writable one. */
export function assertWritableOutDir(flag: string, dir: string): void {
  const path = resolve(dir);
  const base = existingAncestor(`${flag} ${dir}`, path);
  assertWritableDirectory(`${flag} ${dir}`, base);
}
