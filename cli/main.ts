// The CLI only wires commands: each command parses its flags, runs a pipeline of checker stages
// and reports. Input errors end here as one line on stderr and exit code 2.
import { Command, CommanderError } from 'commander';
import { InputError, ModelError } from '../checker/errors.ts';
import { commanderErrorLine, errorLine } from './error-line.ts';
import { clearStatusLine } from './status-line.ts';
import { registerCheck } from './commands/check.ts';
import { registerList } from './commands/list.ts';
import { registerMatrix } from './commands/matrix.ts';
import { registerReplay } from './commands/replay.ts';
import { registerView } from './commands/view.ts';
import { registerSimulate } from './commands/simulate.ts';
import { registerWorker } from './commands/worker.ts';

// A reader that stops early (`dropcheck list | head`) is not an error: stop quietly, as Unix tools do.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

const program = new Command();
program
  .name('dropcheck')
  .description('An explicit-state model checker, with a model of dropping a streaming job while its state is flushed and compacted')
  .version('0.1.0')
  .showSuggestionAfterError(true)
  .exitOverride()
  .configureOutput({ outputError: (str, write) => write(`${commanderErrorLine(str)}\n`) });
registerCheck(program);
registerList(program);
registerMatrix(program);
registerReplay(program);
registerView(program);
registerSimulate(program);
registerWorker(program);

for (const cmd of program.commands) cmd.exitOverride();

// `help NAME` for a NAME that is no command is the error `NAME` alone gives (one line, with its
// suggestion), where commander would print the whole help; so is `help --option`.
const args = process.argv.slice(2);
const helpForNothing = args[0] === 'help' && args.length > 1 && !program.commands.some((c) => c.name() === args[1] || c.aliases().includes(args[1]!));

try {
  await program.parseAsync(helpForNothing ? args.slice(1) : args, { from: 'user' });
} catch (e) {
  clearStatusLine(); // a progress line on the terminal gives way to the message
  if (e instanceof CommanderError) {
    // Help and version are successful exits; commander already printed the one-line error otherwise.
    process.exitCode = e.exitCode === 0 || e.code === 'commander.helpDisplayed' || e.code === 'commander.version' ? 0 : 2;
  } else if (e instanceof InputError) {
    process.stderr.write(`${errorLine(e.message)}\n`);
    process.exitCode = 2;
  } else {
    // Thrown by a model's code (or a dropcheck bug): one line and no partial result; the model
    // module is input like any other. DROPCHECK_DEBUG=1 shows the stack.
    const err = e as Error;
    const what = e instanceof ModelError ? 'model error' : 'error while running the model';
    process.stderr.write(`${errorLine(`${what}: ${err?.message ?? String(e)}`)}\n`);
    if (process.env.DROPCHECK_DEBUG) process.stderr.write(`${err?.stack}\n`);
    process.exitCode = 2;
  }
}
