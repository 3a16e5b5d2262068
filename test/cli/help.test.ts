// Help is asked for (exit 0, on stdout) or given because the command line names no command
// (exit 2, on stderr, as git and npm print their usage and fail when run bare); `help` for a
// command that does not exist is the unknown-command error, one line with its suggestion.
import { describe, expect, it } from 'vitest';
import { runAll } from '../support/run-cli.ts';

const commands = ['check', 'list', 'matrix', 'replay', 'view', 'simulate'];

describe('help', () => {
  it('help, help COMMAND and --help print on stdout and exit 0; bare dropcheck prints the usage on stderr and exits 2; help NAME for an unknown NAME is one line', async () => {
    const [help, helpCheck, dashHelp, bare, unknown] = await runAll([['help'], ['help', 'check'], ['--help'], [], ['help', 'chek']]);
    for (const r of [help!, dashHelp!]) {
      expect(r.status).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdout).toMatch(/^Usage: dropcheck \[options\] \[command\]/);
      for (const c of commands) expect(r.stdout).toMatch(new RegExp(`^  ${c} `, 'm'));
    }
    expect(helpCheck!.status).toBe(0);
    expect(helpCheck!.stderr).toBe('');
    expect(helpCheck!.stdout).toMatch(/^Usage: dropcheck check \[options\]/);
    expect(bare!.status).toBe(2);
    expect(bare!.stdout).toBe('');
    expect(bare!.stderr).toBe(help!.stdout);
    expect(unknown!.status).toBe(2);
    expect(unknown!.stdout).toBe('');
    expect(unknown!.stderr).toBe("dropcheck: unknown command 'chek' (did you mean check?)\n");
  });
});
