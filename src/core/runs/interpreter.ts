import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, extname, isAbsolute, join } from 'node:path';
import { UserError } from '../errors';

/** How a script is run by file type; `${python}` stands for the Python interpreter chosen by the user. */
export const defaultInterpreters: Record<string, string> = {
  '.py': '${python}',
  '.sh': 'bash',
  '.bash': 'bash',
  '.js': 'node',
  '.mjs': 'node',
  '.cjs': 'node',
  '.r': 'Rscript',
  '.jl': 'julia',
  '.rb': 'ruby',
  '.pl': 'perl',
};

/** The first executable named `command` on PATH (or the path itself when it has a slash). */
export function findExecutable(command: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const canRun = (path: string) => {
    try {
      accessSync(path, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  };
  if (command.includes('/')) return canRun(command) ? command : undefined;
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir && canRun(join(dir, command))) return join(dir, command);
  }
  return undefined;
}

/**
 * The argument array that runs `script`: interpreter words from the user's map (e.g. {".py": "python3 -u"}) over
 * the defaults. Says what to set when the file type is unknown or the interpreter is not installed.
 */
export function resolveInterpreter(script: string, options: { overrides?: Record<string, string>; python?: string; env?: NodeJS.ProcessEnv } = {}): string[] {
  const ext = extname(script).toLowerCase();
  const map = { ...defaultInterpreters, ...Object.fromEntries(Object.entries(options.overrides ?? {}).map(([k, v]) => [k.toLowerCase(), v])) };
  const template = map[ext];
  if (!template) {
    throw new UserError(`mlcycle does not know how to run ${ext || 'files without an extension'} files. Add an interpreter for "${ext}" in the setting mlcycle.interpreters, e.g. { "${ext || '.ext'}": "my-runner" }.`);
  }
  const words = template.replace('${python}', options.python || 'python3').trim().split(/\s+/);
  if (!findExecutable(words[0], options.env)) {
    const hint = ext === '.py' ? 'Install Python 3, select an interpreter in the Python extension, or set mlcycle.pythonPath.' : `Install it or set its path in mlcycle.interpreters["${ext}"].`;
    throw new UserError(`The interpreter "${words[0]}" for ${ext} scripts was not found. ${hint}`);
  }
  return words;
}

export function assertScriptExists(script: string, cwd: string): string {
  const path = isAbsolute(script) ? script : join(cwd, script);
  if (!existsSync(path)) throw new UserError(`The script ${script} does not exist${isAbsolute(script) ? '' : ` in ${cwd}`}. Check its path, or open it and run the active editor's script.`);
  return path;
}
