// Entry of the `defradb` CLI (bin/defradb.js, `npm start`). Errors print one line,
// `Error: <message>`, on stderr and exit non-zero; usage is not printed (as cobra is set up).
import { CommanderError } from 'commander';
import { rootCommand } from './root.ts';
import { CliError } from './output.ts';

export async function run(argv: string[], writeErr: (s: string) => void = (s) => { process.stderr.write(s); }): Promise<number> {
  const root = rootCommand();
  root.exitOverride();
  for (const c of allCommands(root)) {
    c.exitOverride();
    c.configureHelp({ showGlobalOptions: true });
    c.configureOutput({ outputError: (str) => writeErr(str.startsWith('error:') ? `Error: ${str.slice(7)}` : str) });
  }
  try {
    await root.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      // help and version displays are "errors" with exit code 0; messages were already printed
      return e.exitCode;
    }
    const msg = e instanceof CliError || e instanceof Error ? e.message : String(e);
    writeErr(`Error: ${msg.split('\n')[0]}\n`);
    return e instanceof CliError ? e.exitCode : 1;
  }
}

function allCommands(c: import('commander').Command): import('commander').Command[] {
  return [c, ...c.commands.flatMap(allCommands)];
}
