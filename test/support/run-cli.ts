// Runs the real `dropcheck` executable, as a user would, and captures what it printed.
import { execFile, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const cliPath = fileURLToPath(new URL('../../bin/dropcheck.js', import.meta.url));

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const env = { ...process.env, FORCE_COLOR: '0' };

export function runCli(args: readonly string[], cwd: string = repoRoot): CliRun {
  const r = spawnSync(process.execPath, [cliPath, ...args], { cwd, encoding: 'utf8', env, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function runCliAsync(args: readonly string[], cwd: string = repoRoot): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cliPath, ...args], { cwd, env, maxBuffer: 16 * 1024 * 1024, timeout: 120_000 }, (err, stdout, stderr) => {
      const status = err === null ? 0 : typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : null;
      resolve({ status, stdout, stderr });
    });
  });
}

/** Runs several invocations, two at a time (the machine has two cores). */
export async function runAll(argLists: readonly (readonly string[])[]): Promise<CliRun[]> {
  const results: CliRun[] = new Array(argLists.length);
  let next = 0;
  const worker = async () => {
    while (next < argLists.length) {
      const i = next++;
      results[i] = await runCliAsync(argLists[i]!);
    }
  };
  await Promise.all([worker(), worker()]);
  return results;
}
